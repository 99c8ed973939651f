"""What the blueprints' views share: safe redirects, a topic's address, a post or 404, and a
composer's submit. Blueprints import this, never each other's views."""

import unicodedata
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user

from forum import queries
from forum.extensions import FILES_PER_FORM
from forum.forms import attach_error
from forum.services import uploads
from forum.services.content import cook_post
from forum.services.errors import DomainError, InvalidInput
from forum.templating import draft_sent

# Control, format and line or paragraph separator characters: browsers drop or misread them in
# an address, and a line end cannot go into a header.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def safe_next(target, default="communities.home"):
    """Only same-site paths are followed after login, so links cannot bounce users away:
    a path starting with one slash, not two (nor a backslash, which browsers read as a slash),
    and holding no control or line-separator characters (browsers drop tabs and line ends, so
    slash, tab, slash would lead to another host; and a line end cannot go into a header)."""
    if (
        target
        and target.startswith("/")
        and target[1:2] not in ("/", "\\")
        and not any(unicodedata.category(ch) in UNSAFE_CATEGORIES for ch in target)
        and urlsplit(target).netloc == ""
    ):
        return target
    return url_for(default)


def topic_url(topic, post_number=None, **kwargs):
    if post_number:
        return url_for("topics.show_post", slug=topic.slug, topic_id=topic.id, post_number=post_number, **kwargs)
    return url_for("topics.show", slug=topic.slug, topic_id=topic.id, **kwargs)


def viewable_post_or_404(post_id):
    """The post, for a reader who may see it; else 404 (whether it is gone or hidden from them)."""
    return queries.viewable_post(current_user, post_id) or abort(404)


def cooked_preview(raw):
    """The composer's preview, as the post will be cooked; a rule broken shows as its message."""
    try:
        return cook_post(raw or "", writer=current_user)
    except InvalidInput as error:
        return error.message


def add_picked_files(form) -> bool:
    """The files picked in a composer's file field (the way without JavaScript): each uploaded
    and its Markdown added to the end of the text, so that the form shows them in its preview,
    and in its text if it shows again. False, with the reason on the form, when one is refused
    (those before it stay added)."""
    picked = [f for f in request.files.getlist("files") if f and f.filename][:FILES_PER_FORM]
    added, refused = [], None
    for one in picked:
        try:
            added.append(uploads.markdown(uploads.receive(current_user, one.filename, uploads.read_picked(one))))
        except DomainError as error:
            refused = InvalidInput(f"{one.filename}: {error.message}", field="raw")
            break
    if added:
        form.raw.data = "\n\n".join(filter(None, [(form.raw.data or "").rstrip(), "\n".join(added)]))
    if refused:
        attach_error(form, refused)
    return refused is None


def submitted(form, save):
    """A composer's submit, as (preview, response): the preview asked for; or the redirect
    to where save() says the stored post is; or neither, when the form shows again with its
    errors and the text kept. Files picked in its file field are added first."""
    if not form.validate_on_submit() or not add_picked_files(form):
        return None, None
    if form.preview.data:
        return cooked_preview(form.raw.data), None
    try:
        url = save()
    except InvalidInput as error:
        attach_error(form, error)
        return None, None
    draft_sent()
    return None, redirect(url)
