from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.models.reading import NORMAL

VISIBILITIES = ("public", "members")
# How one becomes a member: on one's own, by a request a coordinator approves, or only by an
# invitation link. A members-only community is seen by none but its members, so only its
# invitations bring anyone in.
JOIN_POLICIES = ("open", "request", "invitation")
REQUEST_OUTCOMES = ("approved", "declined")
# A mentor (a supervisor) reads and curates the communities assigned to them; a coordinator
# moderates one.
MEMBERSHIP_ROLES = ("member", "mentor", "coordinator")


class Community(db.Model):
    """A professional learning community, named after its district or zone."""

    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    region: Mapped[str] = mapped_column(String(160), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    charter: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    # Members may share failures and mistakes anonymously (on unless the community says no).
    anonymous_posts: Mapped[bool] = mapped_column(default=True)
    join_policy: Mapped[str] = mapped_column(String(16), default="open")
    # New accounts' posts wait for a moderator's approval before others see them.
    hold_new_posts: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A new random number at every change to the community's topics, set by database triggers
    # (migration 0018) in the writing transaction: the page cache's key for topic lists.
    page_stamp: Mapped[int] = mapped_column(BigInteger, server_default="0")

    institutions = relationship("Institution", back_populates="community", order_by="Institution.name")

    @property
    def is_public(self):
        return self.visibility == "public"

    def __repr__(self):
        return f"<Community {self.slug}>"


class Institution(db.Model):
    """A school; a community gathers a bounded number of them."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community = relationship("Community", back_populates="institutions")


class Membership(db.Model):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    # A level from forum.models.reading: watching means told of every new topic; muted
    # keeps the community's topics out of the unread and new lists.
    notification_level: Mapped[int] = mapped_column(default=NORMAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the member accepted the charter, on joining (None for those who joined before
    # joining asked, and for roles an admin gave).
    charter_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The member's school: one of the community's (forum.services.communities.set_school).
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"), index=True)

    user = relationship("User", back_populates="memberships")
    community = relationship("Community")
    institution = relationship("Institution")

    @property
    def is_coordinator(self):
        return self.role == "coordinator"


class JoinRequest(db.Model):
    """A user's request to join a community that admits by request, pending until one of its
    coordinators approves or declines it. The charter was accepted when asking."""

    __tablename__ = "join_requests"
    __table_args__ = (
        # One pending request per user and community (another after a decline).
        Index(
            "uq_join_requests_pending",
            "community_id",
            "user_id",
            unique=True,
            sqlite_where=text("outcome IS NULL"),
            postgresql_where=text("outcome IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    message: Mapped[str] = mapped_column(String(500), default="")
    # The school the asker named, one of the community's or a new one; theirs on approval.
    school: Mapped[str] = mapped_column(String(160), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None while pending, then one of REQUEST_OUTCOMES.
    outcome: Mapped[str | None] = mapped_column(String(16))
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])
    community = relationship("Community")


class Invitation(db.Model):
    """A link that makes whoever opens it (signed in, accepting the charter) a member, until it
    expires, is used up or is revoked."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None: any number of people may use it before it expires.
    max_uses: Mapped[int | None]
    uses: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    community = relationship("Community")
    created_by = relationship("User")

    def is_open(self, now=None):
        now = now or utcnow()
        return (
            self.revoked_at is None and self.expires_at > now and (self.max_uses is None or self.uses < self.max_uses)
        )
