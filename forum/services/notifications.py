"""Notifications: who is told of what, and the bell's figure.

A new post tells, each once and by the most personal reason first: the people it mentions,
the authors of the posts it quotes, the author of the post (or topic) it replies to, and
everyone watching the topic (for a reply) or the community (for a new topic). Nobody is
told of their own post, of a topic they muted or cannot see. Reactions to a post collapse
into one unread notification: "Mona and 3 others".

The work runs in a job after the post's commit, never in the posting request. It is not
lost when that job is: the post's notify_pending mark, written with the post, stays until its
notifications are written, and a sweep in every worker tells what no job told.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import joinedload

from forum import events, jobs, permissions
from forum.extensions import db
from forum.markup import references
from forum.models import Membership, Notification, Post, Reaction, Topic, TopicUser, User
from forum.models.base import utcnow
from forum.models.reading import WATCHING
from forum.queries import Page, reading
from forum.services.errors import DomainError
from forum.text import fold_key


class NotificationNotFound(DomainError):
    status = 404


def init_notifications(app):
    events.post_created.connect(_post_created, weak=False)
    events.reaction_added.connect(_reaction_added, weak=False)
    events.post_revised.connect(_post_revised, weak=False)


def _post_created(sender=None, post_id=None, **ignored):
    jobs.run_after_commit(notify_post, post_id)


def _post_revised(sender=None, post_id=None, **ignored):
    jobs.run_after_commit(notify_revision, post_id)


def _reaction_added(sender=None, reaction_id=None, **ignored):
    jobs.run_after_commit(notify_reaction, reaction_id)


@jobs.job
def notify_post(post_id):
    """Tell those a new post concerns, once: the post's notify_pending mark is claimed in the
    transaction that writes their notifications, so a job run twice, or beside the sweep,
    tells nobody twice, and a job that dies midway leaves the mark for the sweep."""
    if not _claim(post_id):
        db.session.rollback()
        return  # told already, or not to be told yet (held for approval: the mark comes with approval)
    post = db.session.scalars(
        select(Post).where(Post.id == post_id).options(joinedload(Post.topic).joinedload(Topic.community))
    ).first()
    if post.deleted_at is not None:
        db.session.commit()  # deleted before its readers were told: nobody is
        return
    topic = post.topic
    told: dict[int, str] = {}

    def tell(user_ids, kind):
        for user_id in user_ids:
            if user_id != post.user_id:
                told.setdefault(user_id, kind)

    mentioned, quoted = references(post.cooked)
    tell(_mentioned_ids(mentioned), "mention")
    if quoted:
        tell(db.session.scalars(select(Post.user_id).where(Post.id.in_(quoted), Post.deleted_at.is_(None))), "quote")
    if post.post_number > 1:
        replied_to = post.reply_to_post_number or 1
        tell(
            db.session.scalars(select(Post.user_id).where(Post.topic_id == topic.id, Post.post_number == replied_to)),
            "reply",
        )
        tell(
            db.session.scalars(
                select(TopicUser.user_id).where(
                    TopicUser.topic_id == topic.id, TopicUser.notification_level == WATCHING
                )
            ),
            "posted",
        )
    else:
        tell(
            db.session.scalars(
                select(Membership.user_id).where(
                    Membership.community_id == topic.community_id, Membership.notification_level == WATCHING
                )
            ),
            "new_topic",
        )
    _notify(post, told, at=post.created_at)


@jobs.job
def notify_revision(post_id):
    """An edit that mentions someone new tells them, as Discourse does; anyone already told
    about this post (by any reason) is not told again."""
    post = db.session.scalars(
        select(Post).where(Post.id == post_id).options(joinedload(Post.topic).joinedload(Topic.community))
    ).first()
    if post is None or post.deleted_at is not None:
        return
    mentioned, _quoted = references(post.cooked)
    already = set(
        db.session.scalars(
            select(Notification.user_id).where(Notification.post_id == post.id, Notification.kind != "reaction")
        )
    )
    _notify(
        post,
        {
            user_id: "mention"
            for user_id in _mentioned_ids(mentioned)
            if user_id != post.user_id and user_id not in already
        },
        at=post.updated_at,
    )


def _claim(post_id) -> bool:
    """Take the post's notify_pending mark in the current transaction. Concurrent claimants
    queue on the row's lock; only the first finds the mark still set."""
    stmt = (
        update(Post)
        .where(Post.id == post_id, Post.notify_pending.is_(True))
        .values(notify_pending=False)
        .returning(Post.id)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).first() is not None


@jobs.sweep
def sweep_pending(now=None) -> int:
    """Tell every post whose job did not; returns how many were told. A post still waiting
    JOBS_SWEEP_GRACE_SECONDS after it was written was not told by its job (lost with a killed
    worker, or never queued while the queue was down)."""
    due = (now or utcnow()) - timedelta(seconds=current_app.config["JOBS_SWEEP_GRACE_SECONDS"])
    pending = list(
        db.session.scalars(
            select(Post.id).where(Post.notify_pending.is_(True), Post.created_at < due).order_by(Post.id).limit(200)
        )
    )
    db.session.rollback()
    for post_id in pending:
        notify_post(post_id)
    return len(pending)


def _mentioned_ids(usernames):
    if not usernames:
        return []
    return db.session.scalars(select(User.id).where(User.username_key.in_([fold_key(name) for name in usernames])))


def _notify(post, told: dict[int, str], at):
    """Write told's notifications (user id -> kind) about post, dated at, for those who may
    be told."""
    audience = _audience(post.topic, told)
    created = []
    if audience:
        created = list(
            db.session.scalars(
                insert(Notification).returning(Notification.id),
                [
                    {
                        "user_id": user_id,
                        "kind": told[user_id],
                        "topic_id": post.topic_id,
                        "post_id": post.id,
                        # An anonymous post's notifications name nobody, not even in the database row.
                        "actor_id": None if post.anonymous else post.user_id,
                        "actor_count": 1,
                        "read": False,
                        "created_at": at,
                    }
                    for user_id in audience
                ],
            )
        )
        _recount(audience)
    db.session.commit()
    if created:
        events.notified.send(notification_ids=created)


@jobs.job
def notify_reaction(reaction_id):
    """Tell the post's author; while they have not read it, later reactions to the same post
    join the same notification."""
    reaction = db.session.get(Reaction, reaction_id)
    if reaction is None:
        return
    post = db.session.scalars(
        select(Post).where(Post.id == reaction.post_id).options(joinedload(Post.topic).joinedload(Topic.community))
    ).one()
    if post.user_id == reaction.user_id or not _audience(post.topic, [post.user_id]):
        return
    unread = db.session.scalars(
        select(Notification).where(
            Notification.user_id == post.user_id,
            Notification.post_id == post.id,
            Notification.kind == "reaction",
            Notification.read.is_(False),
        )
    ).first()
    if unread is None:
        unread = Notification(
            user_id=post.user_id,
            kind="reaction",
            topic_id=post.topic_id,
            post_id=post.id,
            actor_id=reaction.user_id,
            created_at=reaction.created_at,
        )
        db.session.add(unread)
    elif unread.actor_id != reaction.user_id:
        unread.actor_id, unread.created_at = reaction.user_id, reaction.created_at
        unread.actor_count = _reactors_since_read(post)
    db.session.flush()
    _recount([post.user_id])
    db.session.commit()
    events.notified.send(notification_ids=[unread.id])


def _reactors_since_read(post):
    """How many people reacted to the post since its author last read a notification of its
    reactions (such a notification carries the time of the last reaction it told of)."""
    read_until = (
        select(func.max(Notification.created_at))
        .where(
            Notification.user_id == post.user_id,
            Notification.post_id == post.id,
            Notification.kind == "reaction",
            Notification.read.is_(True),
        )
        .scalar_subquery()
    )
    return db.session.scalar(
        select(func.count(func.distinct(Reaction.user_id))).where(
            Reaction.post_id == post.id, or_(read_until.is_(None), Reaction.created_at > read_until)
        )
    )


def _audience(topic, user_ids, *, respect_mutes=True) -> list[int]:
    """Of these users, those who may be told about the topic (permissions.audience_clause)
    and have not muted it or its community. One query, however many users."""
    user_ids = list(user_ids)
    if not user_ids:
        return []
    stmt = (
        select(User.id)
        .outerjoin(Membership, and_(Membership.user_id == User.id, Membership.community_id == topic.community_id))
        .outerjoin(TopicUser, and_(TopicUser.user_id == User.id, TopicUser.topic_id == topic.id))
        .where(User.id.in_(user_ids), permissions.audience_clause(topic.community))
    )
    if respect_mutes:
        stmt = stmt.where(reading.not_muted_clause())
    return list(db.session.scalars(stmt))


def tell(user_ids, kind, post, *, actor=None, note="", at=None) -> list[int]:
    """A moderation outcome or an accepted answer, told to these users about post in the
    caller's transaction, whatever their levels: it concerns their own post or flag. actor
    None is the forum itself. The caller commits, then sends events.notified with the ids
    returned."""
    audience = _audience(post.topic, set(user_ids) - {actor.id if actor else None}, respect_mutes=False)
    if not audience:
        return []
    ids = list(
        db.session.scalars(
            insert(Notification).returning(Notification.id),
            [
                {
                    "user_id": user_id,
                    "kind": kind,
                    "topic_id": post.topic_id,
                    "post_id": post.id,
                    "actor_id": actor.id if actor else None,
                    "actor_count": 1,
                    "note": note,
                    "read": False,
                    "created_at": at or utcnow(),
                }
                for user_id in audience
            ],
        )
    )
    _recount(audience)
    return ids


def _recount(user_ids):
    """Set the bell's figure of these users from their notifications, in one statement."""
    unread = (
        select(func.count(Notification.id))
        .where(Notification.user_id == User.id, Notification.read.is_(False))
        .scalar_subquery()
    )
    db.session.execute(
        update(User)
        .where(User.id.in_(list(user_ids)))
        .values(unread_notifications=unread)
        .execution_options(synchronize_session=False)
    )


# Reading them ------------------------------------------------------------------------------


def visible_to(user):
    """Notifications of the user about topics they can still read."""
    readable = select(Topic.id).join(Topic.community).where(permissions.visible_communities_clause(user))
    return and_(
        Notification.user_id == user.id,
        # A removed topic's author is still told why it was removed.
        or_(
            Notification.topic_id.in_(readable.where(Topic.deleted_at.is_(None))),
            and_(Notification.kind == "post_deleted", Notification.topic_id.in_(readable)),
        ),
    )


def notifications_page(user, page, per_page) -> Page:
    stmt = (
        select(Notification)
        .where(visible_to(user))
        .options(
            joinedload(Notification.actor),
            joinedload(Notification.topic).joinedload(Topic.community),
            joinedload(Notification.post),
        )
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    )
    rows = list(db.session.scalars(stmt))
    return Page(items=rows[:per_page], number=page, has_next=len(rows) > per_page)


def open_notification(user, notification_id) -> Notification:
    """The user's notification, now read; another user's, or one about a topic they can no
    longer read, is not found."""
    notification = db.session.scalars(
        select(Notification)
        .where(Notification.id == notification_id, visible_to(user))
        .options(joinedload(Notification.topic), joinedload(Notification.post))
    ).first()
    if notification is None:
        raise NotificationNotFound()
    if not notification.read:
        notification.read = True
        db.session.flush()
        _recount([user.id])
        db.session.commit()
    return notification


def mark_all_read(user):
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read.is_(False))
        .values(read=True)
        .execution_options(synchronize_session=False)
    )
    _recount([user.id])
    db.session.commit()
