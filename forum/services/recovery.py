"""Getting an account back: a link to choose a new password, emailed on the person's request
or sent by an administrator.

A link is signed, lasts PASSWORD_RESET_SECONDS, and is bound to the account's password and
email address as they were when it was made: using it changes the password, so it works once,
and any other change of password or address (by the person, an administrator or another
link) spends every link sent before.
"""

import hashlib
import hmac

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum import jobs, mail, permissions
from forum.extensions import db
from forum.models import User
from forum.services import accounts
from forum.services.emails import one_off_email, reachable
from forum.services.errors import DomainError, Gone, InvalidInput, NotAllowed
from forum.services.links import SignedLink
from forum.services.moderation import log

SALT = "password-reset"


class InvalidResetLink(DomainError):
    status = 404
    default_message = _l(
        "This link to choose a new password does not work: it was used already, the password or "
        "the email address changed since it was sent, or it was copied incompletely. Ask for a new one."
    )


class ExpiredResetLink(Gone):
    default_message = _l("This link to choose a new password has expired. Ask for a new one.")


LINK = SignedLink(SALT, "PASSWORD_RESET_SECONDS", InvalidResetLink, ExpiredResetLink)


def _fingerprint(user) -> str:
    """The password and address a link is good for (their digest: links carry no secret)."""
    return hashlib.sha256(f"{user.password_hash or ''}\n{user.email_key}".encode()).hexdigest()[:32]


def reset_token(user) -> str:
    return LINK.token(user, _fingerprint(user))


def user_of_token(token) -> User:
    """The account a link is for, or InvalidResetLink / ExpiredResetLink."""
    user, fingerprint = LINK.read(token)
    if not hmac.compare_digest(fingerprint, _fingerprint(user)):
        raise InvalidResetLink()
    return user


def reset_password(token, password) -> User:
    """Set the password a link was sent for; every session of the account ends with it."""
    user = user_of_token(token)
    if not accounts.replace_password(user, password, was=user.password_hash):
        raise InvalidResetLink()  # the same link, used at the same moment elsewhere
    return user


def request_reset(login, language):
    """Email a link to the account that login (a username or an address) names, if any. The
    caller answers the same either way, and the work is the same: the job looks the account up."""
    key = accounts.login_key(login)
    if key:
        send_requested_link.enqueue(key, language)


def send_reset_by_admin(actor, user):
    """An administrator sends the member a link (the member asked them, by other means)."""
    if not permissions.can_send_password_reset(actor):
        raise NotAllowed()
    if not reachable(user):
        raise InvalidInput(_("This member's email address is not confirmed: no link can be sent there."))
    log(actor, "send_password_reset", target=user)
    db.session.commit()
    send_link.enqueue(user.id, True)


@jobs.job
def send_requested_link(key, language):
    user = accounts.user_by_login_key(key)
    if user is not None:
        _send(user, language, by_admin=False)


@jobs.job
def send_link(user_id, by_admin):
    user = db.session.get(User, user_id)
    if user is not None:
        _send(user, user.locale, by_admin=by_admin)


def _send(user, language, *, by_admin):
    if not reachable(user):
        return
    subject, text, html = one_off_email(
        "password_reset",
        user.locale or language,
        lambda: _("Choose a new password for Halaqa"),
        user=user,
        token=reset_token(user),
        minutes=current_app.config["PASSWORD_RESET_SECONDS"] // 60,
        by_admin=by_admin,
    )
    mail.deliver(mail.compose(user.email, subject, text, html))
