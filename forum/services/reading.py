"""Read state: recording how far each user has read each topic, and how closely they follow
topics and communities. What then counts as new and unread is decided in forum.queries.reading.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value

from forum import permissions
from forum.extensions import db
from forum.models import Membership, Topic, TopicUser, User
from forum.models.base import utcnow
from forum.models.reading import LEVELS, TRACKING
from forum.services import preferences
from forum.services.errors import InvalidInput, NotAllowed

VISIT_GAP = timedelta(hours=1)


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
        select(TopicUser.last_read_post_number, TopicUser.notification_level).where(
            TopicUser.user_id == user.id, TopicUser.topic_id == topic.id
        )
    ).first()
    with db.engine.begin() as connection:
        connection.execute(_upsert(user.id, topic.id, read=read_up_to, level=TRACKING, raise_to=None, now=utcnow()))
    if row is None:
        return TopicState(last_read=0, level=TRACKING, known=False)
    return TopicState(last_read=row.last_read_post_number, level=row.notification_level, known=True)


def note_post(author, topic_id, post_number):
    """The author wrote post_number: they have read up to it, and the topic gets the level
    their preferences give to a topic they start or reply in (watching and tracking by
    default), unless they chose one for it. Runs inside the posting transaction."""
    level = preferences.post_level(author, starting=post_number == 1)
    db.session.execute(_upsert(author.id, topic_id, read=post_number, level=level, raise_to=level, now=utcnow()))


COMMUNITY_LEVELS = ("watching", "normal", "muted")


def community_level(user, community) -> str | None:
    """How the user follows the community, by name; None when they are not a member."""
    if not permissions.is_authenticated(user):
        return None
    level = db.session.scalar(
        select(Membership.notification_level).where(
            Membership.user_id == user.id, Membership.community_id == community.id
        )
    )
    return None if level is None else level_name(level)


def set_topic_level(user, topic, name):
    level = _level(name)
    db.session.execute(_upsert(user.id, topic.id, read=0, level=level, raise_to=None, now=utcnow(), chosen=True))
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
        .where(
            TopicUser.user_id == user.id,
            TopicUser.notification_level >= TRACKING,
            TopicUser.last_read_post_number < highest,
        )
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
        user_id=user_id,
        topic_id=topic_id,
        last_read_post_number=read,
        notification_level=level,
        level_chosen=chosen,
        first_visited_at=now,
        last_visited_at=now,
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
