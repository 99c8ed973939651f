"""Counters recomputed from the rows they count, for repairs, moves and deletes."""

from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import Post, Topic
from forum.services import transaction


def resync_topic(topic_id):
    """Recompute a topic's counters from its posts and commit them: the repair of the CLI."""
    with transaction():
        recount_topic(topic_id)


def recount_topic(topic_id):
    """Recompute a topic's counters and last poster from its posts, in the caller's
    transaction: a move or a deletion commits them with the change.

    Deleted posts, and replies waiting for approval, do not count, but their numbers are never
    given out again, nor those of posts moved away.
    """
    in_topic = Post.topic_id == topic_id
    live = Post.deleted_at.is_(None) & (Post.held.is_(False) | (Post.post_number == 1))
    count, likes = db.session.execute(
        select(func.count(Post.id), func.coalesce(func.sum(Post.like_count), 0)).where(in_topic, live)
    ).one()
    # A number once given stays taken, even when its post moved to another topic.
    highest = max(
        db.session.scalar(select(func.max(Post.post_number)).where(in_topic)) or 0,
        db.session.scalar(select(Topic.highest_post_number).where(Topic.id == topic_id)) or 0,
    )
    last = db.session.scalars(select(Post).where(in_topic, live).order_by(Post.post_number.desc()).limit(1)).first()
    values = {"posts_count": count, "like_count": likes, "highest_post_number": highest}
    if last is not None:
        values.update(last_posted_at=last.created_at, last_post_user_id=last.user_id)
    db.session.execute(update(Topic).where(Topic.id == topic_id).values(**values))


def record_view(topic_id):
    """Count one view of a topic with a single atomic UPDATE.

    It runs on a connection of its own: committing the page's session would expire
    every row the page is about to print and load them all again.
    """
    with db.engine.begin() as connection:
        connection.execute(update(Topic).where(Topic.id == topic_id).values(views=Topic.views + 1))
