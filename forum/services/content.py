"""The rules every title and post body must meet, shared by posting and revising, and the
cooking of a post with its @mentions resolved."""

from flask import current_app
from flask_babel import gettext as _, ngettext
from markupsafe import Markup
from sqlalchemy import select

from forum.extensions import db
from forum import permissions
from forum.markup import cook, outside_links, references
from forum.models import User
from forum.services import uploads
from forum.services.errors import InvalidInput
from forum.text import clean_body, clean_line, fold_key


def valid_title(title: str) -> str:
    """The cleaned title, or InvalidInput saying what is wrong with it."""
    title = clean_line(title)
    low, high = current_app.config["MIN_TITLE_LENGTH"], current_app.config["MAX_TITLE_LENGTH"]
    if not title:
        raise InvalidInput(_("The title cannot be empty."), field="title")
    if len(title) < low:
        raise InvalidInput(_("The title must be at least %(n)d characters long.", n=low), field="title")
    if len(title) > high:
        raise InvalidInput(_("The title must be at most %(n)d characters long.", n=high), field="title")
    return title


def valid_choice(value, choices, field):
    """value, when it is one of choices (a form's select); else InvalidInput on field."""
    if value not in choices:
        raise InvalidInput(_("Choose one of the offered values."), field=field)
    return value


def valid_body(raw: str) -> str:
    """The cleaned post source, or InvalidInput saying what is wrong with it."""
    raw = clean_body(raw)
    limit = current_app.config["MAX_POST_LENGTH"]
    if not raw:
        raise InvalidInput(_("The post cannot be empty."), field="raw")
    if len(raw) > limit:
        raise InvalidInput(
            _("The post is %(size)d characters long; the most allowed is %(n)d.", size=len(raw), n=limit),
            field="raw",
        )
    return raw


def cook_post(raw: str, *, writer=None, enforce_limits=True, files_of=None, kept_files=()) -> Markup:
    """The post's HTML, @mentions of users linked. A new or edited post may mention at most
    MAX_MENTIONS_PER_POST people (a post to everyone would notify everyone), and a new
    account's post link out at most NEW_USER_MAX_LINKS times (spam comes with links); posts
    already stored are re-cooked as they are. Uploaded files show when files_of (the author;
    the writer by default) may show them, or when they are kept_files, the files the post
    showed before (uploads.shown_files): an edit by a moderator never shows a file its author
    could not, and cooking again never shows a new one."""
    files_of = files_of or writer
    cooked = cook(raw, users=usernames_by_key, uploads=lambda shas: uploads.shown_files(files_of, shas, kept_files))
    if not enforce_limits:
        return cooked
    uploads.check_count(cooked)
    limit = current_app.config["MAX_MENTIONS_PER_POST"]
    if len(references(cooked)[0]) > limit:
        raise InvalidInput(_("A post can mention at most %(n)d people.", n=limit), field="raw")
    links = current_app.config["NEW_USER_MAX_LINKS"]
    if permissions.is_new_user(writer) and len(outside_links(cooked)) > links:
        raise InvalidInput(
            ngettext(
                "While your account is new, a post can hold at most %(num)d link to another site. "
                "This limit lifts after %(hours)d hours.",
                "While your account is new, a post can hold at most %(num)d links to other sites. "
                "This limit lifts after %(hours)d hours.",
                links,
                hours=current_app.config["NEW_USER_HOURS"],
            ),
            field="raw",
        )
    return cooked


def usernames_by_key(names) -> dict[str, str]:
    """Of these names, those that are users: folded name → username, in one query."""
    keys = {fold_key(name) for name in names}
    rows = db.session.execute(select(User.username_key, User.username).where(User.username_key.in_(keys)))
    return dict(rows.all())
