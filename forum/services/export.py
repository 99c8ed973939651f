"""Taking one's data: a ZIP of what the member wrote and kept (posts as Markdown, the files they
uploaded, bookmarks, reactions given, notifications, profile and preferences), prepared by a background job, one at
a time, and emailed as a link that works EXPORT_LINK_SECONDS for the member alone.

Files live in the instance folder's exports/; a member's newer ZIP, deleting the account, or
the hourly clean-up once the link has expired removes them.
"""

import json
from datetime import timedelta
import secrets
import time
import zipfile
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from forum import jobs, mail
from forum.extensions import db
from forum.models import Bookmark, Conversation, Message, Notification, Post, Reaction, Topic, Upload, User
from forum.models.base import utcnow
from forum.services import uploads
from forum.services.emails import one_off_email, reachable
from forum.services.errors import AlreadyDone, DomainError, Gone, InvalidInput
from forum.services.links import SignedLink

SALT = "data-export"
# An export that has not finished in this long is taken to have failed: it may be asked again.
STALE_SECONDS = 3600


class InvalidExportLink(DomainError):
    status = 404
    default_message = _l("This download link does not work. Ask for your data again from your preferences.")


class ExpiredExportLink(Gone):
    default_message = _l("This download link has expired. Ask for your data again from your preferences.")


LINK = SignedLink(SALT, "EXPORT_LINK_SECONDS", InvalidExportLink, ExpiredExportLink)


def folder() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / "exports"


def request_export(user):
    """Queue the member's ZIP; one at a time (AlreadyDone while one is being prepared)."""
    if not reachable(user):
        raise InvalidInput(_("Confirm your email address first: the link to your data is sent there."))
    now = utcnow()
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.export_requested_at.is_(None), User.export_requested_at < _stale(now)),
        )
        .values(export_requested_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        raise AlreadyDone(_("Your data is being prepared: the link will arrive by email."))
    build_export.enqueue(user.id)


def _stale(now):
    return now - timedelta(seconds=STALE_SECONDS)


def file_for(token, user) -> Path:
    """The ZIP a download link names, for the member it was sent to only."""
    owner, name = LINK.read(token)
    path = folder() / name
    if owner.id != user.id or Path(name).name != name or not name.startswith(f"{user.id}-"):
        raise InvalidExportLink()
    if not path.is_file():
        raise ExpiredExportLink()
    return path


@jobs.periodic(minute="23")
def remove_expired_exports():
    """Hourly: the ZIPs whose link has expired are deleted."""
    expired = time.time() - current_app.config["EXPORT_LINK_SECONDS"]
    for path in folder().glob("*.zip"):
        if path.stat().st_mtime < expired:
            path.unlink(missing_ok=True)


def remove_exports(user):
    for path in folder().glob(f"{user.id}-*.zip"):
        path.unlink(missing_ok=True)


@jobs.job
def build_export(user_id):
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        return
    try:
        remove_exports(user)
        folder().mkdir(parents=True, exist_ok=True)
        name = f"{user.id}-{secrets.token_hex(16)}.zip"
        _write_zip(user, folder() / name)
        db.session.refresh(user)
        if user.deleted_at is not None or not reachable(user):  # deleted (or changed) meanwhile
            (folder() / name).unlink(missing_ok=True)
            return
        subject, text, html = one_off_email(
            "data_export",
            user.locale,
            lambda: _("Your Halaqa data is ready"),
            user=user,
            token=LINK.token(user, name),
            hours=current_app.config["EXPORT_LINK_SECONDS"] // 3600,
        )
        mail.deliver(mail.compose(user.email, subject, text, html))
    finally:
        db.session.rollback()
        db.session.execute(update(User).where(User.id == user_id).values(export_requested_at=None))
        db.session.commit()


def _write_zip(user, path):
    base = current_app.config["BASE_URL"].rstrip("/")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profile.json", _json(_profile(user)))
        posts = db.session.execute(
            select(Post, Topic.title).join(Topic, Topic.id == Post.topic_id).where(Post.user_id == user.id)
        ).yield_per(500)
        for post, title in posts:
            archive.writestr(f"posts/{post.topic_id}-{post.post_number}.md", _markdown(post, title, base))
        # The messages they wrote (the others' words are the others' to take).
        messages = db.session.execute(
            select(Message, Conversation.subject)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Message.author_id == user.id, Message.removed_at.is_(None))
        ).yield_per(500)
        for message, subject in messages:
            archive.writestr(
                f"messages/{message.conversation_id}-{message.number}.md",
                f"# {subject}\n\n{message.created_at.isoformat()} · {base}/messages/{message.conversation_id}\n\n"
                f"{message.raw}\n",
            )
        _write_files(user, archive)
        archive.writestr("bookmarks.json", _json(_rows(user, Bookmark, ("post_id", "note", "created_at"), base)))
        archive.writestr("reactions.json", _json(_rows(user, Reaction, ("post_id", "kind", "created_at"), base)))
        archive.writestr(
            "notifications.json",
            _json(_rows(user, Notification, ("kind", "topic_id", "post_id", "read", "created_at"))),
        )


def _write_files(user, archive):
    """The files the member uploaded, under files/ as their posts name them (SHA.EXT), with
    files.json giving each its name, type, size and date."""
    listed = []
    for upload in db.session.scalars(select(Upload).where(Upload.user_id == user.id).order_by(Upload.id)):
        handle = uploads.open_file(upload)
        if handle is None:
            continue
        with handle:
            archive.writestr(f"files/{upload.sha256}.{upload.extension}", handle.read())
        listed.append(
            {
                "file": f"files/{upload.sha256}.{upload.extension}",
                "name": upload.filename,
                "type": upload.content_type,
                "size": upload.size,
                "uploaded_at": upload.created_at,
            }
        )
    archive.writestr("files.json", _json(listed))


def _profile(user):
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "bio": user.bio,
        "locale": user.locale,
        "joined_at": user.created_at.isoformat(),
        "email_digest": user.email_digest,
        "preferences": user.preferences,
        "profession": user.profession,
        "subjects": user.subjects,
        "grades": user.grades,
    }


def _markdown(post, title, base):
    when = post.created_at.isoformat()
    return f"# {title}\n\n#{post.post_number} · {when} · {base}/p/{post.id}\n\n{post.raw}\n"


def _rows(user, model, columns, base=None):
    rows = []
    for row in db.session.scalars(select(model).where(model.user_id == user.id).order_by(model.id)):
        item = {name: getattr(row, name) for name in columns}
        if base and "post_id" in item:
            item["post"] = f"{base}/p/{item['post_id']}"
        rows.append(item)
    return rows


def _json(value):
    return json.dumps(value, ensure_ascii=False, indent=2, default=lambda v: v.isoformat())
