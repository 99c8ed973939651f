"""Flags and the review queue.

A member flags a post once. When FLAGS_TO_HIDE distinct members have flagged it, it is
hidden until a reviewer (a coordinator of its community, or site staff) settles its flags:
agree (the post stays hidden, or is deleted), disagree (the post is shown again) or ignore
(nothing changes). The author and the flaggers are told of the outcome, never who flagged.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from forum import permissions, queries
from forum.extensions import db
from forum.models import Flag, Post, Topic
from forum.models.base import utcnow
from forum.models.moderation import FLAG_OUTCOMES, FLAG_REASONS, REASON_MAX
from forum.services import add_once, moderation, notifications
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from forum.text import clean_line


def flag(user, post, reason, message="") -> Flag:
    if not permissions.can_flag(user, post, post.topic):
        raise NotAllowed(_("You cannot flag this post."))
    if reason not in FLAG_REASONS:
        raise InvalidInput(_("Choose one of the offered reasons."), field="reason")
    message = clean_line(message)
    if len(message) > REASON_MAX:
        raise InvalidInput(_("A message has at most %(max)d characters.", max=REASON_MAX), field="message")
    if reason == "other" and not message:
        raise InvalidInput(_("Tell the moderators what is wrong with this post."), field="message")
    entry = Flag(post_id=post.id, user_id=user.id, reason=reason, message=message)
    add_once(entry, _("You have already flagged this post; the moderators will review it."))
    notified = []
    if not post.hidden and _pending_count(post) >= current_app.config["FLAGS_TO_HIDE"]:
        moderation.hide(post)
        notified = notifications.tell([post.user_id], "post_hidden", post)
    moderation.committed(post.topic_id, notified)
    return entry


def _pending_count(post) -> int:
    return db.session.scalar(select(func.count(Flag.id)).where(Flag.post_id == post.id, Flag.outcome.is_(None)))


# The review queue ----------------------------------------------------------------------------


@dataclass
class Review:
    post: Post
    flags: list[Flag]


def _pending_posts(user):
    return (
        select(Flag.post_id)
        .join(Post, Post.id == Flag.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(Flag.outcome.is_(None), permissions.moderated_communities_clause(user, Topic.community_id))
    )


def count_pending(user) -> int:
    """How many posts wait in the user's review queue: flagged, or held for approval."""
    if not permissions.can_review(user):
        return 0
    flagged = select(func.count()).select_from(_pending_posts(user).distinct().subquery()).scalar_subquery()
    held = select(func.count()).select_from(_held(user).subquery()).scalar_subquery()
    return db.session.scalar(select(flagged + held))


def _held(user):
    return (
        select(Post.id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(
            Post.held.is_(True),
            Post.deleted_at.is_(None),
            Topic.deleted_at.is_(None),
            permissions.moderated_communities_clause(user, Topic.community_id),
        )
    )


def held_posts(user, limit=50) -> list[Post]:
    """Posts waiting for approval in the communities the user moderates, oldest first."""
    if not permissions.can_review(user):
        return []
    stmt = (
        select(Post)
        .where(Post.id.in_(_held(user)))
        .order_by(Post.created_at)
        .limit(limit)
        .options(joinedload(Post.author), joinedload(Post.topic).joinedload(Topic.community))
    )
    return list(db.session.scalars(stmt))


def review_queue(user, page, per_page) -> queries.Page:
    """Posts with pending flags in the communities the user reviews, the longest waiting
    first, each with its pending flags."""
    return queries.waiting_posts(_pending_posts(user), Flag, Review, page, per_page)


def settle(reviewer, post, outcome, *, delete=False, note=""):
    """Settle a post's pending flags: "agreed" (keep it hidden, or delete it), "disagreed"
    (show it again) or "ignored" (change nothing, tell nobody)."""
    if outcome not in FLAG_OUTCOMES:
        raise InvalidInput(_("This action does not exist."))
    if not permissions.can_moderate(reviewer, post.topic.community):
        raise NotAllowed()
    note = moderation.valid_reason(note)
    pending = list(db.session.scalars(select(Flag).where(Flag.post_id == post.id, Flag.outcome.is_(None))))
    if not pending:
        raise AlreadyDone(_("These flags were already reviewed, perhaps by someone else."))
    flaggers = [entry.user_id for entry in pending]
    now = utcnow()
    db.session.execute(
        update(Flag)
        .where(Flag.id.in_([entry.id for entry in pending]))
        .values(outcome=outcome, reviewed_by_id=reviewer.id, reviewed_at=now)
        .execution_options(synchronize_session=False)
    )
    notified, deleting = [], False
    if outcome == "agreed":
        deleting = delete and not post.is_removed
        if deleting:
            moderation.remove(post, now)
            moderation.resync_removed(post)
        elif not post.hidden:
            moderation.hide(post, note)
        else:
            post.hidden_reason = note or post.hidden_reason
        notified += notifications.tell(
            [post.user_id], "post_deleted" if deleting else "post_hidden", post, actor=reviewer, note=note
        )
        notified += notifications.tell(flaggers, "flag_agreed", post, actor=reviewer)
    elif outcome == "disagreed":
        if post.hidden:
            moderation.show(post)
            notified += notifications.tell([post.user_id], "post_restored", post, actor=reviewer, note=note)
        notified += notifications.tell(flaggers, "flag_disagreed", post, actor=reviewer)
    moderation.log(reviewer, f"review_{outcome}", post=post, reason=note, flags=len(pending), deleted=deleting)
    moderation.committed(post.topic_id, notified)
