from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

# Why a member flags a post; "other" needs a message for the reviewers.
FLAG_REASONS = ("spam", "inappropriate", "off_topic", "other")
# How a reviewer settled a post's pending flags.
FLAG_OUTCOMES = ("agreed", "disagreed", "ignored")
REASON_MAX = 500


class Flag(db.Model):
    """One member's report of one post, pending until a reviewer settles it."""

    __tablename__ = "flags"
    __table_args__ = (
        # A member flags a post once; a second flag is "already done".
        UniqueConstraint("post_id", "user_id"),
        # The review queue: pending flags, oldest first.
        Index("ix_flags_outcome_created", "outcome", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None while pending, then one of FLAG_OUTCOMES.
    outcome: Mapped[str | None] = mapped_column(String(16))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post = relationship("Post")
    user = relationship("User", foreign_keys=[user_id])


class StaffAction(db.Model):
    """The staff action log: who did what, on what, why and when. Rows are only added."""

    __tablename__ = "staff_actions"
    __table_args__ = (
        Index("ix_staff_actions_created", "created_at"),
        Index("ix_staff_actions_action_created", "action", "created_at"),
        Index("ix_staff_actions_community_created", "community_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    # What the reason does not say: the end of a suspension, the flags settled ...
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User", foreign_keys=[actor_id])
    target_user = relationship("User", foreign_keys=[target_user_id])
    community = relationship("Community")
    topic = relationship("Topic")
    post = relationship("Post")
