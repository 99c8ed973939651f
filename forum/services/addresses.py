"""Confirmed email addresses. A new account's address is confirmed by a link sent to it: until
then the forum sends it nothing else (it may be a colleague's, typed by someone else), and the
account reads but does not post (permissions). The link is signed, lasts
EMAIL_CONFIRMATION_SECONDS, and is good for the address it was sent to only.
"""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum import jobs, mail
from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
from forum.services.emails import one_off_email
from forum.services.errors import AlreadyDone, DomainError, Gone
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


def confirmation_token(user) -> str:
    return LINK.token(user, user.email_key)


def confirm(token) -> User:
    """Confirm the address a link was sent to; AlreadyDone if it is confirmed already."""
    user, email_key = LINK.read(token)
    if email_key != user.email_key:
        raise InvalidConfirmationLink()
    if user.email_confirmed:
        raise AlreadyDone(_("This email address is confirmed already."))
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


def send_confirmation(user, language):
    """Email the user a link that confirms their address (nothing, if it is confirmed), in their
    language, else in language (the page's they signed up from)."""
    if not user.email_confirmed:
        send_confirmation_link.enqueue(user.id, language)


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
