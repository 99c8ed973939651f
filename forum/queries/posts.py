"""The posts of a topic's page and what each shows to its reader (replies, reactions,
bookmarks, flags, nominations), one statement per kind for the whole page."""

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.extensions import db
from forum.models import Bookmark, Flag, Nomination, Post, Reaction, Topic, User
from forum.queries.paging import Page, paginate


def viewable_post(user, post_id) -> Post | None:
    """The post, with its topic and community, or None when it does not exist, was deleted
    or the user may not see its topic (all 404)."""
    post = db.session.scalars(
        select(Post)
        .where(Post.id == post_id, Post.deleted_at.is_(None))
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


def shown_posts(user, topic):
    return (Post.topic_id == topic.id) & permissions.shown_in_topic_clause(user, topic)


def topic_posts(user, topic, page=1) -> Page:
    stmt = select(Post).where(shown_posts(user, topic)).options(joinedload(Post.author)).order_by(Post.post_number)
    return paginate(stmt, page, current_app.config["POSTS_PER_PAGE"])


def replies_to(user, topic, post_numbers) -> dict[int, list[Post]]:
    """For each of these post numbers, the posts (with their authors) that reply to it, in
    order. One statement for the whole page."""
    if not post_numbers:
        return {}
    stmt = (
        select(Post)
        .options(joinedload(Post.author))
        .where(shown_posts(user, topic), Post.deleted_at.is_(None), Post.reply_to_post_number.in_(post_numbers))
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
        select(Reaction.post_id, Reaction.kind, Reaction.user_id, User)
        .join(User, User.id == Reaction.user_id)
        .where(Reaction.post_id.in_(post_ids))
        .order_by(Reaction.created_at)
    )
    me = viewer.id if permissions.is_authenticated(viewer) else None
    result: dict[int, dict[str, dict]] = {}
    for post_id, kind, user_id, reactor in rows:
        entry = result.setdefault(post_id, {}).setdefault(kind, {"count": 0, "mine": False, "names": []})
        entry["count"] += 1
        entry["mine"] = entry["mine"] or user_id == me
        entry["names"].append(reactor.name)
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
    return set(
        db.session.scalars(
            select(Nomination.post_id).where(Nomination.user_id == viewer.id, Nomination.post_id.in_(post_ids))
        )
    )


def visible_posts(viewer):
    """Posts the viewer may read in lists: not deleted or hidden, in a topic not deleted, of a
    visible community."""
    return select(Post.id).join(Post.topic).join(Topic.community).where(permissions.listed_posts_clause(viewer))


def bookmarks_of(user, page=1) -> Page:
    """The user's bookmarks, newest first, of posts they can still see."""
    stmt = (
        select(Bookmark)
        .where(Bookmark.user_id == user.id, Bookmark.post_id.in_(visible_posts(user)))
        .options(
            joinedload(Bookmark.post).joinedload(Post.author),
            joinedload(Bookmark.post).joinedload(Post.topic).joinedload(Topic.community),
        )
        .order_by(Bookmark.created_at.desc(), Bookmark.id.desc())
    )
    return paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


def page_of_post(user, topic, post_number) -> int:
    """The page of the topic on which post number post_number is shown to the user."""
    before = db.session.scalar(
        select(func.count(Post.id)).where(shown_posts(user, topic), Post.post_number < post_number)
    )
    return before // current_app.config["POSTS_PER_PAGE"] + 1
