"""What is new and unread to a reader: the clauses the topic lists filter and order by, and
the state each listed topic shows. Decided here and nowhere else."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func

from forum.models import Membership, Topic, TopicUser
from forum.models.base import utcnow
from forum.models.reading import MUTED, NORMAL, TRACKING


@dataclass(frozen=True)
class Reading:
    """What one topic row of a list shows of the reader's state."""

    last_read: int = 0
    unread: int = 0
    new: bool = False

    @property
    def first_unread(self):
        return self.last_read + 1 if self.unread else None


def new_since(user, now=None) -> datetime:
    """Topics created after this moment, and not yet opened, are new to the user: those of the
    last NEW_TOPIC_DAYS, or of the time since the previous visit if that is longer, but none
    from before the account existed or before the user last dismissed them."""
    now = now or utcnow()
    window = now - timedelta(days=current_app.config["NEW_TOPIC_DAYS"])
    since = min(window, user.previous_visit_at or user.created_at)
    return max(since, user.created_at, user.dismissed_new_at or user.created_at)


# Clauses -------------------------------------------------------------


def state_join(user):
    """The ON clause joining a user's TopicUser row to Topic."""
    return and_(TopicUser.topic_id == Topic.id, TopicUser.user_id == user.id)


def membership_join(user):
    return and_(Membership.community_id == Topic.community_id, Membership.user_id == user.id)


def not_muted_clause():
    """Neither the topic nor its community is muted (with both rows outer-joined)."""
    return and_(
        func.coalesce(TopicUser.notification_level, NORMAL) != MUTED,
        func.coalesce(Membership.notification_level, NORMAL) != MUTED,
    )


def unread_clause():
    return and_(TopicUser.notification_level >= TRACKING, Topic.highest_post_number > TopicUser.last_read_post_number)


def new_clause(user, now=None):
    """Topics of the user's communities, not theirs, created since new_since and never opened
    (with both rows outer-joined)."""
    return and_(
        Membership.user_id.is_not(None),
        Topic.created_at > new_since(user, now),
        Topic.user_id != user.id,
        func.coalesce(TopicUser.last_read_post_number, 0) == 0,
    )


def reading_of(topic, last_read, level, new) -> Reading:
    """The Reading of a listed topic from its outer-joined columns and new_clause's value."""
    if last_read is None:
        return Reading(new=new)
    unread = topic.highest_post_number - last_read if level >= TRACKING else 0
    return Reading(last_read=last_read, unread=max(unread, 0), new=new)
