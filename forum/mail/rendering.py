"""Writing emails: the templates of templates/email/, in the reader's language and direction,
with links to the forum's public address (jobs have no request of their own)."""

from contextlib import contextmanager

from flask import current_app, get_template_attribute, render_template
from flask_babel import force_locale, get_locale

from forum.templating import RTL_LANGUAGES


@contextmanager
def in_language(language):
    """Render in this language (the forum's default for one it does not have), with a request
    context whose URLs are the forum's public address; yields the language used."""
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with current_app.test_request_context("/", base_url=current_app.config["BASE_URL"]), force_locale(language):
        yield language


def render(name, **context) -> tuple[str, str]:
    """email/NAME.txt and email/NAME.html, as (text, html), in the language in force
    (in_language), which the templates get as `language` and `direction`."""
    language = str(get_locale())
    context.update(language=language, direction="rtl" if language in RTL_LANGUAGES else "ltr")
    return render_template(f"email/{name}.txt", **context), render_template(f"email/{name}.html", **context)


def notification_text(notification) -> str:
    """What a notification says, as plain text on one line (as the bell shows it)."""
    what = get_template_attribute("_macros/notifications.html", "notification_text")(notification)
    return " ".join(what.striptags().split())
