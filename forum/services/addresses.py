"""Confirmed email addresses. A new account's address is confirmed by a link sent to it: until
then the forum sends it nothing else (it may be a colleague's, typed by someone else), and the
account reads but does not post (permissions). The link is signed, lasts
EMAIL_CONFIRMATION_SECONDS, and is good for the address it was sent to only.
"""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum import jobs, mail
from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
from forum.text import fold_key
from forum.services.emails import one_off_email
from forum.services import accounts
from forum.services.errors import AlreadyDone, DomainError, Gone, InvalidInput
from forum.services.links import SignedLink

SALT = "email-confirmation"


class InvalidConfirmationLink(DomainError):
    status = 404
    default_message = _l(
        "This link to confirm an email address does not work: the account's address changed since "
        "it was sent, or it was copied incompletely. Sign in to send a new one."
    )


class ExpiredConfirmationLink(Gone):
    default_message = _l("This link to confirm an email address has expired. Sign in to send a new one.")


LINK = SignedLink(SALT, "EMAIL_CONFIRMATION_SECONDS", InvalidConfirmationLink, ExpiredConfirmationLink)


# The proof of a link to a new address: the address it was sent to, marked as a change.
CHANGE = "change:"


def confirmation_token(user) -> str:
    return LINK.token(user, user.email_key)


def change_token(user) -> str:
    return LINK.token(user, CHANGE + fold_key(user.pending_email))


def confirm(token) -> User:
    """Confirm the address a link was sent to: the account's own (AlreadyDone if confirmed
    already), or the new one it asked for, which then replaces it."""
    user, proof = LINK.read(token)
    if user.pending_email and proof == CHANGE + fold_key(user.pending_email):
        return _change(user)
    if proof != user.email_key:
        raise InvalidConfirmationLink()
    if user.email_confirmed:
        raise AlreadyDone(_("This email address is confirmed already."))
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


def request_change(user, password, address):
    """Ask for a new address, with the password: a link goes to it; the old one stays until
    the link is opened."""
    if not accounts.has_password(user, password):
        raise InvalidInput(_("The password is wrong."), field="password")
    address = accounts.valid_email(address)
    if fold_key(address) == user.email_key:
        raise AlreadyDone(_("This is your address already."))
    _ensure_unused(address)
    user.pending_email = address
    db.session.commit()
    send_change_link.enqueue(user.id)


def _ensure_unused(address):
    if db.session.scalars(select(User.id).where(User.email_key == fold_key(address))).first():
        raise InvalidInput(_("Another account has this email address."), field="email")


def _change(user):
    old = user.email
    try:
        _ensure_unused(user.pending_email)
    except InvalidInput:
        raise AlreadyDone(
            _("Another account confirmed this email address in the meantime: yours is unchanged.")
        ) from None
    user.email, user.email_key = user.pending_email, fold_key(user.pending_email)
    user.pending_email, user.email_confirmed_at = None, utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # confirmed by another account between our check and our write
        db.session.rollback()
        raise AlreadyDone(
            _("Another account confirmed this email address in the meantime: yours is unchanged.")
        ) from None
    if old:
        tell_old_address.enqueue(user.id, old)
    return user


def send_confirmation(user, language):
    """Email the user a link that confirms their address (nothing, if it is confirmed), in their
    language, else in language (the page's they signed up from)."""
    if not user.email_confirmed:
        send_confirmation_link.enqueue(user.id, language)


@jobs.job
def send_change_link(user_id):
    """The link that confirms a new address, sent to that address."""
    user = db.session.get(User, user_id)
    if user is None or not user.pending_email:
        return
    subject, text, html = one_off_email(
        "change_email",
        user.locale,
        lambda: _("Confirm your new email address for Halaqa"),
        user=user,
        token=change_token(user),
        days=current_app.config["EMAIL_CONFIRMATION_SECONDS"] // 86400,
    )
    mail.deliver(mail.compose(user.pending_email, subject, text, html))


@jobs.job
def tell_old_address(user_id, old_address):
    """The address an account left is told, in case it was not its owner's doing."""
    user = db.session.get(User, user_id)
    if user is None:
        return
    subject, text, html = one_off_email(
        "email_changed", user.locale, lambda: _("Your Halaqa email address was changed"), user=user
    )
    mail.deliver(mail.compose(old_address, subject, text, html))


@jobs.job
def send_confirmation_link(user_id, language):
    user = db.session.get(User, user_id)
    if user is None or user.email_confirmed or not user.email:
        return
    subject, text, html = one_off_email(
        "confirm_email",
        user.locale or language,
        lambda: _("Confirm your email address for Halaqa"),
        user=user,
        token=confirmation_token(user),
        days=current_app.config["EMAIL_CONFIRMATION_SECONDS"] // 86400,
    )
    mail.deliver(mail.compose(user.email, subject, text, html))
