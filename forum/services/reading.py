"""Read state: how far each user has read each topic, what is new and unread to them, and
how closely they follow topics and communities.

What counts as new and unread is decided here and nowhere else; the list queries take
their WHERE clauses from these functions.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value

from forum import permissions
from forum.extensions import db
from forum.models import Membership, Topic, TopicUser, User
from forum.models.base import utcnow
from forum.models.reading import LEVELS, MUTED, NORMAL, TRACKING
from forum.services import preferences
from forum.services.errors import InvalidInput, NotAllowed

VISIT_GAP = timedelta(hours=1)


@dataclass(frozen=True)
class Reading:
    """What one topic row of a list shows of the reader's state."""

    last_read: int = 0
    unread: int = 0
    new: bool = False

    @property
    def first_unread(self):
        return self.last_read + 1 if self.unread else None


# Visits ---------------------------------------------------------------------------------

def record_visit(user, now=None):
    """Note that the user is here. At most once per VISIT_GAP: the visit before becomes
    previous_visit_at, the reference point of "new since your last visit"."""
    now = now or utcnow()
    if user.last_seen_at is not None and now - user.last_seen_at < VISIT_GAP:
        return
    values = {"last_seen_at": now, "previous_visit_at": user.last_seen_at or user.created_at}
    # On a connection of its own, so the request's session (and the user in it) stays loaded.
    with db.engine.begin() as connection:
        connection.execute(update(User).where(User.id == user.id).values(**values))
    for name, value in values.items():
        set_committed_value(user, name, value)


def new_since(user, now=None) -> datetime:
    """Topics created after this moment, and not yet opened, are new to the user: those of the
    last NEW_TOPIC_DAYS, or of the time since the previous visit if that is longer, but none
    from before the account existed or before the user last dismissed them."""
    now = now or utcnow()
    window = now - timedelta(days=current_app.config["NEW_TOPIC_DAYS"])
    since = min(window, user.previous_visit_at or user.created_at)
    return max(since, user.created_at, user.dismissed_new_at or user.created_at)


# Clauses for the list queries -------------------------------------------------------------

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
    return and_(TopicUser.notification_level >= TRACKING,
                Topic.highest_post_number > TopicUser.last_read_post_number)


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


# Writes -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TopicState:
    """The reader's state of the topic they are looking at, as it was before this visit."""

    last_read: int
    level: int
    known: bool

    @property
    def level_name(self):
        return level_name(self.level)


def visit_topic(user, topic, read_up_to) -> TopicState:
    """The user has the posts up to read_up_to on screen: mark them read (the mark only ever
    grows) and start tracking the topic on a first visit. Returns the state from before.

    The write goes through a connection of its own, so that the page's rows stay loaded."""
    row = db.session.execute(
        select(TopicUser.last_read_post_number, TopicUser.notification_level)
        .where(TopicUser.user_id == user.id, TopicUser.topic_id == topic.id)
    ).first()
    with db.engine.begin() as connection:
        connection.execute(_upsert(user.id, topic.id, read=read_up_to, level=TRACKING,
                                   raise_to=None, now=utcnow()))
    if row is None:
        return TopicState(last_read=0, level=TRACKING, known=False)
    return TopicState(last_read=row.last_read_post_number, level=row.notification_level, known=True)


def note_post(author, topic_id, post_number):
    """The author wrote post_number: they have read up to it, and the topic gets the level
    their preferences give to a topic they start or reply in (watching and tracking by
    default), unless they chose one for it. Runs inside the posting transaction."""
    level = preferences.post_level(author, starting=post_number == 1)
    db.session.execute(_upsert(author.id, topic_id, read=post_number, level=level,
                               raise_to=level, now=utcnow()))


COMMUNITY_LEVELS = ("watching", "normal", "muted")


def community_level(user, community) -> str | None:
    """How the user follows the community, by name; None when they are not a member."""
    if not permissions.is_authenticated(user):
        return None
    level = db.session.scalar(select(Membership.notification_level).where(
        Membership.user_id == user.id, Membership.community_id == community.id))
    return None if level is None else level_name(level)


def set_topic_level(user, topic, name):
    level = _level(name)
    db.session.execute(_upsert(user.id, topic.id, read=0, level=level, raise_to=None,
                               now=utcnow(), chosen=True))
    db.session.commit()


def set_community_level(user, community, name):
    level = _level(name if name in COMMUNITY_LEVELS else None)
    membership = db.session.get(Membership, (user.id, community.id))
    if membership is None:
        raise NotAllowed(_("Join this community to follow it."))
    membership.notification_level = level
    db.session.commit()


def dismiss_new(user, now=None):
    """Everything new now stops being new: one timestamp, not a row per topic."""
    db.session.execute(update(User).where(User.id == user.id).values(dismissed_new_at=now or utcnow()))
    db.session.commit()


def dismiss_unread(user):
    """Mark every unread topic of the user read, in one statement."""
    highest = select(Topic.highest_post_number).where(Topic.id == TopicUser.topic_id).scalar_subquery()
    db.session.execute(
        update(TopicUser)
        .where(TopicUser.user_id == user.id, TopicUser.notification_level >= TRACKING,
               TopicUser.last_read_post_number < highest)
        .values(last_read_post_number=highest)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def level_name(level):
    return next(name for name, value in LEVELS.items() if value == level)


def _level(name):
    if name not in LEVELS:
        raise InvalidInput(_("Unknown notification level."), field="level")
    return LEVELS[name]


def _upsert(user_id, topic_id, *, read, level, raise_to, now, chosen=False):
    """One INSERT … ON CONFLICT that creates or updates a TopicUser row.

    read raises the high-water mark; a new row starts at level; on an existing row,
    raise_to lifts an automatic level up to it (never down, never over a chosen one), and
    chosen=True sets level as the user's choice."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(TopicUser).values(
        user_id=user_id, topic_id=topic_id, last_read_post_number=read, notification_level=level,
        level_chosen=chosen, first_visited_at=now, last_visited_at=now,
    )
    table = TopicUser.__table__.c
    values = {
        "last_read_post_number": case((table.last_read_post_number < read, read), else_=table.last_read_post_number),
        "last_visited_at": now,
    }
    if chosen:
        values.update(notification_level=level, level_chosen=True)
    elif raise_to is not None:
        values["notification_level"] = case(
            (and_(table.level_chosen.is_(False), table.notification_level < raise_to), raise_to),
            else_=table.notification_level,
        )
    return insert.on_conflict_do_update(index_elements=["user_id", "topic_id"], set_=values)
