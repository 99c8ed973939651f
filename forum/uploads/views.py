"""Uploading a file from the composer (its script sends each file here and puts the Markdown
it gets back where the cursor was), and serving files to those who may have them."""

import io

from flask import abort, jsonify, request, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import limits, queries
from forum.extensions import accepts_files
from forum.services import uploads
from forum.services.errors import DomainError
from forum.storage import storage
from forum.uploads import bp

# What a served file may do in the browser: nothing (no script, no plugin, no form), even if
# it is opened as a page of its own.
FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"
YEAR = 365 * 24 * 3600


@bp.post("/uploads")
@accepts_files
@limits.uploading
@login_required
def upload():
    """One file, from the composer's script: its Markdown and address as JSON, or the reason
    it was refused (in the member's language) with a 4xx."""
    picked = request.files.get("file")
    if picked is None or not picked.filename:
        return jsonify(error=_("Choose a file to upload.")), 400
    try:
        stored = uploads.receive(current_user, picked.filename, uploads.read_picked(picked))
    except DomainError as error:
        return jsonify(error=error.message), error.status
    return jsonify(
        markdown=uploads.markdown(stored),
        url=uploads.address(stored),
        name=stored.filename,
        size=stored.size,
        image=stored.is_image,
    ), 201


@bp.get("/uploads/<filename>")
def file(filename):
    """A file, or one of an image's thumbnails, to whoever may have it (a 404 to anyone else):
    only images show in the page; everything else downloads."""
    stored, width, name = queries.servable(current_user, filename) or abort(404)
    handle = uploads.open_file(stored, width) or abort(404)
    content_type = "image/webp" if width else stored.content_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    if not storage().serves_files:
        with handle:
            handle = io.BytesIO(handle.read())
    response = send_file(
        handle,
        mimetype=content_type,
        as_attachment=not stored.is_image,
        download_name=name,
        etag=filename,
        conditional=True,
        max_age=YEAR,
    )
    # Each reader's own: a file of a members-only community must not sit in a shared cache.
    response.headers["Cache-Control"] = f"private, max-age={YEAR}, immutable"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
