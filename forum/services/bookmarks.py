"""Bookmarks: posts a user keeps to find again, each with an optional note."""

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Bookmark
from forum.models.bookmark import NOTE_MAX
from forum.services.errors import AlreadyDone, InvalidInput
from forum.text import clean_line


def bookmark(user, post, note="") -> Bookmark:
    """Keep post (one the user can see; the caller checks) with note; a second call changes
    the note."""
    note = clean_line(note or "")
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("A bookmark's note has at most %(max)d characters.", max=NOTE_MAX), field="note")
    existing = db.session.scalars(
        select(Bookmark).where(Bookmark.user_id == user.id, Bookmark.post_id == post.id)
    ).first()
    if existing is not None:
        existing.note = note
        db.session.commit()
        return existing
    mark = Bookmark(user_id=user.id, post_id=post.id, note=note)
    db.session.add(mark)
    try:
        db.session.commit()
    except IntegrityError:
        # The same bookmark from another tab in the meantime: keep that one, with this note.
        db.session.rollback()
        return bookmark(user, post, note)
    return mark


def remove_bookmark(user, post):
    removed = db.session.execute(
        delete(Bookmark).where(Bookmark.user_id == user.id, Bookmark.post_id == post.id)
    ).rowcount
    if not removed:
        raise AlreadyDone(_("This post is not among your bookmarks."))
    db.session.commit()
