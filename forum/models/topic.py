from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

SOLUTIONS = ("answer", "synthesis")


class Topic(db.Model):
    __tablename__ = "topics"
    __table_args__ = (
        # One index per list the forum shows: a community's (pinned first, then by
        # activity, optionally one category), a category across communities, and latest.
        Index("ix_topics_community_listing", "community_id", "pinned", "bumped_at"),
        Index("ix_topics_community_category_listing", "community_id", "category_id", "pinned", "bumped_at"),
        Index("ix_topics_category_bumped", "category_id", "bumped_at"),
        # Latest: topics pinned site-wide first.
        Index("ix_topics_latest", "pinned_globally", "bumped_at"),
        # The "new" list: recent topics of the user's communities.
        Index("ix_topics_community_created", "community_id", "created_at"),
        # Each community's number of topics (the home page), counted from the index alone.
        Index(
            "ix_topics_live_community",
            "community_id",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    posts_count: Mapped[int] = mapped_column(default=0)
    highest_post_number: Mapped[int] = mapped_column(default=0)
    like_count: Mapped[int] = mapped_column(default=0)
    views: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    bumped_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_post_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Pinned first in its community; pinned_globally also first in the latest list.
    pinned: Mapped[bool] = mapped_column(default=False)
    pinned_globally: Mapped[bool] = mapped_column(default=False)
    closed: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)
    unlisted: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Its opening post waits for approval (Post.held): only its author and moderators see it.
    held: Mapped[bool] = mapped_column(default=False)
    # Its opening post is anonymous: lists do not show who started it.
    anonymous: Mapped[bool] = mapped_column(default=False)
    # A hard question is solved by an accepted reply, or by a coordinator's synthesis (a
    # reply too, which closes the inquiry); SOLUTIONS names which.
    accepted_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", use_alter=True, name="fk_topics_accepted_post_id_posts")
    )
    solution: Mapped[str] = mapped_column(String(16), default="")
    solved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Merged into another topic (its posts moved there; this one is deleted): old links
    # lead to the other.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"))
    # A new random number at every change to what the topic's page shows, set by database
    # triggers (migration 0017) in the writing transaction: the page cache's key (forum.pagecache).
    page_stamp: Mapped[int] = mapped_column(BigInteger, server_default="0")

    community = relationship("Community")
    category = relationship("Category")
    author = relationship("User", foreign_keys=[user_id])
    last_poster = relationship("User", foreign_keys=[last_post_user_id])
    accepted_post = relationship("Post", foreign_keys=[accepted_post_id], post_update=True)
    solved_by = relationship("User", foreign_keys=[solved_by_id])

    @property
    def is_question(self):
        """Hard questions are the topics that can be solved."""
        return self.category.kind == "questions"

    def set_solution(self, post, kind, user):
        """Solved by post: kind is one of SOLUTIONS, user who marked it."""
        self.accepted_post_id, self.solution, self.solved_by_id, self.solved_at = post.id, kind, user.id, utcnow()

    def clear_solution(self):
        self.accepted_post_id, self.solution, self.solved_by_id, self.solved_at = None, "", None, None

    @property
    def reply_count(self):
        return max(self.posts_count - 1, 0)

    def __repr__(self):
        return f"<Topic {self.id} {self.slug}>"
