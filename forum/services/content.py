"""The rules every title and post body must meet, shared by posting and revising."""
from flask import current_app
from flask_babel import gettext as _

from forum.services.errors import InvalidInput
from forum.text import clean_body, clean_line


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
