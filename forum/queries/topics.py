"""Topic lists (latest, unread, new, a community's, a category's) and the topic a page opens.
Each list row carries the reader's state (what is new and unread to them)."""

from flask import current_app
from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.extensions import db
from forum.models import Category, Community, Membership, Post, SiteState, Topic, TopicUser
from forum.models.base import MAX_ID
from forum.queries import reading
from forum.queries.paging import Page, count


def listed(user, *, hide_muted=True, read_only=False, members_only=False):
    """Visible, listed topics. For a signed-in user, joined to their read state and their
    membership of the topic's community, which the reading clauses need: outer joins, or
    inner ones for read_only (topics they have a read state of) and members_only (of their
    communities), so that the database starts from those few rows. hide_muted leaves out the
    topics and communities they muted."""
    stmt = (
        select(Topic)
        .join(Topic.community)
        .where(permissions.visible_communities_clause(user), Topic.deleted_at.is_(None), Topic.unlisted.is_(False))
    )
    if not permissions.is_authenticated(user):
        return stmt
    stmt = stmt.join(TopicUser, reading.state_join(user), isouter=not read_only).join(
        Membership, reading.membership_join(user), isouter=not members_only
    )
    return stmt.where(reading.not_muted_clause()) if hide_muted else stmt


def _unread(user):
    return listed(user, read_only=True).where(reading.unread_clause())


def _new(user):
    return listed(user, members_only=True).where(reading.new_clause(user))


def paginate_topics(user, stmt, page) -> Page:
    """A page of topics, each given its .reading (what is new and unread to the user)."""
    stmt = stmt.options(
        joinedload(Topic.author),
        joinedload(Topic.last_poster),
        joinedload(Topic.category),
        joinedload(Topic.community),
    )
    if permissions.is_authenticated(user):
        stmt = stmt.add_columns(TopicUser.last_read_post_number, TopicUser.notification_level, reading.new_clause(user))
    else:
        stmt = stmt.add_columns(literal(None), literal(None), literal(False))
    per_page = current_app.config["TOPICS_PER_PAGE"]
    rows = db.session.execute(stmt.limit(per_page + 1).offset((page - 1) * per_page)).all()
    topics = []
    for topic, last_read, level, new in rows[:per_page]:
        topic.reading = reading.reading_of(topic, last_read, level, bool(new))
        topics.append(topic)
    return Page(items=topics, number=page, has_next=len(rows) > per_page)


def latest_topics(user, page=1) -> Page:
    stmt = listed(user).order_by(Topic.pinned_globally.desc(), Topic.bumped_at.desc(), Topic.id.desc())
    return paginate_topics(user, stmt, page)


def unread_topics(user, page=1) -> Page:
    """Topics the user tracks or watches that have posts they have not read, latest first."""
    return paginate_topics(user, _unread(user).order_by(Topic.bumped_at.desc(), Topic.id.desc()), page)


def new_topics(user, page=1) -> Page:
    """Topics of the user's communities they have not opened since they became new, newest first."""
    return paginate_topics(user, _new(user).order_by(Topic.created_at.desc(), Topic.id.desc()), page)


def digest_topics(user, since, limit) -> list[Topic]:
    """The summary email's topics: active since `since` in the user's communities, not muted,
    with posts the user has not read; the busiest first."""
    stmt = (
        listed(user)
        .where(
            Membership.user_id.is_not(None),
            Topic.last_posted_at > since,
            func.coalesce(TopicUser.last_read_post_number, 0) < Topic.highest_post_number,
        )
        .options(joinedload(Topic.community), joinedload(Topic.last_poster))
        .order_by((Topic.posts_count + Topic.like_count).desc(), Topic.last_posted_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def count_unread(user) -> int:
    """How many topics unread_topics lists, all pages together."""
    return count(_unread(user))


def count_new(user) -> int:
    """How many topics new_topics lists, all pages together."""
    return count(_new(user))


# Filters of topic lists by whether a hard question has its answer.
STATUSES = ("solved", "unsolved")


def _status_clause(status):
    """Solved: topics with an accepted answer or a synthesis. Unsolved: hard questions
    without either."""
    if status == "solved":
        return Topic.accepted_post_id.is_not(None)
    questions = select(Category.id).where(Category.kind == "questions").scalar_subquery()
    return and_(Topic.accepted_post_id.is_(None), Topic.category_id == questions)


def community_topics(user, community, *, category=None, status=None, page=1) -> Page:
    stmt = listed(user, hide_muted=False).where(Topic.community_id == community.id)
    if category is not None:
        stmt = stmt.where(Topic.category_id == category.id)
    if status in STATUSES:
        stmt = stmt.where(_status_clause(status))
    stmt = stmt.order_by(Topic.pinned.desc(), Topic.bumped_at.desc(), Topic.id.desc())
    return paginate_topics(user, stmt, page)


def category_topics(user, category, *, status=None, page=1) -> Page:
    stmt = listed(user).where(Topic.category_id == category.id)
    if status in STATUSES:
        stmt = stmt.where(_status_clause(status))
    stmt = stmt.order_by(Topic.bumped_at.desc(), Topic.id.desc())
    return paginate_topics(user, stmt, page)


def viewable_topic(user, topic_id) -> Topic | None:
    """The topic, or None when it does not exist or the user may not see it (both 404)."""
    if not 0 < topic_id <= MAX_ID:
        return None
    stmt = (
        select(Topic)
        .where(Topic.id == topic_id)
        .options(
            joinedload(Topic.community),
            joinedload(Topic.category),
            joinedload(Topic.author),
            joinedload(Topic.accepted_post).joinedload(Post.author),
        )
    )
    topic = db.session.scalars(stmt).first()
    if topic is None or not permissions.can_view_topic(user, topic):
        return None
    return topic


def site_page_stamp() -> int:
    """The stamp the names and labels shown on every page renew (SiteState.page_stamp)."""
    return db.session.scalar(select(SiteState.page_stamp).where(SiteState.id == 1)) or 0


def lists_page_stamp() -> tuple[int, ...]:
    """The stamp of lists across communities (the latest, a category's): every community's."""
    return tuple(db.session.scalars(select(Community.page_stamp).order_by(Community.id)))


def merged_into_id(topic_id) -> int | None:
    """The topic a topic was merged into, if it was."""
    return db.session.scalar(select(Topic.merged_into_id).where(Topic.id == topic_id))
