"""A user's choices: how they are emailed, how they follow what they post, their name,
language and password."""

from flask import current_app
from flask_babel import gettext as _

from forum.extensions import db
from forum.models.notification import KINDS
from forum.models.library import GRADES, SUBJECTS
from forum.models.reading import LEVELS
from forum.models.user import PROFESSIONS
from forum.services import accounts
from forum.services.errors import InvalidInput
from forum.text import clean_line

# How each kind of notification reaches the user by email.
EMAIL_CHOICES = ("now", "daily", "never")
EMAIL_DEFAULTS = {
    "mention": "now",
    "quote": "now",
    "reply": "now",
    "posted": "daily",
    "new_topic": "daily",
    "reaction": "never",
    "answer_accepted": "now",
    "curated": "now",
    "moderation": "now",
    "flag": "never",
    # A private message (forum.services.messages); "daily" puts new ones in the summary.
    "message": "now",
}
# What the user chooses for (the keys above); the moderation outcomes are chosen by group.
EMAIL_KINDS = tuple(EMAIL_DEFAULTS)
_EMAIL_KIND_OF = {
    "post_hidden": "moderation",
    "post_restored": "moderation",
    "post_deleted": "moderation",
    "author_revealed": "moderation",
    "post_approved": "moderation",
    "flag_agreed": "flag",
    "flag_disagreed": "flag",
}
# The level a user's own post gives its topic (as Discourse: watch what you start, track
# what you reply in), unless they chose a level for that topic.
POST_LEVELS = ("watching", "tracking", "normal")
POST_LEVEL_DEFAULTS = {"on_start": "watching", "on_reply": "tracking"}
DISPLAY_NAME_MAX, BIO_MAX = 80, 255


def email_kind(kind) -> str:
    """The choice that governs notifications of this kind."""
    return _EMAIL_KIND_OF.get(kind, kind)


def email_choice(user, kind) -> str:
    """How the user wants notifications of this kind (or this choice) emailed."""
    key = email_kind(kind)
    return (user.preferences or {}).get("email", {}).get(key, EMAIL_DEFAULTS[key])


def email_choices(user) -> dict[str, str]:
    """The user's choice for each of their choices (EMAIL_KINDS)."""
    return {key: email_choice(user, key) for key in EMAIL_KINDS}


def notification_email_choices(user) -> dict[str, str]:
    """The user's choice for each kind of notification."""
    return {kind: email_choice(user, kind) for kind in KINDS}


def post_level_name(user, *, starting: bool) -> str:
    key = "on_start" if starting else "on_reply"
    return (user.preferences or {}).get(key, POST_LEVEL_DEFAULTS[key])


def post_level(user, *, starting: bool) -> int:
    return LEVELS[post_level_name(user, starting=starting)]


def update_preferences(
    user, *, display_name, bio, locale, email, email_digest, on_start, on_reply, profession="", subjects=(), grades=()
):
    """Save the preferences page; anything out of range is refused whole, with the field named.
    profession, subjects and grades: what the profile says the member does (User.PROFESSIONS,
    the library's SUBJECTS and GRADES)."""
    display_name, bio = clean_line(display_name), clean_line(bio)
    if len(display_name) > DISPLAY_NAME_MAX:
        raise InvalidInput(_("A name has at most %(max)d characters.", max=DISPLAY_NAME_MAX), field="display_name")
    if len(bio) > BIO_MAX:
        raise InvalidInput(_("The short introduction has at most %(max)d characters.", max=BIO_MAX), field="bio")
    if set(email) - set(EMAIL_KINDS) or set(email.values()) - set(EMAIL_CHOICES):
        raise InvalidInput(_("Choose one of the offered email settings."))
    if on_start not in POST_LEVELS or on_reply not in POST_LEVELS:
        raise InvalidInput(_("Choose one of the offered levels."))
    _check_profile(locale, profession, subjects, grades)
    if display_name != user.display_name:
        # Only a new name: one given before lookalikes were refused stays.
        accounts.ensure_distinct_names(display_name=display_name, user=user)
    user.display_name, user.bio = display_name, bio
    user.email_digest = bool(email_digest)
    _set_profile(user, locale, profession, subjects, grades)
    user.preferences = {**(user.preferences or {}), "email": dict(email), "on_start": on_start, "on_reply": on_reply}
    db.session.commit()


def introduce(user, *, locale, profession, subjects, grades):
    """The first step after signing up: the member's language, role, subjects and grades."""
    _check_profile(locale, profession, subjects, grades)
    _set_profile(user, locale, profession, subjects, grades)
    db.session.commit()


def _check_profile(locale, profession, subjects, grades):
    if locale and locale not in current_app.config["LANGUAGES"]:
        raise InvalidInput(_("Choose one of the offered languages."), field="locale")
    if profession not in ("", *PROFESSIONS):
        raise InvalidInput(_("Choose one of the offered roles."), field="profession")
    if set(subjects) - set(SUBJECTS) or set(grades) - set(GRADES):
        raise InvalidInput(_("Choose among the offered subjects and grades."), field="subjects")


def _set_profile(user, locale, profession, subjects, grades):
    user.locale, user.profession = locale or None, profession
    user.subjects, user.grades = [s for s in SUBJECTS if s in subjects], [g for g in GRADES if g in grades]


# Tips shown once, until the member dismisses them.
TIPS = ("categories",)


def tip_shown(user, name) -> bool:
    return name not in (user.preferences or {}).get("dismissed_tips", [])


def dismiss_tip(user, name):
    if name not in TIPS:
        raise InvalidInput(_("This tip does not exist."))
    dismissed = (user.preferences or {}).get("dismissed_tips", [])
    if name not in dismissed:
        user.preferences = {**(user.preferences or {}), "dismissed_tips": [*dismissed, name]}
        db.session.commit()


def stop_email(user, kind):
    """The unsubscribe link: kind is a notification kind, or "digest" for the daily summary."""
    if kind == "digest":
        user.email_digest = False
    elif kind in KINDS or kind in EMAIL_KINDS:
        choices = {**(user.preferences or {}).get("email", {}), email_kind(kind): "never"}
        user.preferences = {**(user.preferences or {}), "email": choices}
    else:
        raise InvalidInput(_("Choose one of the offered email settings."))
    db.session.commit()


def change_password(user, current, new):
    """The new password replaces the old and ends every session of the account."""
    if not accounts.has_password(user, current):
        raise InvalidInput(_("Your current password is not right."), field="current_password")
    accounts.set_password(user, new)
