from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

# How closely a user follows a topic or a community, lowest first:
# muted: never notified, left out of the unread and new lists;
# normal: notified only when mentioned, quoted or replied to;
# tracking: also shows the topic's count of unread posts;
# watching: also notified of every new post (a topic) or every new topic (a community).
MUTED, NORMAL, TRACKING, WATCHING = 0, 1, 2, 3
LEVELS = {"muted": MUTED, "normal": NORMAL, "tracking": TRACKING, "watching": WATCHING}


class TopicUser(db.Model):
    """One user's read state of one topic: how far they have read and how they follow it."""

    __tablename__ = "topic_users"
    __table_args__ = (
        # Fan-out finds a topic's watchers without reading its other readers.
        Index("ix_topic_users_topic_level", "topic_id", "notification_level"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), primary_key=True)
    # A high-water mark: it only ever grows.
    last_read_post_number: Mapped[int] = mapped_column(default=0)
    notification_level: Mapped[int] = mapped_column(default=TRACKING)
    # Once the user picks a level themselves, replying no longer changes it for them.
    level_chosen: Mapped[bool] = mapped_column(default=False)
    first_visited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_visited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
