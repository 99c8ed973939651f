from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.models.moderation import REASON_MAX

# A conversation's subject, at most.
SUBJECT_MAX = 200


class Conversation(db.Model):
    """A private conversation between two to a few people (forum.services.messages)."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The number of the latest message (numbers are not reused when one is removed).
    last_number: Mapped[int] = mapped_column(default=0)

    participants = relationship("Participant", back_populates="conversation", order_by="Participant.joined_at")


class Participant(db.Model):
    """One person in a conversation, and how far they have read it."""

    __tablename__ = "conversation_participants"
    __table_args__ = (
        # The inbox: a person's conversations, latest first.
        Index("ix_conversation_participants_user_seen", "user_id", "last_message_at"),
    )

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A copy of the conversation's, so the inbox sorts on one index.
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The messages read, up to this number.
    read_number: Mapped[int] = mapped_column(default=0)

    conversation = relationship("Conversation", back_populates="participants")
    user = relationship("User")


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("conversation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    number: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    raw: Mapped[str] = mapped_column(Text)
    cooked: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Removed by the moderators, who agreed with a flag: its text is gone, its place stays.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    conversation = relationship("Conversation")
    author = relationship("User")


class MessageFlag(db.Model):
    """A participant's report of one message to the site's moderators, who see that message
    alone; pending until one of them settles it."""

    __tablename__ = "message_flags"
    __table_args__ = (UniqueConstraint("message_id", "user_id"), Index("ix_message_flags_outcome", "outcome"))

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None while pending, then "agreed" (the message is removed) or "disagreed".
    outcome: Mapped[str | None] = mapped_column(String(16))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    message = relationship("Message")
    user = relationship("User", foreign_keys=[user_id])


class Block(db.Model):
    """user_id takes no messages from blocked_id."""

    __tablename__ = "blocks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
