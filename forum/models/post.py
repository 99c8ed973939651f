from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        # The guard behind post numbering: two replies can never share a number.
        UniqueConstraint("topic_id", "post_number"),
        Index("ix_posts_user_created", "user_id", "created_at"),
        Index("ix_posts_search_dirty", "search_dirty"),
        # The posts waiting for approval, a handful among many.
        Index("ix_posts_held", "held", sqlite_where=text("held"), postgresql_where=text("held")),
        # The posts whose readers are yet to be told (a handful, for seconds).
        Index(
            "ix_posts_notify_pending",
            "notify_pending",
            sqlite_where=text("notify_pending"),
            postgresql_where=text("notify_pending"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    post_number: Mapped[int]
    reply_to_post_number: Mapped[int | None]
    raw: Mapped[str] = mapped_column(Text)
    cooked: Mapped[str] = mapped_column(Text)
    cook_version: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    like_count: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[bool] = mapped_column(default=False)
    # What the author is told about a hidden post; empty while it waits for review after flags.
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Posted as "a member of this community" (failures and mistakes): nobody is shown the
    # author until a moderator reveals it, which the staff log records.
    anonymous: Mapped[bool] = mapped_column(default=False)
    # Written by a new account where the community holds such posts: hidden until a moderator
    # approves it (or deletes it).
    held: Mapped[bool] = mapped_column(default=False)
    search_dirty: Mapped[bool] = mapped_column(default=True)
    # Those the post concerns are yet to be told: set in the post's own transaction (or its
    # approval's), cleared in the one that writes their notifications (services.notifications).
    notify_pending: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    topic = relationship("Topic", foreign_keys=[topic_id])
    author = relationship("User")

    @property
    def is_first(self):
        return self.post_number == 1

    @property
    def is_removed(self):
        """Deleted by a moderator: the post itself, or, for an opening post, its topic."""
        return self.deleted_at is not None or (self.is_first and self.topic.deleted_at is not None)

    def __repr__(self):
        return f"<Post {self.topic_id}#{self.post_number}>"


class PostRevision(db.Model):
    """One edit of a post: what it was before and after. Version 1 is the original post."""

    __tablename__ = "post_revisions"
    __table_args__ = (UniqueConstraint("post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    number: Mapped[int]
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    raw_before: Mapped[str] = mapped_column(Text)
    raw_after: Mapped[str] = mapped_column(Text)
    title_before: Mapped[str | None] = mapped_column(String(255))
    title_after: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor = relationship("User")


def mark_topic_for_search(topic_id):
    """Every post of the topic is to be indexed again (in the caller's transaction): what a
    post is found by, and whether it is found at all, depends on its topic too. The search
    package applies dirty posts to its index after commit."""
    db.session.execute(
        update(Post)
        .where(Post.topic_id == topic_id)
        .values(search_dirty=True)
        .execution_options(synchronize_session=False)
    )
