"""Uploaded files: which one a served address names, if the reader may have it, and the files
each post and message of a page shows."""

import re

from sqlalchemy import or_, select

from forum import permissions
from forum.extensions import db
from forum.models import MessageUpload, PostUpload, Upload

# What a served file's name looks like: SHA.EXT, or SHA-WIDTH.webp for a thumbnail.
SERVED_NAME = re.compile(r"^([0-9a-f]{64})(?:-(\d{1,4}))?\.([a-z0-9]{1,5})$")


def servable(user, name):
    """(Upload, thumbnail width or None) for a served name when the file exists and the user
    may have it: uploaded it, or may read something that shows it. Else None (a 404 either
    way, so that nobody learns which files exist)."""
    match = SERVED_NAME.match(name)
    if not match:
        return None
    sha, width, extension = match.group(1), match.group(2), match.group(3)
    own = Upload.user_id == user.id if permissions.is_authenticated(user) else Upload.id.is_(None)
    upload = db.session.scalars(
        select(Upload).where(Upload.sha256 == sha, or_(own, permissions.readable_file_clause(user, sha))).limit(1)
    ).first()
    if upload is None:
        return None
    if width is None:
        return (upload, None) if extension == upload.extension else None
    if extension != "webp" or int(width) not in upload.thumbnail_widths:
        return None
    return upload, int(width)


def files_of_posts(posts) -> dict[int, list[PostUpload]]:
    """The files each of these posts shows that are not images, for the list under it. One
    statement; none when no post links a file (cooking marks each such link "attachment")."""
    return _grouped(PostUpload, PostUpload.post_id, [p.id for p in posts if 'class="attachment"' in p.cooked])


def files_of_messages(message_ids) -> dict[int, list[MessageUpload]]:
    """The files each of these messages shows. One statement."""
    return _grouped(MessageUpload, MessageUpload.message_id, message_ids)


def _grouped(model, owner, ids):
    if not ids:
        return {}
    found = {}
    rows = select(model).where(owner.in_(list(ids)), model.is_image.is_(False)).order_by(owner, model.filename)
    for row in db.session.scalars(rows):
        found.setdefault(getattr(row, owner.key), []).append(row)
    return found
