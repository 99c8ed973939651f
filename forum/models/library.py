from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

# The tags a curator gives an entry, by which the library is filtered (their labels:
# forum.templating.SUBJECT_LABELS and GRADE_LABELS).
SUBJECTS = (
    "arabic",
    "english",
    "french",
    "mathematics",
    "science",
    "social_studies",
    "religion",
    "arts",
    "physical_education",
    "technology",
    "special_needs",
    "whole_school",
)
GRADES = ("early_years", "primary_lower", "primary_upper", "middle", "secondary", "all_grades")
NOMINATION_OUTCOMES = ("promoted", "declined")
SUMMARY_MAX, NOMINATION_REASON_MAX = 2000, 500


class LibraryEntry(db.Model):
    """A best practice the curators chose: a whole topic (its opening post) or one reply,
    with a curator's title, summary and tags, linking back to the discussion. A retired
    entry leaves the library and stays here, as the staff log does."""

    __tablename__ = "library_entries"
    __table_args__ = (
        # A post is in the library at most once at a time (again after it is retired).
        Index(
            "uq_library_entries_live_post",
            "post_id",
            unique=True,
            sqlite_where=text("retired_at IS NULL"),
            postgresql_where=text("retired_at IS NULL"),
        ),
        # The library's page and feed: live entries, newest first.
        Index("ix_library_entries_retired_created", "retired_at", "created_at"),
        Index("ix_library_entries_topic", "topic_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    title: Mapped[str] = mapped_column(String(255))
    summary_raw: Mapped[str] = mapped_column(Text)
    summary_cooked: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(32))
    grade: Mapped[str] = mapped_column(String(32))
    curator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retired_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retire_reason: Mapped[str] = mapped_column(String(500), default="")

    post = relationship("Post")
    topic = relationship("Topic")
    community = relationship("Community")
    curator = relationship("User", foreign_keys=[curator_id])

    @property
    def whole_topic(self):
        """Promoting the opening post puts the whole discussion in the library."""
        return self.post.post_number == 1


class Nomination(db.Model):
    """A member's suggestion that a post belongs in the library, pending until a curator of
    its community promotes the post or declines."""

    __tablename__ = "nominations"
    __table_args__ = (
        UniqueConstraint("post_id", "user_id"),
        # The curators' queue: pending nominations, oldest first.
        Index("ix_nominations_outcome_created", "outcome", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(NOMINATION_REASON_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None while pending, then one of NOMINATION_OUTCOMES.
    outcome: Mapped[str | None] = mapped_column(String(16))
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post = relationship("Post")
    user = relationship("User", foreign_keys=[user_id])
