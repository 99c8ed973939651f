"""Private messages, read only by their participants; flagged ones by the site's moderators,
one message at a time."""

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from forum import permissions
from forum.extensions import db
from forum.models import Block, Conversation, Message, MessageFlag, Participant
from forum.queries.paging import Page, paginate


def inbox(user, page=1) -> Page:
    """The user's conversations, latest message first, each with its people (Participant rows,
    their conversation loaded). Three statements."""
    stmt = (
        select(Participant)
        .join(Participant.conversation)
        .where(Participant.user_id == user.id)
        .options(
            contains_eager(Participant.conversation)
            .selectinload(Conversation.participants)
            .joinedload(Participant.user)
        )
        .order_by(Participant.last_message_at.desc(), Participant.conversation_id.desc())
    )
    return paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


def conversation_for(user, conversation_id) -> Conversation | None:
    """The conversation, with its people, when the user takes part in it; else None."""
    stmt = select(Conversation).where(
        Conversation.id == conversation_id, permissions.in_conversation_clause(user, Conversation.id)
    )
    return db.session.scalars(
        stmt.options(selectinload(Conversation.participants).joinedload(Participant.user))
    ).first()


def conversation_messages(conversation, page=1) -> Page:
    """A conversation's messages in order, with their authors."""
    stmt = (
        select(Message)
        .where(Message.conversation_id == conversation.id)
        .options(joinedload(Message.author))
        .order_by(Message.number)
    )
    return paginate(stmt, page, current_app.config["POSTS_PER_PAGE"])


def message_page(message) -> int:
    """The page of its conversation that shows the message."""
    before = db.session.scalar(
        select(func.count(Message.id)).where(
            Message.conversation_id == message.conversation_id, Message.number < message.number
        )
    )
    return before // current_app.config["POSTS_PER_PAGE"] + 1


def message_for(user, message_id) -> Message | None:
    """The message, when the user takes part in its conversation."""
    stmt = select(Message).where(
        Message.id == message_id, permissions.in_conversation_clause(user, Message.conversation_id)
    )
    return db.session.scalars(stmt).first()


def new_conversations_since(user, since, limit=10) -> list[Participant]:
    """The user's conversations with messages since `since` that they have not read, latest
    first (for the daily summary)."""
    return list(
        db.session.scalars(
            select(Participant)
            .join(Participant.conversation)
            .where(
                Participant.user_id == user.id,
                Participant.last_message_at > since,
                Participant.read_number < Conversation.last_number,
            )
            .options(contains_eager(Participant.conversation))
            .order_by(Participant.last_message_at.desc())
            .limit(limit)
        )
    )


def blocks(user, other) -> bool:
    """Whether user takes no messages from other."""
    return db.session.get(Block, (user.id, other.id)) is not None


def flagged_messages(page=1) -> Page:
    """Pending flags on private messages, oldest first, each with its message and the people:
    for the site's moderators, who see the flagged message and nothing else of its
    conversation."""
    stmt = (
        select(MessageFlag)
        .where(MessageFlag.outcome.is_(None))
        .options(joinedload(MessageFlag.message).joinedload(Message.author), joinedload(MessageFlag.user))
        .order_by(MessageFlag.created_at, MessageFlag.id)
    )
    return paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


def message_flag(flag_id) -> MessageFlag | None:
    return db.session.get(MessageFlag, flag_id)
