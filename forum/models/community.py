from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.models.reading import NORMAL

VISIBILITIES = ("public", "members")
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

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

    user = relationship("User", back_populates="memberships")
    community = relationship("Community")

    @property
    def is_coordinator(self):
        return self.role == "coordinator"
