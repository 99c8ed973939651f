"""Registering and authenticating people."""

import functools
import re
import secrets

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
from forum.models.user import name_skeleton
from forum.services.errors import InvalidInput
from forum.text import clean_line, fold_key

# Letters of any script (Arabic included), digits, and . _ - inside; no spaces, no
# invisible characters. Python's \w is Unicode-aware.
USERNAME_PATTERN = re.compile(r"^[^\W_](?:[\w.-]*[^\W_])?$")
USERNAME_MIN, USERNAME_MAX = 3, 30
PASSWORD_MIN, PASSWORD_MAX = 8, 200


def register_user(
    username, email, password, *, email_confirmed, display_name="", locale=None, role="member", bio="", commit=True
) -> User:
    """Create an account; usernames and emails are unique regardless of case. The address is
    confirmed already (email_confirmed) when whoever creates the account vouches for it (an
    administrator, the demo, a school's identity provider); a sign-up's waits for its link
    (forum.services.addresses). No password (None): the account signs in through its school's
    provider (forum.services.identities), until its owner sets one by "forgot password".
    commit=False leaves the account to the caller's transaction (flushed, not committed)."""
    username = _valid_username(username)
    email = valid_email(email)
    if password is not None:
        _check_password(password)
    display_name = clean_line(display_name)[:80]
    user = User(
        username=username,
        username_key=fold_key(username),
        email=email,
        email_key=fold_key(email),
        display_name=display_name,
        locale=locale,
        role=role,
        bio=clean_line(bio)[:255],
        password_hash=_hash(password) if password is not None else None,
        email_confirmed_at=utcnow() if email_confirmed else None,
    )
    _ensure_free(user)
    ensure_distinct_names(username=user.username, display_name=user.display_name)
    db.session.add(user)
    try:
        db.session.commit() if commit else db.session.flush()
    except IntegrityError:
        # Someone took the name between our check and our insert.
        db.session.rollback()
        raise InvalidInput(_("This username or email is already registered."), field="username") from None
    return user


def login_key(login: str) -> str:
    """A typed username or email as sign-in looks it up (and the login rate limit counts it)."""
    return fold_key(clean_line(login or ""))


def user_by_login_key(key) -> User | None:
    """The account whose username or email folds to key (login_key)."""
    return db.session.scalars(select(User).where(or_(User.username_key == key, User.email_key == key))).first()


def authenticate(login: str, password: str) -> User | None:
    """The user whose username or email and password match, else None. A login that names no
    account (or one without a password) costs a password check all the same, so that the
    time a refusal takes does not tell which accounts exist."""
    key = login_key(login)
    if not key or not password:
        return None
    user = user_by_login_key(key)
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    return user if has_password(user, password) else None


def has_password(user, password) -> bool:
    return bool(user.password_hash and password and check_password_hash(user.password_hash, password))


def set_password(user, password):
    """A new password ends every session of the account (in the same transaction): whoever
    knew the old one is out. The caller re-issues the session of the person who changed it."""
    _check_password(password)
    user.password_hash = _hash(password)
    user.end_sessions()
    db.session.commit()


def replace_password(user, password, *, was) -> bool:
    """Set a new password only if the password is still `was` (a hash, or None), in one UPDATE:
    of two uses of the same reset link at once, one wins. Ends every session; True if done."""
    _check_password(password)
    same = User.password_hash.is_(None) if was is None else User.password_hash == was
    done = db.session.execute(
        update(User)
        .where(User.id == user.id, same)
        .values(password_hash=_hash(password), session_version=User.session_version + 1)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    db.session.commit()
    return bool(done)


def end_sessions(user):
    """Sign the user out everywhere: every session and remember-me cookie issued so far."""
    user.end_sessions()
    db.session.commit()


@functools.cache
def _dummy_hash(method):
    """A hash of no one's password, made once by the method real ones use."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _hash(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _valid_username(username):
    username = (username or "").strip()
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX:
        raise InvalidInput(
            _("A username has %(low)d to %(high)d characters.", low=USERNAME_MIN, high=USERNAME_MAX),
            field="username",
        )
    if not USERNAME_PATTERN.match(username):
        raise InvalidInput(
            _(
                "A username may contain only letters, digits, dots, dashes and underscores, "
                "and must start and end with a letter or digit."
            ),
            field="username",
        )
    return username


def valid_email(email):
    """The address, normalized, or InvalidInput on the `email` field."""
    try:
        return validate_email(clean_line(email), check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidInput(_("This email address is not valid."), field="email") from None


def _check_password(password):
    if not PASSWORD_MIN <= len(password or "") <= PASSWORD_MAX:
        raise InvalidInput(
            _("A password has %(low)d to %(high)d characters.", low=PASSWORD_MIN, high=PASSWORD_MAX),
            field="password",
        )


def _ensure_free(user):
    if db.session.scalars(select(User.id).where(User.username_key == user.username_key)).first():
        raise InvalidInput(_("This username is already taken."), field="username")
    if db.session.scalars(select(User.id).where(User.email_key == user.email_key)).first():
        raise InvalidInput(_("This email is already registered."), field="email")


def ensure_distinct_names(*, username=None, display_name=None, user=None):
    """Refuse a username or display name that looks like (has the same skeleton as) the
    username or display name of anyone but `user`, in one query. Names that differ only in
    case count as looking alike."""
    wanted = {
        field: name_skeleton(name) for field, name in (("username", username), ("display_name", display_name)) if name
    }
    if not wanted:
        return
    skeletons = set(wanted.values())
    query = select(User.username_skeleton, User.display_name_skeleton).where(
        or_(User.username_skeleton.in_(skeletons), User.display_name_skeleton.in_(skeletons))
    )
    if user is not None:
        query = query.where(User.id != user.id)
    taken = {skeleton for row in db.session.execute(query) for skeleton in row}
    for field, skeleton in wanted.items():
        if skeleton in taken:
            raise InvalidInput(
                _("This name looks like another member's name. Choose one that cannot be taken for theirs."),
                field=field,
            )


def set_locale(user, locale):
    user.locale = locale
    db.session.commit()
