"""Email about what happens in the forum, always sent by jobs, never in a request.

- A notification whose kind the user wants "now" is emailed on its own as soon as it exists
  (unless they read it first).
- Once a day, a summary: the notifications they want "daily" (and any "now" one whose email
  kept failing), with the active topics of their communities if they asked for those.
- Each email is in the user's language and carries a signed unsubscribe link that works
  without logging in.

A notification is marked emailed only once its message was handed over, so a failed send
is retried and, failing that, lands in the next summary: nothing is lost.
"""

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload

from forum import events, jobs, mail, permissions, queries
from forum.mail.rendering import in_language, notification_text, render
from forum.extensions import db
from forum.models import Invitation, JoinRequest, Message, Notification, Participant, Topic, User
from forum.models.notification import MODERATION_KINDS
from forum.models.base import utcnow
from forum.services.errors import DomainError
from forum.services.notifications import visible_to
from forum.services.preferences import email_choice, notification_email_choices

# A summary goes out at most this often. The hourly sweep runs at a fixed minute, so a
# little under a day keeps each user's summary at the same hour.
DIGEST_INTERVAL = timedelta(hours=23)
# An email wanted "now" that has not gone out after this long goes in the summary instead.
IMMEDIATE_GRACE = timedelta(hours=1)
DIGEST_NOTIFICATIONS = 20
UNSUBSCRIBE_SALT = "email-unsubscribe"


class InvalidLink(DomainError):
    status = 404

    def __init__(self):
        super().__init__(
            _("This unsubscribe link is not valid. You can choose which emails you get in your preferences.")
        )


def init_emails(app):
    events.notified.connect(_notified, weak=False)


def _notified(sender=None, notification_ids=(), **ignored):
    queue_immediate(notification_ids)


# Emailing notifications one by one -----------------------------------------------------------


def queue_immediate(notification_ids):
    """Queue an email for each of these notifications whose reader wants that kind at once."""
    rows = db.session.execute(
        select(Notification.id, Notification.kind, User)
        .join(User, User.id == Notification.user_id)
        .where(Notification.id.in_(list(notification_ids)))
    )
    for notification_id, kind, user in rows:
        if email_choice(user, kind) == "now":
            jobs.run_after_commit(send_notification_email, notification_id)


@jobs.job
def send_notification_email(notification_id):
    notification = db.session.scalars(
        select(Notification)
        .where(Notification.id == notification_id)
        .options(
            joinedload(Notification.user),
            joinedload(Notification.actor),
            joinedload(Notification.post),
            joinedload(Notification.topic).joinedload(Topic.community),
        )
    ).first()
    if notification is None or notification.read or notification.emailed_at is not None:
        return
    user = notification.user
    if email_choice(user, notification.kind) != "now" or not _still_concerns(user, notification):
        return
    with in_language(user.locale):
        subject = _subject(notification)
        message = _compose("notification", user, notification.kind, subject=subject, n=notification)
    mail.deliver(message)
    notification.emailed_at = utcnow()
    db.session.commit()


def reachable(user) -> bool:
    """Whether the forum may email the user: never an address not yet confirmed (it may be
    someone else's), except for the link that confirms it."""
    return bool(user.email) and user.email_confirmed


def _still_concerns(user, notification):
    if not reachable(user):
        return False
    if user.is_suspended() or not permissions.can_view_community(user, notification.topic.community):
        return False
    if notification.kind in MODERATION_KINDS:  # about the reader's own post or flag, whatever became of it
        return True
    post = notification.post
    return notification.topic.deleted_at is None and (post is None or (post.deleted_at is None and not post.hidden))


def _subject(notification):
    return f"{notification_text(notification)}: {notification.topic.title}"


# Private messages ----------------------------------------------------------------------------


@jobs.job
def send_message_emails(message_id):
    """A new private message, emailed to each other participant who wants messages at once and
    has not read it yet."""
    message = db.session.scalars(
        select(Message)
        .where(Message.id == message_id)
        .options(joinedload(Message.author), joinedload(Message.conversation))
    ).first()
    if message is None or message.removed_at is not None:
        return
    readers = db.session.scalars(
        select(User)
        .join(Participant, Participant.user_id == User.id)
        .where(
            Participant.conversation_id == message.conversation_id,
            Participant.user_id != message.author_id,
            Participant.read_number < message.number,
        )
    )
    for user in readers:
        if not reachable(user) or user.is_suspended() or email_choice(user, "message") != "now":
            continue
        with in_language(user.locale):
            subject = _(
                "%(name)s wrote to you: %(subject)s", name=message.author.name, subject=message.conversation.subject
            )
            email = _compose("message", user, "message", subject=subject, message=message)
        mail.deliver(email)


# The daily summary ---------------------------------------------------------------------------


@jobs.periodic(minute="7")
def queue_digests():
    """Hourly: queue a summary for each user whose last one is a day old."""
    for user_id in due_digests():
        send_digest.enqueue(user_id)


def due_digests(now=None) -> list[int]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(User.id).where(
                or_(User.digest_sent_at.is_(None), User.digest_sent_at <= now - DIGEST_INTERVAL),
                or_(User.suspended_until.is_(None), User.suspended_until <= now),
                User.email_confirmed_at.is_not(None),
            )
        )
    )


@jobs.job
def send_digest(user_id, now=None) -> bool:
    """Send the user's summary if it is due and has something to say; True if sent.
    Several workers may try the same user: one UPDATE lets exactly one go on."""
    now = now or utcnow()
    user = db.session.get(User, user_id)
    if user is None or not reachable(user):
        return False
    previous = user.digest_sent_at
    claimed = db.session.execute(
        update(User)
        .where(User.id == user_id, or_(User.digest_sent_at.is_(None), User.digest_sent_at <= now - DIGEST_INTERVAL))
        .values(digest_sent_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        return False
    try:
        return _send_digest(user, since=previous or now - timedelta(days=1), now=now)
    except Exception:
        db.session.rollback()
        # Give the summary back, so the retry (or the next sweep) sends it.
        db.session.execute(
            update(User)
            .where(User.id == user_id, User.digest_sent_at == now)
            .values(digest_sent_at=previous)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        raise


def _send_digest(user, since, now):
    pending = _for_summary(user, now)
    topics = queries.digest_topics(user, since, current_app.config["DIGEST_TOPICS"]) if user.email_digest else []
    conversations = queries.new_conversations_since(user, since) if email_choice(user, "message") == "daily" else []
    if not pending and not topics and not conversations:
        return False
    with in_language(user.locale):
        subject = _("Your summary from Halaqa")
        message = _compose(
            "digest",
            user,
            "digest",
            subject=subject,
            notifications=pending,
            topics=topics,
            conversations=conversations,
        )
    mail.deliver(message)
    for notification in pending:
        notification.emailed_at = now
    db.session.commit()
    return True


def _for_summary(user, now):
    """The user's unread, unsent notifications of the kinds they want daily, and of those they
    want at once whose email has not gone out within IMMEDIATE_GRACE; newest first."""
    choices = notification_email_choices(user)
    daily = [kind for kind, choice in choices.items() if choice == "daily"]
    late = [kind for kind, choice in choices.items() if choice == "now"]
    return list(
        db.session.scalars(
            select(Notification)
            .where(
                visible_to(user),
                Notification.read.is_(False),
                Notification.emailed_at.is_(None),
                or_(
                    Notification.kind.in_(daily),
                    and_(Notification.kind.in_(late), Notification.created_at <= now - IMMEDIATE_GRACE),
                ),
            )
            .options(
                joinedload(Notification.actor),
                joinedload(Notification.post),
                joinedload(Notification.topic).joinedload(Topic.community),
            )
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(DIGEST_NOTIFICATIONS)
        )
    )


# Unsubscribing -------------------------------------------------------------------------------


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user, kind) -> str:
    """kind: a notification kind, or "digest" for the summary."""
    return _serializer().dumps([user.id, kind])


def read_unsubscribe_token(token) -> tuple[User, str]:
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        raise InvalidLink() from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not isinstance(kind, str):
        raise InvalidLink()
    return user, kind


# Writing them --------------------------------------------------------------------------------


def _compose(name, user, kind, subject, **context):
    """The message from email/NAME.txt and .html, with the unsubscribe link in the footer and
    in the List-Unsubscribe headers (one click, RFC 8058)."""
    unsubscribe_url = url_for("users.unsubscribe", token=unsubscribe_token(user, kind), _external=True)
    text, html = render(
        name,
        user=user,
        kind=kind,
        subject=subject,
        unsubscribe_url=unsubscribe_url,
        preferences_url=url_for("users.preferences_page", _external=True),
        **context,
    )
    return mail.compose(
        user.email,
        subject,
        text,
        html,
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


# Membership ------------------------------------------------------------------------------------


def one_off_email(name, language, subject, **context):
    """A one-off email (no unsubscribe: it answers something the reader did or was sent once),
    as (subject, text, html) in language."""
    with in_language(language):
        subject = subject()
        return subject, *render(name, subject=subject, **context)


@jobs.job
def send_invitation(invitation_id, addresses, language, inviter_name):
    """An invitation link, emailed to each address in the inviting coordinator's language."""
    invitation = db.session.scalars(
        select(Invitation).where(Invitation.id == invitation_id).options(joinedload(Invitation.community))
    ).first()
    if invitation is None or not invitation.is_open():
        return
    subject, text, html = one_off_email(
        "invitation",
        language,
        lambda: _("Invitation to join %(community)s", community=invitation.community.name),
        invitation=invitation,
        inviter=inviter_name,
    )
    for address in addresses:
        mail.deliver(mail.compose(address, subject, text, html))


@jobs.job
def send_join_answer(request_id):
    """The answer to a request to join, emailed to whoever asked, in their language."""
    request = db.session.scalars(
        select(JoinRequest)
        .where(JoinRequest.id == request_id)
        .options(joinedload(JoinRequest.user), joinedload(JoinRequest.community))
    ).first()
    if request is None or request.outcome is None or request.user.is_suspended() or not reachable(request.user):
        return
    subject, text, html = one_off_email(
        "join_answer",
        request.user.locale,
        lambda: _("Your request to join %(community)s", community=request.community.name),
        community=request.community,
        approved=request.outcome == "approved",
    )
    mail.deliver(mail.compose(request.user.email, subject, text, html))
