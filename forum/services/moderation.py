"""What moderators and coordinators do to posts, topics and users.

Every action checks permissions.can_moderate (or can_moderate_users), refuses what is
already so with AlreadyDone (two moderators acting on the same stale page), and writes its
row of the staff action log in the same transaction as the change. Nothing is ever erased:
deleting sets deleted_at, and restoring clears it.
"""

from datetime import datetime, UTC

from flask_babel import gettext as _
from sqlalchemy import select

from forum import events, permissions
from forum.extensions import db
from forum.models import Membership, Post, StaffAction
from forum.models.post import mark_topic_for_search
from forum.models.community import MEMBERSHIP_ROLES
from forum.models.user import ROLES
from forum.models.base import utcnow
from forum.models.moderation import REASON_MAX
from forum.services import notifications
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from forum.services.stats import recount_topic
from forum.text import clean_line

# Topic actions: the attribute each sets, and the value.
TOPIC_STATES = {
    "close": ("closed", True),
    "reopen": ("closed", False),
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "pin_globally": ("pinned_globally", True),
    "unpin_globally": ("pinned_globally", False),
    "unlist": ("unlisted", True),
    "relist": ("unlisted", False),
}
POST_ACTIONS = ("hide_post", "unhide_post", "delete_post", "restore_post", "edit_post", "reveal_author", "approve_post")
TOPIC_ACTIONS = (*TOPIC_STATES, "delete_topic", "restore_topic")
USER_ACTIONS = ("silence", "unsilence", "suspend", "unsuspend", "set_role", "send_password_reset", "delete_account")
REVIEW_ACTIONS = ("review_agreed", "review_disagreed", "review_ignored")
ANSWER_ACTIONS = ("accept_answer", "unmark_solution", "write_synthesis")
COMMUNITY_ACTIONS = ("allow_anonymous", "forbid_anonymous")
LIBRARY_ACTIONS = ("promote", "retire_entry", "decline_nomination")
MOVE_ACTIONS = ("move_topic", "split_topic", "merge_topic")
MEMBER_ACTIONS = (
    "create_community",
    "edit_community",
    "hold_new_posts",
    "release_new_posts",
    "approve_member",
    "decline_member",
    "remove_member",
    "invite",
    "revoke_invitation",
    "set_join_policy",
)
# Every action the log holds, for its filter.
ACTIONS = (
    *POST_ACTIONS,
    *TOPIC_ACTIONS,
    *USER_ACTIONS,
    *REVIEW_ACTIONS,
    *ANSWER_ACTIONS,
    *COMMUNITY_ACTIONS,
    *LIBRARY_ACTIONS,
    *MOVE_ACTIONS,
    *MEMBER_ACTIONS,
)


def valid_reason(reason, *, required=False) -> str:
    reason = clean_line(reason)
    if required and not reason:
        raise InvalidInput(_("Give a reason: the member will read it."), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(_("A reason has at most %(max)d characters.", max=REASON_MAX), field="reason")
    return reason


def log(actor, action, *, topic=None, post=None, target=None, community_id=None, reason="", **details):
    """Add a row to the staff action log; the caller commits it with the change it records.
    An anonymous post's author is the target only when named (reveal_author)."""
    if post is not None and topic is None:
        topic = post.topic
    if target is None and post is not None and not post.anonymous:
        target = post.author
    db.session.add(
        StaffAction(
            actor_id=actor.id,
            action=action,
            reason=reason,
            details=details,
            community_id=community_id or (topic.community_id if topic is not None else None),
            topic_id=topic.id if topic is not None else None,
            post_id=post.id if post is not None else None,
            target_user_id=target.id if target is not None else None,
        )
    )


def _require_moderator(actor, topic):
    if not permissions.can_moderate(actor, topic.community):
        raise NotAllowed()


def committed(topic_id, notified=()):
    """Commit a moderation change, then tell the indexer and the emails."""
    db.session.commit()
    events.visibility_changed.send(topic_id=topic_id)
    if notified:
        events.notified.send(notification_ids=list(notified))


# Posts ---------------------------------------------------------------------------------------


def hide(post, reason=""):
    """Hide a post (and, for an opening post, keep its topic out of the lists) without
    committing: for moderators here, and for the community's flags."""
    post.hidden, post.hidden_reason, post.search_dirty = True, reason, True
    if post.is_first:
        post.topic.unlisted = True


def show(post):
    post.hidden, post.hidden_reason, post.search_dirty = False, "", True
    if post.is_first:
        post.topic.unlisted = False


def remove(post, at):
    """Delete a post without committing (at None restores it); an opening post takes its
    topic with it. The caller then recounts the topic (resync_removed) in the same transaction."""
    if post.is_first:
        post.topic.deleted_at = at
        mark_topic_for_search(post.topic_id)
    else:
        post.deleted_at, post.search_dirty = at, True
        if at is not None and post.topic.accepted_post_id == post.id:
            # A deleted reply no longer solves its question (restoring does not mark it again).
            post.topic.clear_solution()
            mark_topic_for_search(post.topic_id)


def resync_removed(post):
    if not post.is_first:
        recount_topic(post.topic_id)


def hide_post(actor, post, reason=""):
    _require_moderator(actor, post.topic)
    reason = valid_reason(reason)
    if post.hidden:
        raise AlreadyDone(_("This post is already hidden."))
    hide(post, reason)
    log(actor, "hide_post", post=post, reason=reason)
    committed(post.topic_id, notifications.tell([post.user_id], "post_hidden", post, actor=actor, note=reason))


def unhide_post(actor, post, reason=""):
    _require_moderator(actor, post.topic)
    reason = valid_reason(reason)
    if not post.hidden:
        raise AlreadyDone(_("This post is already shown."))
    show(post)
    log(actor, "unhide_post", post=post, reason=reason)
    committed(post.topic_id, notifications.tell([post.user_id], "post_restored", post, actor=actor, note=reason))


def delete_post(actor, post, reason=""):
    """Remove a post from view, keeping its content; an opening post takes its topic with it."""
    _require_moderator(actor, post.topic)
    reason = valid_reason(reason)
    if post.is_removed:
        raise AlreadyDone(_("This post is already deleted."))
    remove(post, utcnow())
    resync_removed(post)
    log(actor, "delete_topic" if post.is_first else "delete_post", post=post, reason=reason)
    committed(post.topic_id, notifications.tell([post.user_id], "post_deleted", post, actor=actor, note=reason))


def restore_post(actor, post, reason=""):
    """Undo delete_post: an opening post brings its topic back."""
    _require_moderator(actor, post.topic)
    reason = valid_reason(reason)
    if not post.is_removed:
        raise AlreadyDone(_("This topic is not deleted.") if post.is_first else _("This post is not deleted."))
    remove(post, None)
    resync_removed(post)
    log(actor, "restore_topic" if post.is_first else "restore_post", post=post, reason=reason)
    committed(post.topic_id, notifications.tell([post.user_id], "post_restored", post, actor=actor, note=reason))


def approve_post(actor, post):
    """A post held for approval is shown; its author, having written what a moderator let
    through, leaves the new-account tier (trust level 1). Those the post concerns are told now."""
    _require_moderator(actor, post.topic)
    if not post.held:
        raise AlreadyDone(_("This post was already approved or deleted, perhaps by someone else."))
    if post.is_removed:
        raise AlreadyDone(_("This post was already approved or deleted, perhaps by someone else."))
    post.held, post.notify_pending = False, True
    if post.is_first:
        post.topic.held = False
    else:  # counted now, and the topic bumped as by a new reply
        post.topic.bumped_at = utcnow()
    show(post)
    recount_topic(post.topic_id)
    post.author.trust_level = max(post.author.trust_level, 1)
    log(actor, "approve_post", post=post)
    committed(post.topic_id, notifications.tell([post.user_id], "post_approved", post, actor=actor))
    events.post_created.send(post_id=post.id)


def reveal_author(actor, post, reason):
    """Who wrote an anonymous post, for the moderator who asks with a reason: the staff log
    records it, and the author is told (the moderator is not named)."""
    if not permissions.can_reveal_author(actor, post, post.topic):
        raise NotAllowed()
    reason = valid_reason(reason, required=True)
    log(actor, "reveal_author", post=post, target=post.author, reason=reason)
    committed(post.topic_id, notifications.tell([post.user_id], "author_revealed", post, actor=actor, note=reason))
    return post.author


# Topics --------------------------------------------------------------------------------------


def set_topic_state(actor, topic, action, reason=""):
    """close / reopen, pin / unpin, pin_globally / unpin_globally, unlist / relist."""
    if action not in TOPIC_STATES:
        raise InvalidInput(_("This action does not exist."))
    _require_moderator(actor, topic)
    if action.endswith("pin_globally") and not permissions.can_pin_globally(actor):
        raise NotAllowed()
    reason = valid_reason(reason)
    attribute, value = TOPIC_STATES[action]
    if getattr(topic, attribute) == value:
        raise AlreadyDone()
    setattr(topic, attribute, value)
    log(actor, action, topic=topic, reason=reason)
    committed(topic.id)


def delete_topic(actor, topic, reason=""):
    delete_post(actor, _first_post(topic), reason)


def restore_topic(actor, topic, reason=""):
    restore_post(actor, _first_post(topic), reason)


def _first_post(topic):
    return db.session.scalars(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1)).one()


# Users ---------------------------------------------------------------------------------------


def _require_user_moderator(actor, user):
    if not permissions.can_moderate_users(actor):
        raise NotAllowed()
    if user.id == actor.id or (user.role == "admin" and actor.role != "admin"):
        raise NotAllowed(_("You cannot do this to this account."))


def _valid_until(until) -> datetime:
    if until is None:
        raise InvalidInput(_("Give the date it ends."), field="until")
    if not isinstance(until, datetime):
        until = datetime(until.year, until.month, until.day, tzinfo=UTC)
    if until <= utcnow():
        raise InvalidInput(_("The end must be in the future."), field="until")
    return until


def restrict_user(actor, user, kind, until, reason):
    """kind "silence" (may read, not write) or "suspend" (may not sign in), until a date."""
    _require_user_moderator(actor, user)
    if kind not in ("silence", "suspend"):
        raise InvalidInput(_("This action does not exist."))
    until, reason = _valid_until(until), valid_reason(reason, required=True)
    if kind == "silence":
        user.silenced_until, user.silence_reason = until, reason
    else:
        user.suspended_until, user.suspend_reason = until, reason
        # Not only while it lasts: the sessions held when it began never come back.
        user.end_sessions()
    log(actor, kind, target=user, reason=reason, until=until.isoformat())
    db.session.commit()


def lift_restriction(actor, user, kind, reason=""):
    _require_user_moderator(actor, user)
    reason = valid_reason(reason)
    if kind == "silence" and user.is_silenced():
        user.silenced_until, user.silence_reason = None, ""
    elif kind == "suspend" and user.is_suspended():
        user.suspended_until, user.suspend_reason = None, ""
    elif kind in ("silence", "suspend"):
        raise AlreadyDone()
    else:
        raise InvalidInput(_("This action does not exist."))
    log(actor, f"un{kind}", target=user, reason=reason)
    db.session.commit()


# Roles ---------------------------------------------------------------------------------------


def set_role(actor, user, role, *, community=None):
    """An admin gives a site role (member, moderator, admin), or a role in a community
    (member, mentor, coordinator: a mentor or coordinator not yet a member becomes one)."""
    if not permissions.can_grant_roles(actor):
        raise NotAllowed()
    if community is None:
        if role not in ROLES:
            raise InvalidInput(_("Choose one of the offered roles."), field="role")
        if user.id == actor.id:
            raise NotAllowed(_("Another administrator must change your own role."))
        if user.role == role:
            raise AlreadyDone()
        user.role = role
    else:
        if role not in MEMBERSHIP_ROLES:
            raise InvalidInput(_("Choose one of the offered roles."), field="role")
        membership = db.session.get(Membership, (user.id, community.id))
        if membership is not None and membership.role == role:
            raise AlreadyDone()
        if membership is None:
            db.session.add(Membership(user_id=user.id, community_id=community.id, role=role))
        else:
            membership.role = role
        permissions.forget_community_roles(user)
    log(actor, "set_role", target=user, community_id=community.id if community else None, role=role)
    db.session.commit()
