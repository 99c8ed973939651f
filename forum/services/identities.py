"""Accounts that sign in through an OpenID Connect provider: a school's or a ministry's
(forum/oidc.py checks the provider's answer before anything here believes it)."""

import re
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import ExternalIdentity, User
from forum.services import accounts
from forum.services.errors import InvalidInput
from forum.text import clean_line, fold_key

SUBJECT_MAX = 255


def sign_in(provider, claims, *, vouches_for=lambda email: True) -> tuple[User, bool]:
    """The account that the provider's verified claims sign in as: the one this identity was
    linked to; else the account of the same address, when the provider vouches for the
    address and the forum confirmed it too (the identity is linked to it); else a new account
    with that address, confirmed, and no password. Refused: an identity without a confirmed
    address, and an address still waiting for its confirmation here (whoever signed up with
    it may not be its owner), an address outside the domains the provider may vouch for
    (vouches_for), and a staff account (whose power a provider's word must not hand over: its
    owner signs in with the password). With the account: whether it was created now."""
    subject, email = claims.get("sub"), claims.get("email")
    if not isinstance(subject, str) or not subject or len(subject) > SUBJECT_MAX:
        raise InvalidInput(_("Your school account's identifier is too long for this forum."))
    identity = _identity(provider, subject)
    if identity is not None:
        return identity.user, False
    if not isinstance(email, str) or not email or claims.get("email_verified") not in (True, "true"):
        raise InvalidInput(
            _(
                "Your school account gave no confirmed email address. Sign up with your address instead, or ask its administrators."
            )
        )
    email = accounts.valid_email(email)
    if not vouches_for(email):
        raise InvalidInput(_("Your school account's address is not one this forum accepts from it."))
    user = db.session.scalars(select(User).where(User.email_key == fold_key(email))).first()
    created = user is None
    if created:
        user = _new_account(claims, email)
    elif user.is_staff:
        raise InvalidInput(_("This is a moderator's or an administrator's account: sign in with its password."))
    elif not user.email_confirmed:
        raise InvalidInput(
            _(
                "An account with this address waits for its confirmation: open the link we emailed to it, then "
                "sign in with your school account again."
            )
        )
    db.session.add(ExternalIdentity(provider=provider, subject=subject, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # the same identity signing in twice at once: the first one linked it
        db.session.rollback()
        linked = _identity(provider, subject)
        if linked is None:
            raise
        return linked.user, False
    return user, created


def _identity(provider, subject) -> ExternalIdentity | None:
    return db.session.scalars(
        select(ExternalIdentity).where(ExternalIdentity.provider == provider, ExternalIdentity.subject == subject)
    ).first()


def _new_account(claims, email) -> User:
    """A new account for a first sign-in, not yet committed (it commits with its link): a
    username from the provider's (or the address's), made free, and the name the provider gives
    unless it looks like another member's."""
    locale = claims.get("locale") if claims.get("locale") in current_app.config["LANGUAGES"] else None
    display_name = clean_line(_text(claims.get("name")))[:80]
    for username in _usernames(claims, email):
        while True:
            try:
                return accounts.register_user(
                    username, email, None, email_confirmed=True, display_name=display_name, locale=locale, commit=False
                )
            except InvalidInput as refused:
                if refused.field == "display_name" and display_name:
                    display_name = ""  # looks like another member's: they choose one later
                    continue
                if refused.field != "username":
                    raise
                break
    raise InvalidInput(_("No username could be made for your account. Sign up with your address instead."))


def _usernames(claims, email):
    """Candidate usernames: the provider's preferred one, or the address's local part, made of
    the characters usernames allow; then the same with a number; then a random one."""
    wanted = _text(claims.get("preferred_username"))[:100] or email.split("@")[0]
    base = re.sub(r"[^\w.-]+", ".", wanted).strip("._-")[: accounts.USERNAME_MAX - 4]
    if len(base) < accounts.USERNAME_MIN:
        base = f"member.{base}".strip("._-")
    yield base
    for number in range(2, 10):
        yield f"{base}-{number}"
    yield f"member-{secrets.token_hex(4)}"


def _text(value) -> str:
    """A claim that should be a string, or "" when the provider sent something else."""
    return value if isinstance(value, str) else ""
