"""Deleting an account, by its owner (who confirms with their password) or by an administrator
on the member's request.

What the member wrote stays, for the community's sake, signed "a former member" with no name
and no profile; who they were goes: name, address, password, profile, preferences, and what
was theirs alone (bookmarks, read state, notifications, memberships, requests to join, their
private messages and their place in each conversation, the ZIPs of their data). The staff log
records the deletion without any of it.
"""

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from forum import permissions
from forum.extensions import db
from forum.models import Bookmark, ExternalIdentity, JoinRequest, Membership, Notification, Post, TopicUser, User
from forum.models.base import utcnow
from forum.services import accounts, export, messages
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from forum.services.moderation import log

# Rows that were the member's alone: deleted with the account.
PERSONAL = (Bookmark, TopicUser, Notification, Membership, JoinRequest, ExternalIdentity)


def delete_own_account(user, password):
    if not accounts.has_password(user, password):
        raise InvalidInput(_("The password is wrong."), field="password")
    _delete(user, user)


def delete_account_by_admin(actor, user, typed_username):
    """typed_username: the member's username, typed again, so that no account goes by a slip."""
    if not permissions.can_delete_accounts(actor) or actor.id == user.id:
        raise NotAllowed()
    if accounts.login_key(typed_username) != user.username_key:
        raise InvalidInput(_("Type the member's username to confirm."), field="confirm")
    _delete(actor, user)


def _delete(actor, user):
    if user.deleted_at is not None:
        raise AlreadyDone()
    if user.role == "admin" and _administrators() == 1:
        raise InvalidInput(_("This is the last administrator's account: appoint another administrator first."))
    log(actor, "delete_account", target=user)
    for model in PERSONAL:
        db.session.execute(delete(model).where(model.user_id == user.id))
    # Their posts are indexed under their name: the indexer writes them again without it.
    db.session.execute(update(Post).where(Post.user_id == user.id).values(search_dirty=True))
    messages.forget_person(user)
    # Names no one can register ("~" is no username character), free again for anyone.
    user.username = user.username_key = user.email_key = f"~{user.id}"
    user.email = user.display_name = user.bio = user.profession = user.silence_reason = user.suspend_reason = ""
    user.password_hash = user.locale = user.email_confirmed_at = None
    user.pending_email = user.export_requested_at = None
    user.preferences, user.subjects, user.grades, user.email_digest, user.role = {}, [], [], False, "member"
    user.avatar_sha256 = None  # the picture goes with the next removal of orphans
    user.deleted_at = utcnow()
    user.end_sessions()
    db.session.commit()
    export.remove_exports(user)


def _administrators() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.role == "admin", User.deleted_at.is_(None)))
