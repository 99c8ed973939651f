"""Moving discussions: a topic to another community or category, replies split off into a
new topic, a topic merged into another.

The actor moderates every community involved. Posts keep their authors, dates, anonymity,
reactions, bookmarks, flags and revisions; they are numbered again in the topic they join
("in reply to" numbers follow them), and both topics' counters are recomputed. A solution or
library entry goes where its post goes. Every move is in the staff log.
"""

from flask_babel import gettext as _
from sqlalchemy import select, update

from forum import events, permissions
from forum.extensions import db
from forum.models import LibraryEntry, Notification, Post, Topic
from forum.models.post import mark_topic_for_search
from forum.models.base import MAX_ID, utcnow
from forum.services import moderation
from forum.services.content import valid_title
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from forum.services.stats import recount_topic
from forum.services.posting import topic_slug


def _require_moderator(actor, *communities):
    if not all(permissions.can_moderate(actor, community) for community in communities):
        raise NotAllowed()


def move_topic(actor, topic, community, category, reason=""):
    """Move a topic to another community, category, or both. A question moved out of hard
    questions loses its solution; anonymous posts stay anonymous wherever they go."""
    _require_moderator(actor, topic.community, community)
    reason = moderation.valid_reason(reason)
    if (topic.community_id, topic.category_id) == (community.id, category.id):
        raise AlreadyDone(_("The topic is already there."))
    log_details = {"from": [topic.community.slug, topic.category.slug], "to": [community.slug, category.slug]}
    topic.community, topic.category = community, category
    if category.kind != "questions" and topic.solution:
        topic.clear_solution()
    db.session.execute(
        update(LibraryEntry)
        .where(LibraryEntry.topic_id == topic.id)
        .values(community_id=community.id)
        .execution_options(synchronize_session=False)
    )
    mark_topic_for_search(topic.id)
    moderation.log(actor, "move_topic", topic=topic, reason=reason, **log_details)
    moderation.committed(topic.id)


def split_posts(actor, topic, post_numbers, title, category=None, reason="") -> Topic:
    """Move some replies of a topic into a new topic of the same community: the first of them
    opens it."""
    _require_moderator(actor, topic.community)
    title, reason = valid_title(title), moderation.valid_reason(reason)
    numbers = _valid_numbers(post_numbers)
    _lock_topics(topic)
    posts = list(
        db.session.scalars(
            select(Post).where(Post.topic_id == topic.id, Post.post_number.in_(numbers)).order_by(Post.post_number)
        )
    )
    if len(posts) != len(numbers):
        raise AlreadyDone(_("Some of these posts are no longer in this topic; someone may have moved them."))
    first = posts[0]
    new = Topic(
        title=title,
        slug=topic_slug(title),
        community_id=topic.community_id,
        category_id=(category or topic.category).id,
        user_id=first.user_id,
        anonymous=first.anonymous,
        held=first.held,
        created_at=first.created_at,
        bumped_at=posts[-1].created_at,
        last_posted_at=posts[-1].created_at,
    )
    db.session.add(new)
    db.session.flush()
    _move_posts(posts, topic, new)
    moderation.log(actor, "split_topic", topic=topic, reason=reason, into=new.id, posts=len(posts))
    _committed(topic, new)
    return new


def merge_topics(actor, source, target, reason=""):
    """Move every post of source to the end of target, in the order written; source is
    deleted, and its address leads to target."""
    _require_moderator(actor, source.community, target.community)
    reason = moderation.valid_reason(reason)
    if source.id == target.id:
        raise InvalidInput(_("A topic cannot be merged into itself."), field="into")
    if target.deleted_at is not None:
        raise InvalidInput(_("That topic is deleted; restore it first or choose another."), field="into")
    if source.merged_into_id is not None:
        raise AlreadyDone(_("This topic was already merged into another."))
    _lock_topics(source, target)
    posts = list(db.session.scalars(select(Post).where(Post.topic_id == source.id).order_by(Post.post_number)))
    posts.sort(key=lambda post: (post.created_at, post.post_number))
    _move_posts(posts, source, target)
    source.merged_into_id, source.deleted_at = target.id, utcnow()
    moderation.log(actor, "merge_topic", topic=source, reason=reason, into=target.id, posts=len(posts))
    _committed(source, target)


def _lock_topics(*topics):
    """Lock the topics' rows first (PostgreSQL; SQLite writes one at a time anyway), in the
    order every reply takes its locks: its topic, then (through the page stamps' triggers) its
    community. Taking the community first, by adding a topic to it, could deadlock with a reply."""
    db.session.execute(
        select(Topic.id).where(Topic.id.in_([t.id for t in topics])).order_by(Topic.id).with_for_update()
    ).all()


def _valid_numbers(post_numbers) -> list[int]:
    try:
        numbers = sorted({int(n) for n in post_numbers})
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose the replies to move."), field="posts") from None
    if not numbers or numbers[-1] > MAX_ID:
        raise InvalidInput(_("Choose the replies to move."), field="posts")
    if numbers[0] < 2:
        raise InvalidInput(_("The opening post stays with its topic; merge the topic to move it."), field="posts")
    return numbers


def _move_posts(posts, source, target):
    """Number posts after target's last, in the order given, keeping "in reply to" links
    between posts that move together; without committing."""
    start = _claim_numbers(target.id, len(posts))
    renumbered = {post.post_number: start + index for index, post in enumerate(posts)}
    post_ids = [post.id for post in posts]
    for post in posts:
        post.topic_id, post.post_number = target.id, renumbered[post.post_number]
        post.reply_to_post_number = renumbered.get(post.reply_to_post_number)
        post.search_dirty = True
    if source.accepted_post_id in post_ids:
        source.clear_solution()
    db.session.execute(
        update(Notification)
        .where(Notification.post_id.in_(post_ids))
        .values(topic_id=target.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(LibraryEntry)
        .where(LibraryEntry.post_id.in_(post_ids))
        .values(topic_id=target.id, community_id=target.community_id)
        .execution_options(synchronize_session=False)
    )
    mark_topic_for_search(source.id)


def _claim_numbers(topic_id, count) -> int:
    """The first of count post numbers taken at the end of a topic, in one UPDATE: replies
    arriving meanwhile queue behind it and take the numbers after."""
    highest = db.session.scalar(
        update(Topic)
        .where(Topic.id == topic_id)
        .values(highest_post_number=Topic.highest_post_number + count)
        .returning(Topic.highest_post_number)
        .execution_options(synchronize_session=False)
    )
    return highest - count + 1


def _committed(*topics):
    """Recompute the topics' counters, commit them with the move, then tell the indexer."""
    for topic in topics:
        recount_topic(topic.id)
    db.session.commit()
    for topic in topics:
        events.visibility_changed.send(topic_id=topic.id)
