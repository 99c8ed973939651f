from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

# What a notification tells its reader, most personal first: when one post concerns a
# reader in several ways, they get one notification, of the first kind that applies.
KINDS = (
    "mention",
    "quote",
    "reply",
    "posted",
    "new_topic",
    "reaction",
    # Moderation outcomes: to the author of a post, and to the members who flagged it.
    "post_hidden",
    "post_restored",
    "post_deleted",
    "flag_agreed",
    "flag_disagreed",
    # To the author of an anonymous post whose name a moderator looked up.
    "author_revealed",
    # To a new account whose post held for approval was approved.
    "post_approved",
    # To the author of the reply that answers a hard question.
    "answer_accepted",
    # To the author of a post a curator put in the best-practice library.
    "curated",
)
MODERATION_KINDS = (
    "post_hidden",
    "post_restored",
    "post_deleted",
    "flag_agreed",
    "flag_disagreed",
    "author_revealed",
    "post_approved",
)


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The bell's page: a reader's notifications, newest first.
        Index("ix_notifications_user_created", "user_id", "created_at"),
        # Collapsing reactions: the reader's unread one about the same post.
        Index("ix_notifications_user_post_kind", "user_id", "post_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    # Who did it; for collapsed reactions the latest of actor_count people.
    # None when the forum itself acts (a post hidden by the community's flags).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_count: Mapped[int] = mapped_column(default=1)
    # A word from the moderators that comes with a moderation outcome.
    note: Mapped[str] = mapped_column(String(500), default="")
    read: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set once the notification went out by email, alone or in a daily summary.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])
    actor = relationship("User", foreign_keys=[actor_id])
    topic = relationship("Topic")
    post = relationship("Post")
