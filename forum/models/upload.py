from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

# A file's SHA-256, in hexadecimal: the name it is stored and served under.
SHA_LENGTH = 64
FILENAME_MAX = 120


class Upload(db.Model):
    """A file a member uploaded (forum.services.uploads). The bytes are kept once per content,
    under its hash, however many members upload them; each member's upload is a row."""

    __tablename__ = "uploads"
    __table_args__ = (
        UniqueConstraint("user_id", "sha256"),
        Index("ix_uploads_sha256", "sha256"),
        Index("ix_uploads_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(SHA_LENGTH))
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    # Read from the content: image/jpeg, application/pdf...; the extension it is served with.
    content_type: Mapped[str] = mapped_column(String(100))
    extension: Mapped[str] = mapped_column(String(8))
    size: Mapped[int]
    # Images: their size in pixels once upright, and the widths of their thumbnails
    # ("320 640"), each made when the image was uploaded.
    width: Mapped[int | None]
    height: Mapped[int | None]
    thumbnails: Mapped[str] = mapped_column(String(40), default="")
    # The text of a document (PDF, Word, OpenDocument text), read in the background for search;
    # None until read (or when there is none to read).
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_image(self):
        return self.width is not None

    @property
    def thumbnail_widths(self) -> list[int]:
        return [int(w) for w in self.thumbnails.split()]


class _ShownFile:
    """A file a post or message shows, as its cooking found it (forum.services.uploads.link):
    its hash, and what the list of files under it says of it."""

    sha256: Mapped[str] = mapped_column(String(SHA_LENGTH), primary_key=True)
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    extension: Mapped[str] = mapped_column(String(8))
    size: Mapped[int]
    is_image: Mapped[bool]


class PostUpload(_ShownFile, db.Model):
    """A file a post shows: served to whoever may read the post."""

    __tablename__ = "post_uploads"
    __table_args__ = (Index("ix_post_uploads_sha256", "sha256"),)

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)


class MessageUpload(_ShownFile, db.Model):
    """A file a private message shows: served to the conversation's participants."""

    __tablename__ = "message_uploads"
    __table_args__ = (Index("ix_message_uploads_sha256", "sha256"),)

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True)
