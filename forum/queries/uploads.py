"""Uploaded files: which one a served address names, if the reader may have it, and the files
each post and message of a page shows."""

import re
from typing import NamedTuple

from sqlalchemy import false, or_, select, union_all

from forum import permissions
from forum.extensions import db
from forum.models import Community, Message, MessageUpload, Post, PostUpload, Topic, Upload

# What a served file's name looks like: SHA.EXT, or SHA-WIDTH.webp for a thumbnail.
SERVED_NAME = re.compile(r"^([0-9a-f]{64})(?:-(\d{1,4}))?\.([a-z0-9]{1,5})$")


class Served(NamedTuple):
    upload: Upload
    width: int | None  # a thumbnail's, or None for the file itself
    name: str  # what the download is called for this reader


def servable(user, name) -> Served | None:
    """The file (or thumbnail) a served name stands for, when it exists and the user may have
    it: uploaded it, or may read something that shows it. Else None (a 404 either way, so that
    nobody learns which files exist). Its name is the one the reader knows it by: their own, or
    one of the posts or messages they may read that show it, never another uploader's."""
    match = SERVED_NAME.match(name)
    if not match:
        return None
    sha, width, extension = match.group(1), match.group(2), match.group(3)
    own = Upload.user_id == user.id if permissions.is_authenticated(user) else false()
    stmt = select(Upload, own.label("own")).where(
        Upload.sha256 == sha, or_(own, permissions.readable_file_clause(user, sha))
    )
    if width is None:
        stmt = stmt.where(Upload.extension == extension)
    if permissions.is_authenticated(user):
        stmt = stmt.order_by(own.desc())  # the reader's own row first
    found = db.session.execute(stmt.limit(1)).first()
    if found is None:
        return None
    upload, is_own = found
    if width is not None:
        if extension != "webp" or int(width) not in upload.thumbnail_widths:
            return None
        return Served(upload, int(width), f"{sha[:12]}-{width}.webp")
    return Served(upload, None, upload.filename if is_own else _shown_name(user, upload))


def _shown_name(user, upload) -> str:
    """The name a post or message the user may read gives the file; else its hash."""
    in_posts = (
        select(PostUpload.filename)
        .join(Post, Post.id == PostUpload.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .join(Community, Community.id == Topic.community_id)
        .where(PostUpload.sha256 == upload.sha256, permissions.readable_posts_clause(user))
    )
    in_messages = (
        select(MessageUpload.filename)
        .join(Message, Message.id == MessageUpload.message_id)
        .where(
            MessageUpload.sha256 == upload.sha256,
            Message.removed_at.is_(None),
            permissions.in_conversation_clause(user, Message.conversation_id),
        )
    )
    name = db.session.scalar(union_all(in_posts, in_messages).limit(1))
    return name or f"{upload.sha256[:12]}.{upload.extension}"


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
