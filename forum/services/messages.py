"""Private messages: conversations of two to MAX_CONVERSATION_PEOPLE people, for mentoring,
a coordinator's word to a member, peer feedback.

Only the participants ever read a conversation: it is in no search, feed, list or profile.
The site's moderators read a message only when a participant flags it, and then that message
alone. A member may block another from messaging them; a new account writes a bounded number
of messages a day. Each participant's unread count (User.unread_conversations) is kept here,
in the transaction that changes it, so no page has to count.
"""

import re
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from forum import jobs, permissions, queries
from forum.extensions import db
from forum.models import Block, Conversation, Message, MessageFlag, Participant, User
from forum.models.base import utcnow
from forum.models.message import SUBJECT_MAX
from forum.services import add_once, emails, moderation, transaction, uploads
from forum.services.content import cook_post, valid_body
from forum.services.errors import AlreadyDone, InvalidInput, LimitReached, NotAllowed
from forum.text import clean_line


def recipients(to) -> list[User]:
    """The accounts named in a "to" field (usernames, with or without @, separated by commas or
    spaces); a name that is nobody's is refused by name, and too many names before any lookup."""
    names = list(dict.fromkeys(name.lstrip("@") for name in re.split(r"[\s,،;]+", to) if name.strip("@")))
    most = current_app.config["MAX_CONVERSATION_PEOPLE"]
    if len(names) >= most:
        raise InvalidInput(_("A conversation gathers at most %(n)d people, you included.", n=most), field="to")
    found = []
    for name in names:
        user = queries.user_by_username(name)
        if user is None:
            raise InvalidInput(_("Nobody here is called “%(name)s”.", name=name[:40]), field="to")
        found.append(user)
    return found


def start_conversation(author, recipients, subject, raw) -> Conversation:
    """A new conversation from author to recipients (accounts), with its first message."""
    _check_writer(author)
    people = list({user.id: user for user in recipients if user.id != author.id}.values())
    if not people:
        raise InvalidInput(_("Name at least one person to write to."), field="to")
    most = current_app.config["MAX_CONVERSATION_PEOPLE"]
    if len(people) + 1 > most:
        raise InvalidInput(_("A conversation gathers at most %(n)d people, you included.", n=most), field="to")
    for user in people:
        _check_reachable(author, user)
    subject = clean_line(subject)
    if not subject:
        raise InvalidInput(_("Give the conversation a subject."), field="subject")
    if len(subject) > SUBJECT_MAX:
        raise InvalidInput(_("A subject has at most %(n)d characters.", n=SUBJECT_MAX), field="subject")
    raw = valid_body(raw)
    cooked = cook_post(raw, writer=author)
    _check_daily_limit(author)
    with transaction():
        conversation = Conversation(subject=subject, created_by_id=author.id)
        db.session.add(conversation)
        db.session.flush()
        db.session.add_all(Participant(conversation_id=conversation.id, user_id=u.id) for u in [author, *people])
        db.session.flush()
        message = _add_message(conversation, author, raw, cooked)
    jobs.run_after_commit(emails.send_message_emails, message.id)
    return conversation


def reply(author, conversation, raw) -> Message:
    """A new message in a conversation the author takes part in."""
    _check_writer(author)
    if not permissions.in_conversation(author, conversation):
        raise NotAllowed()
    others = [p.user for p in conversation.participants if p.user_id != author.id]
    if not others:
        raise NotAllowed(_("Everyone else has left this conversation."))
    if len(others) == 1:  # one to one: the other's block (or absence) ends it
        _check_reachable(author, others[0])
    raw = valid_body(raw)
    cooked = cook_post(raw, writer=author)
    _check_daily_limit(author)
    with transaction():
        message = _add_message(conversation, author, raw, cooked)
    jobs.run_after_commit(emails.send_message_emails, message.id)
    return message


def _add_message(conversation, author, raw, cooked) -> Message:
    """The message, numbered next in one UPDATE (two at once get two numbers); the others who
    had read everything get one more unread conversation, and the author has read it all."""
    now = utcnow()
    number = db.session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id)
        .values(last_number=Conversation.last_number + 1, last_message_at=now)
        .returning(Conversation.last_number)
    ).scalar_one()
    people = db.session.execute(
        select(Participant.user_id, Participant.read_number).where(Participant.conversation_id == conversation.id)
    ).all()
    # Answering is reading: the author's unread conversation (if this one was) goes.
    changes = {user_id: 1 for user_id, read in people if user_id != author.id and read >= number - 1}
    if any(user_id == author.id and read < number - 1 for user_id, read in people):
        changes[author.id] = -1
    # The people's rows are locked in one order, so that two replies at once (in two
    # conversations of the same people) cannot wait on each other.
    db.session.execute(select(User.id).where(User.id.in_(changes)).order_by(User.id).with_for_update())
    for delta in (1, -1):
        ids = [user_id for user_id, change in changes.items() if change == delta]
        if ids:
            db.session.execute(
                update(User)
                .where(User.id.in_(ids), User.unread_conversations + delta >= 0)
                .values(unread_conversations=User.unread_conversations + delta)
                .execution_options(synchronize_session=False)
            )
    db.session.execute(
        update(Participant)
        .where(Participant.conversation_id == conversation.id)
        .values(last_message_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Participant)
        .where(Participant.conversation_id == conversation.id, Participant.user_id == author.id)
        .values(read_number=number)
        .execution_options(synchronize_session=False)
    )
    message = Message(
        conversation_id=conversation.id, number=number, author_id=author.id, raw=raw, cooked=cooked, created_at=now
    )
    db.session.add(message)
    db.session.flush()
    uploads.link(cooked, message=message)
    return message


def _check_writer(author):
    if not permissions.can_send_messages(author):
        raise NotAllowed(_("Confirm your email address to write messages, and not while silenced or suspended."))


def _check_reachable(author, user):
    """Refused: writing to someone deleted, suspended, or who blocked the author."""
    if user.deleted_at is not None or user.is_suspended():
        raise NotAllowed(_("%(name)s cannot receive messages.", name=user.name))
    if queries.blocks(user, author):
        raise NotAllowed(_("%(name)s does not take messages from you.", name=user.name))


def _check_daily_limit(author):
    if not permissions.is_new_user(author):
        return
    most = current_app.config["NEW_USER_MESSAGES_PER_DAY"]
    sent = db.session.scalar(
        select(func.count(Message.id)).where(
            Message.author_id == author.id, Message.created_at > utcnow() - timedelta(days=1)
        )
    )
    if sent >= most:
        raise LimitReached(
            _("A new account writes at most %(n)d messages a day. Try again tomorrow.", n=most), field="raw"
        )


# Reading --------------------------------------------------------------------------------------


def mark_read(user, conversation) -> bool:
    """The user has read the whole conversation: one unread conversation fewer, if it was
    (then True; nothing is written otherwise)."""
    mine = next((p for p in conversation.participants if p.user_id == user.id), None)
    if mine is None or mine.read_number >= conversation.last_number:
        return False
    # Up to the latest message now, not the one loaded: a reply may have come meanwhile.
    latest = select(Conversation.last_number).where(Conversation.id == conversation.id).scalar_subquery()
    read = db.session.execute(
        update(Participant)
        .where(
            Participant.conversation_id == conversation.id,
            Participant.user_id == user.id,
            Participant.read_number < latest,
        )
        .values(read_number=latest)
        .execution_options(synchronize_session=False)
    ).rowcount
    if read:  # not read meanwhile, in another tab
        _one_unread_fewer(user)
    db.session.commit()
    return True


def _one_unread_fewer(user):
    db.session.execute(
        update(User)
        .where(User.id == user.id, User.unread_conversations > 0)
        .values(unread_conversations=User.unread_conversations - 1)
        .execution_options(synchronize_session=False)
    )


def leave(user, conversation):
    """The user leaves a conversation: it is no longer in their inbox, and they get no more of
    it. A conversation nobody is left in goes, with its messages."""
    participant = db.session.get(Participant, (conversation.id, user.id))
    if participant is None:
        raise AlreadyDone(_("You are not in this conversation."))
    with transaction():
        if participant.read_number < conversation.last_number:
            _one_unread_fewer(user)
        db.session.delete(participant)
        db.session.flush()
        _drop_if_empty(conversation.id)


def _drop_if_empty(conversation_id):
    if db.session.scalar(select(Participant.user_id).where(Participant.conversation_id == conversation_id).limit(1)):
        return
    messages = select(Message.id).where(Message.conversation_id == conversation_id)
    db.session.execute(delete(MessageFlag).where(MessageFlag.message_id.in_(messages)))
    db.session.execute(delete(Message).where(Message.conversation_id == conversation_id))
    db.session.execute(delete(Conversation).where(Conversation.id == conversation_id))


def forget_person(user):
    """A deleted account's side of messaging: their messages and flags removed, their place in
    each conversation and their blocks too; conversations nobody is left in go. The caller
    commits (forum.services.deletion)."""
    conversations = db.session.scalars(select(Participant.conversation_id).where(Participant.user_id == user.id)).all()
    mine = select(Message.id).where(Message.author_id == user.id)
    db.session.execute(delete(MessageFlag).where(MessageFlag.message_id.in_(mine)))
    db.session.execute(delete(MessageFlag).where(MessageFlag.user_id == user.id))
    db.session.execute(delete(Message).where(Message.author_id == user.id))
    db.session.execute(delete(Participant).where(Participant.user_id == user.id))
    db.session.execute(delete(Block).where((Block.user_id == user.id) | (Block.blocked_id == user.id)))
    user.unread_conversations = 0
    for conversation_id in conversations:
        _drop_if_empty(conversation_id)


# Blocking -------------------------------------------------------------------------------------


def block(user, other):
    if other.id == user.id:
        raise InvalidInput(_("You cannot block yourself."))
    if other.is_staff:
        raise NotAllowed(_("The site's moderators can always write to you."))
    add_once(
        Block(user_id=user.id, blocked_id=other.id), _("You already take no messages from %(name)s.", name=other.name)
    )
    db.session.commit()


def unblock(user, other):
    removed = db.session.execute(delete(Block).where(Block.user_id == user.id, Block.blocked_id == other.id)).rowcount
    db.session.commit()
    if not removed:
        raise AlreadyDone(_("%(name)s can already write to you.", name=other.name))


# Flags ----------------------------------------------------------------------------------------


def flag(user, message, reason) -> MessageFlag:
    """A participant reports a message (not their own) to the site's moderators."""
    if not permissions.in_conversation(user, message.conversation):
        raise NotAllowed()
    if message.author_id == user.id:
        raise InvalidInput(_("You cannot flag your own message."))
    reason = moderation.valid_reason(reason)
    if not reason:
        raise InvalidInput(_("Tell the moderators what is wrong with this message."), field="reason")
    entry = MessageFlag(message_id=message.id, user_id=user.id, reason=reason)
    add_once(entry, _("You have already flagged this message; the moderators will review it."))
    db.session.commit()
    return entry


def settle_flag(moderator, entry, agree):
    """A site moderator settles a flagged message: agreeing removes its text from the
    conversation (its place stays, marked removed); logged either way."""
    if not permissions.can_review_messages(moderator):
        raise NotAllowed()
    if entry.outcome is not None:
        raise AlreadyDone(_("This flag was already settled, perhaps by another moderator."))
    with transaction():
        now = utcnow()
        # Every pending flag of the message is settled together.
        db.session.execute(
            update(MessageFlag)
            .where(MessageFlag.message_id == entry.message_id, MessageFlag.outcome.is_(None))
            .values(outcome="agreed" if agree else "disagreed", reviewed_by_id=moderator.id, reviewed_at=now)
            .execution_options(synchronize_session=False)
        )
        message = entry.message
        if agree and message.removed_at is None:
            message.removed_at, message.raw, message.cooked = now, "", ""
            uploads.link("", message=message)
        moderation.log(moderator, "remove_message" if agree else "keep_message", target=message.author)
