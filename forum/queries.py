"""Read queries for pages. Each returns everything a page prints in a fixed number of
statements, whatever the number of rows, and only what the user may see."""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.extensions import db
from forum.models import (Bookmark, Category, Community, Flag, Invitation, JoinRequest, LibraryEntry, Membership,
                          Nomination, Post, Reaction, StaffAction, Topic, TopicUser, User)
from forum.models.base import MAX_ID, utcnow
from forum.models.library import GRADES, SUBJECTS
from forum.services import reading
from forum.text import fold_key

MAX_PAGE = 1000


@dataclass
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1


def clamp_page(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _paginate(stmt, page, per_page) -> Page:
    rows = list(db.session.scalars(stmt.limit(per_page + 1).offset((page - 1) * per_page)).unique())
    return Page(items=rows[:per_page], number=page, has_next=len(rows) > per_page)


def _listed(user, *, hide_muted=True):
    """Visible, listed topics. For a signed-in user, joined (outer) to their read state and
    their membership of the topic's community, which the reading clauses need; hide_muted
    leaves out the topics and communities they muted."""
    stmt = (
        select(Topic)
        .join(Topic.community)
        .where(permissions.visible_communities_clause(user), Topic.deleted_at.is_(None), Topic.unlisted.is_(False))
    )
    if not permissions.is_authenticated(user):
        return stmt
    stmt = stmt.outerjoin(TopicUser, reading.state_join(user)).outerjoin(Membership, reading.membership_join(user))
    return stmt.where(reading.not_muted_clause()) if hide_muted else stmt


def _unread(user):
    return _listed(user).where(reading.unread_clause())


def _new(user):
    return _listed(user).where(reading.new_clause(user))


def _counting(stmt):
    """How many rows stmt returns, as a scalar subquery (to count several things at once)."""
    return select(func.count()).select_from(stmt.subquery()).scalar_subquery()


def _count(stmt) -> int:
    return db.session.scalar(select(_counting(stmt)))


def _paginate_topics(user, stmt, page) -> Page:
    """A page of topics, each given its .reading (what is new and unread to the user)."""
    stmt = stmt.options(
        joinedload(Topic.author), joinedload(Topic.last_poster),
        joinedload(Topic.category), joinedload(Topic.community),
    )
    if permissions.is_authenticated(user):
        stmt = stmt.add_columns(TopicUser.last_read_post_number, TopicUser.notification_level,
                                reading.new_clause(user))
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
    stmt = _listed(user).order_by(Topic.pinned_globally.desc(), Topic.bumped_at.desc(), Topic.id.desc())
    return _paginate_topics(user, stmt, page)


def unread_topics(user, page=1) -> Page:
    """Topics the user tracks or watches that have posts they have not read, latest first."""
    return _paginate_topics(user, _unread(user).order_by(Topic.bumped_at.desc(), Topic.id.desc()), page)


def new_topics(user, page=1) -> Page:
    """Topics of the user's communities they have not opened since they became new, newest first."""
    return _paginate_topics(user, _new(user).order_by(Topic.created_at.desc(), Topic.id.desc()), page)


def digest_topics(user, since, limit) -> list[Topic]:
    """The summary email's topics: active since `since` in the user's communities, not muted,
    with posts the user has not read; the busiest first."""
    stmt = (
        _listed(user)
        .where(Membership.user_id.is_not(None), Topic.last_posted_at > since,
               func.coalesce(TopicUser.last_read_post_number, 0) < Topic.highest_post_number)
        .options(joinedload(Topic.community), joinedload(Topic.last_poster))
        .order_by((Topic.posts_count + Topic.like_count).desc(), Topic.last_posted_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def count_unread(user) -> int:
    """How many topics unread_topics lists, all pages together."""
    return _count(_unread(user))


def count_new(user) -> int:
    """How many topics new_topics lists, all pages together."""
    return _count(_new(user))


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
    stmt = _listed(user, hide_muted=False).where(Topic.community_id == community.id)
    if category is not None:
        stmt = stmt.where(Topic.category_id == category.id)
    if status in STATUSES:
        stmt = stmt.where(_status_clause(status))
    stmt = stmt.order_by(Topic.pinned.desc(), Topic.bumped_at.desc(), Topic.id.desc())
    return _paginate_topics(user, stmt, page)


def category_topics(user, category, *, status=None, page=1) -> Page:
    stmt = _listed(user).where(Topic.category_id == category.id)
    if status in STATUSES:
        stmt = stmt.where(_status_clause(status))
    stmt = stmt.order_by(Topic.bumped_at.desc(), Topic.id.desc())
    return _paginate_topics(user, stmt, page)


def visible_communities(user) -> list[Community]:
    """Communities the user may read, by name."""
    stmt = select(Community).where(permissions.visible_communities_clause(user)).order_by(Community.name)
    return list(db.session.scalars(stmt))


def communities_with_topic_counts(user) -> list[tuple[Community, int]]:
    """Communities the user may read, each with its number of topics."""
    counts = (
        select(Topic.community_id, func.count(Topic.id).label("n"))
        .where(Topic.deleted_at.is_(None)).group_by(Topic.community_id).subquery()
    )
    stmt = (
        select(Community, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.community_id == Community.id)
        .where(permissions.visible_communities_clause(user))
        .order_by(Community.name)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.position)))


def category_of_kind(kind) -> Category:
    return db.session.scalars(select(Category).where(Category.kind == kind)).one()


def category_by_slug(slug) -> Category | None:
    return db.session.scalars(select(Category).where(Category.slug == slug)).first()


def community_by_slug(user, slug) -> Community | None:
    """The community, or None when it does not exist or the user may not see it."""
    community = db.session.scalars(select(Community).where(Community.slug == slug)).first()
    if community is None or not permissions.can_view_community(user, community):
        return None
    return community


def viewable_topic(user, topic_id) -> Topic | None:
    """The topic, or None when it does not exist or the user may not see it (both 404)."""
    if not 0 < topic_id <= MAX_ID:
        return None
    stmt = select(Topic).where(Topic.id == topic_id).options(
        joinedload(Topic.community), joinedload(Topic.category), joinedload(Topic.author),
        joinedload(Topic.accepted_post).joinedload(Post.author),
    )
    topic = db.session.scalars(stmt).first()
    if topic is None or not permissions.can_view_topic(user, topic):
        return None
    return topic


def merged_into_id(topic_id) -> int | None:
    """The topic a topic was merged into, if it was."""
    return db.session.scalar(select(Topic.merged_into_id).where(Topic.id == topic_id))


def moderated_communities(user) -> list[Community]:
    """The communities the user moderates, by name: all for site staff."""
    stmt = select(Community).where(permissions.moderated_communities_clause(user, Community.id))
    return list(db.session.scalars(stmt.order_by(Community.name)))


def viewable_post(user, post_id) -> Post | None:
    """The post, with its topic and community, or None when it does not exist, was deleted
    or the user may not see its topic (all 404)."""
    post = db.session.scalars(
        select(Post).where(Post.id == post_id, Post.deleted_at.is_(None))
        .options(joinedload(Post.topic).joinedload(Topic.community))
    ).first()
    if post is None or not permissions.can_view_post(user, post, post.topic):
        return None
    return post


def moderatable_post(user, post_id) -> Post | None:
    """The post, deleted or not, when the user moderates its community; else None (404)."""
    post = db.session.scalars(
        select(Post).where(Post.id == post_id).options(joinedload(Post.topic).joinedload(Topic.community))
    ).first()
    if post is None or not permissions.can_moderate(user, post.topic.community):
        return None
    return post


def _shown_posts(user, topic):
    return (Post.topic_id == topic.id) & permissions.shown_in_topic_clause(user, topic)


def topic_posts(user, topic, page=1) -> Page:
    stmt = select(Post).where(_shown_posts(user, topic)).options(joinedload(Post.author)).order_by(Post.post_number)
    return _paginate(stmt, page, current_app.config["POSTS_PER_PAGE"])


def replies_to(user, topic, post_numbers) -> dict[int, list[Post]]:
    """For each of these post numbers, the posts (with their authors) that reply to it, in
    order. One statement for the whole page."""
    if not post_numbers:
        return {}
    stmt = (
        select(Post).options(joinedload(Post.author))
        .where(_shown_posts(user, topic), Post.deleted_at.is_(None), Post.reply_to_post_number.in_(post_numbers))
        .order_by(Post.post_number)
    )
    replies: dict[int, list[Post]] = {}
    for reply in db.session.scalars(stmt):
        replies.setdefault(reply.reply_to_post_number, []).append(reply)
    return replies


def post_reactions(viewer, post_ids) -> dict[int, dict[str, dict]]:
    """For each post: for each kind reacted, {"count", "mine", "names"}. One query per page."""
    if not post_ids:
        return {}
    rows = db.session.execute(
        select(Reaction.post_id, Reaction.kind, Reaction.user_id, User.display_name, User.username)
        .join(User, User.id == Reaction.user_id).where(Reaction.post_id.in_(post_ids))
        .order_by(Reaction.created_at)
    )
    me = viewer.id if permissions.is_authenticated(viewer) else None
    result: dict[int, dict[str, dict]] = {}
    for post_id, kind, user_id, display_name, username in rows:
        entry = result.setdefault(post_id, {}).setdefault(kind, {"count": 0, "mine": False, "names": []})
        entry["count"] += 1
        entry["mine"] = entry["mine"] or user_id == me
        entry["names"].append(display_name or username)
    return result


def post_bookmarks(viewer, post_ids) -> dict[int, Bookmark]:
    """The viewer's bookmarks among these posts, by post id. One query per page."""
    if not post_ids or not permissions.is_authenticated(viewer):
        return {}
    stmt = select(Bookmark).where(Bookmark.user_id == viewer.id, Bookmark.post_id.in_(post_ids))
    return {mark.post_id: mark for mark in db.session.scalars(stmt)}


def post_flags(viewer, post_ids) -> set[int]:
    """Of these posts, those the viewer flagged. One query per page."""
    if not post_ids or not permissions.is_authenticated(viewer):
        return set()
    return set(db.session.scalars(select(Flag.post_id).where(Flag.user_id == viewer.id, Flag.post_id.in_(post_ids))))


def post_nominations(viewer, post_ids) -> set[int]:
    """Of these posts, those the viewer nominated for the library. One query per page."""
    if not post_ids or not permissions.is_authenticated(viewer):
        return set()
    return set(db.session.scalars(select(Nomination.post_id).where(Nomination.user_id == viewer.id,
                                                                   Nomination.post_id.in_(post_ids))))


def bookmarks_of(user, page=1) -> Page:
    """The user's bookmarks, newest first, of posts they can still see."""
    stmt = (
        select(Bookmark).where(Bookmark.user_id == user.id, Bookmark.post_id.in_(_visible_posts(user)))
        .options(joinedload(Bookmark.post).joinedload(Post.author),
                 joinedload(Bookmark.post).joinedload(Post.topic).joinedload(Topic.community))
        .order_by(Bookmark.created_at.desc(), Bookmark.id.desc())
    )
    return _paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


def page_of_post(user, topic, post_number) -> int:
    """The page of the topic on which post number post_number is shown to the user."""
    before = db.session.scalar(
        select(func.count(Post.id)).where(_shown_posts(user, topic), Post.post_number < post_number)
    )
    return before // current_app.config["POSTS_PER_PAGE"] + 1


def waiting_posts(pending, model, wrap, page, per_page) -> Page:
    """A queue of posts with pending rows of model (flags, nominations): pending selects the
    rows' post ids, the posts come the longest waiting first, each as wrap(post, its pending
    rows). Two statements, whatever the page holds."""
    waiting = pending.add_columns(func.min(model.created_at).label("since")).group_by(model.post_id).subquery()
    stmt = (
        select(Post).join(waiting, waiting.c.post_id == Post.id)
        .options(joinedload(Post.author), joinedload(Post.topic).joinedload(Topic.community))
        .order_by(waiting.c.since, Post.id).limit(per_page + 1).offset((page - 1) * per_page)
    )
    posts = list(db.session.scalars(stmt))
    shown = posts[:per_page]
    by_post: dict[int, list] = {}
    if shown:
        rows = (select(model).where(model.post_id.in_([p.id for p in shown]), model.outcome.is_(None))
                .options(joinedload(model.user)).order_by(model.created_at))
        for row in db.session.scalars(rows):
            by_post.setdefault(row.post_id, []).append(row)
    return Page(items=[wrap(p, by_post.get(p.id, [])) for p in shown], number=page, has_next=len(posts) > per_page)


def _signed_by(viewer, author, model):
    """A WHERE clause: content of author that shows their name to viewer; their anonymous
    posts and topics only to themselves."""
    mine = model.user_id == author.id
    if permissions.is_authenticated(viewer) and viewer.id == author.id:
        return mine
    return and_(mine, model.anonymous.is_(False))


def topics_started_by(viewer, author, page=1) -> Page:
    stmt = _listed(viewer, hide_muted=False).where(_signed_by(viewer, author, Topic))
    return _paginate_topics(viewer, stmt.order_by(Topic.created_at.desc(), Topic.id.desc()), page)


def _visible_posts(viewer):
    """Posts the viewer may read in lists: not deleted or hidden, in a topic not deleted, of a
    visible community."""
    return select(Post.id).join(Post.topic).join(Topic.community).where(permissions.listed_posts_clause(viewer))


@dataclass
class Figures:
    topics: int
    replies: int
    reactions_given: int
    reactions_received: int


def user_figures(viewer, user) -> Figures:
    """A profile's summary, counting only what the viewer may read. One statement."""
    mine = _visible_posts(viewer).where(_signed_by(viewer, user, Post))
    row = db.session.execute(select(
        _counting(mine.where(Post.post_number == 1)),
        _counting(mine.where(Post.post_number > 1)),
        _counting(select(Reaction.id).where(Reaction.user_id == user.id,
                                            Reaction.post_id.in_(_visible_posts(viewer)))),
        _counting(select(Reaction.id).where(Reaction.post_id.in_(mine))),
    )).one()
    return Figures(*row)


def replies_by(viewer, author, page=1) -> Page:
    """The author's replies the viewer may read, newest first."""
    stmt = (
        select(Post).where(Post.id.in_(_visible_posts(viewer).where(_signed_by(viewer, author, Post),
                                                                     Post.post_number > 1)))
        .options(joinedload(Post.topic).joinedload(Topic.community))
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
    return _paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


def reactions_of(viewer, user, page=1) -> Page:
    """Reactions the user gave or received, on posts the viewer may read, newest first."""
    stmt = (
        select(Reaction).join(Reaction.post)
        .where(Reaction.post_id.in_(_visible_posts(viewer)),
               or_(Reaction.user_id == user.id, _signed_by(viewer, user, Post)))
        .options(joinedload(Reaction.user), joinedload(Reaction.post).joinedload(Post.author),
                 joinedload(Reaction.post).joinedload(Post.topic))
        .order_by(Reaction.created_at.desc(), Reaction.id.desc())
    )
    return _paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


def user_communities(viewer, user) -> list[Community]:
    stmt = (
        select(Community).join(Membership, Membership.community_id == Community.id)
        .where(Membership.user_id == user.id, permissions.visible_communities_clause(viewer))
        .order_by(Community.name)
    )
    return list(db.session.scalars(stmt))


def user_by_username(username):
    return db.session.scalars(select(User).where(User.username_key == fold_key(username))).first()


def users_matching(term, limit=8) -> list[User]:
    """Users whose username or display name starts with term, for @mention suggestions."""
    key = fold_key(term.strip().lstrip("@"))[:40]
    if not key:
        return []
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    stmt = (
        select(User)
        .where(or_(User.username_key.like(pattern, escape="\\"),
                   func.lower(User.display_name).like(pattern, escape="\\")))
        .order_by(func.length(User.username), User.username_key).limit(limit)
    )
    return list(db.session.scalars(stmt))


@dataclass
class StaffLogFilters:
    """The staff action log's filters, as the page's query string gives them; unknown or
    empty values filter nothing."""
    action: str = ""
    community: str = ""
    actor: str = ""
    target: str = ""

    @classmethod
    def from_args(cls, args):
        return cls(**{name: (args.get(name) or "").strip()[:80] for name in ("action", "community", "actor", "target")})


def staff_actions(filters: StaffLogFilters, page=1) -> Page:
    """The staff action log, newest first, filtered. One statement per page."""
    stmt = select(StaffAction).options(
        joinedload(StaffAction.actor), joinedload(StaffAction.target_user), joinedload(StaffAction.community),
        joinedload(StaffAction.topic), joinedload(StaffAction.post),
    )
    if filters.action:
        stmt = stmt.where(StaffAction.action == filters.action)
    if filters.community:
        stmt = stmt.where(StaffAction.community_id.in_(select(Community.id).where(Community.slug == filters.community)))
    for name, column in (("actor", StaffAction.actor_id), ("target", StaffAction.target_user_id)):
        if getattr(filters, name):
            stmt = stmt.where(column.in_(select(User.id).where(User.username_key == fold_key(getattr(filters, name)))))
    stmt = stmt.order_by(StaffAction.created_at.desc(), StaffAction.id.desc())
    return _paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


# The best-practice library -----------------------------------------------------------------

@dataclass
class LibraryFilters:
    community: Community | None = None
    subject: str = ""
    grade: str = ""

    @classmethod
    def from_args(cls, user, args):
        """Filters from a query string; unknown values are ignored (an unknown community too:
        as for search, a community the user cannot see does not exist)."""
        slug = args.get("community", "")
        return cls(community=community_by_slug(user, slug) if slug else None,
                   subject=args.get("subject", "") if args.get("subject") in SUBJECTS else "",
                   grade=args.get("grade", "") if args.get("grade") in GRADES else "")

    def args(self) -> dict:
        return {key: value for key, value in (("community", self.community.slug if self.community else ""),
                                              ("subject", self.subject), ("grade", self.grade)) if value}


def _library(user):
    """Entries the user may read: of visible communities, their post and topic still shown."""
    return (
        select(LibraryEntry).join(LibraryEntry.post).join(LibraryEntry.topic).join(LibraryEntry.community)
        .where(permissions.visible_communities_clause(user), Post.deleted_at.is_(None), Post.hidden.is_(False),
               Topic.deleted_at.is_(None))
        .options(joinedload(LibraryEntry.post).joinedload(Post.author), joinedload(LibraryEntry.topic),
                 joinedload(LibraryEntry.community), joinedload(LibraryEntry.curator))
    )


def library_entries(user, filters: LibraryFilters, page=1, per_page=None) -> Page:
    """The library's live entries, newest first. One statement."""
    stmt = _library(user).where(LibraryEntry.retired_at.is_(None))
    if filters.community is not None:
        stmt = stmt.where(LibraryEntry.community_id == filters.community.id)
    if filters.subject:
        stmt = stmt.where(LibraryEntry.subject == filters.subject)
    if filters.grade:
        stmt = stmt.where(LibraryEntry.grade == filters.grade)
    stmt = stmt.order_by(LibraryEntry.created_at.desc(), LibraryEntry.id.desc())
    return _paginate(stmt, page, per_page or current_app.config["TOPICS_PER_PAGE"])


def library_entry(user, entry_id) -> LibraryEntry | None:
    """An entry the user may read; a retired one only for its community's curators."""
    entry = db.session.scalars(_library(user).where(LibraryEntry.id == entry_id)).first()
    if entry is None or (entry.retired_at is not None and not permissions.can_curate(user, entry.community)):
        return None
    return entry


def topic_library_entries(topic_id, post_ids) -> dict[int, LibraryEntry]:
    """The live entries of these posts of a topic, by post id, with their curators: the
    badges of a topic's page. One statement."""
    if not post_ids:
        return {}
    stmt = (select(LibraryEntry).where(LibraryEntry.topic_id == topic_id, LibraryEntry.post_id.in_(post_ids),
                                       LibraryEntry.retired_at.is_(None))
            .options(joinedload(LibraryEntry.curator)))
    return {entry.post_id: entry for entry in db.session.scalars(stmt)}


# Members -------------------------------------------------------------------------------------

def community_members(community, page=1) -> Page:
    """A community's members with their accounts: coordinators, then mentors, then members,
    each by when they joined. One statement."""
    order = case({"coordinator": 0, "mentor": 1}, value=Membership.role, else_=2)
    stmt = (select(Membership).where(Membership.community_id == community.id)
            .options(joinedload(Membership.user)).order_by(order, Membership.created_at, Membership.user_id))
    return _paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"] * 2)


def join_requests(community) -> list[JoinRequest]:
    """Pending requests to join, oldest first (bounded: a coordinator answers them in turn)."""
    stmt = (select(JoinRequest).where(JoinRequest.community_id == community.id, JoinRequest.outcome.is_(None))
            .options(joinedload(JoinRequest.user)).order_by(JoinRequest.created_at).limit(100))
    return list(db.session.scalars(stmt))


def join_request(community, request_id) -> JoinRequest | None:
    return db.session.scalar(select(JoinRequest).where(JoinRequest.id == request_id,
                                                       JoinRequest.community_id == community.id))


def open_invitations(community) -> list[Invitation]:
    """Invitation links not revoked nor expired, newest first."""
    stmt = (select(Invitation).where(Invitation.community_id == community.id, Invitation.revoked_at.is_(None),
                                     Invitation.expires_at > utcnow())
            .order_by(Invitation.created_at.desc()).limit(100))
    return list(db.session.scalars(stmt))


def community_invitation(community, invitation_id) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.id == invitation_id,
                                                      Invitation.community_id == community.id))


def invitation_by_token(token) -> Invitation | None:
    """The invitation a link carries, with its community; None for a link that never existed."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token == token)
                             .options(joinedload(Invitation.community)))
