from datetime import datetime

import icu
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.text import fold_key

ROLES = ("member", "moderator", "admin")
STAFF_ROLES = ("moderator", "admin")
SKELETON_MAX = 255
# ICU's implementation of Unicode's confusable detection (UTS #39), with its confusables data.
_SPOOF_CHECKER = icu.SpoofChecker()


def name_skeleton(name: str) -> str | None:
    """What a name looks like: two names with the same skeleton can be taken for one another
    ("admin", "аdmin" with a Cyrillic а, "adrnin"). The UTS #39 skeleton of the case-folded
    name (names are told apart regardless of case), folded again; None for no name."""
    if not name:
        return None
    return fold_key(_SPOOF_CHECKER.getSkeleton(0, fold_key(name)))[:SKELETON_MAX]


def _skeleton_default(column):
    # For rows inserted without the ORM (imports), from the name in the same row.
    return lambda context: name_skeleton(context.get_current_parameters().get(column))


# A member's role in schools, as their profile says.
PROFESSIONS = ("teacher", "principal", "coordinator", "supervisor", "other")

# How a deleted account is named wherever its posts, reactions or actions still show.
FORMER_MEMBER = _l("A former member")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    # Case-folded copies carry the uniqueness, so "Mona" and "mona" cannot both exist.
    username_key: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    # name_skeleton() of the username and display name, kept by the validator below: a new
    # name is refused when its skeleton is one of these (forum.services.accounts).
    username_skeleton: Mapped[str] = mapped_column(
        String(SKELETON_MAX), index=True, default=_skeleton_default("username")
    )
    display_name_skeleton: Mapped[str | None] = mapped_column(
        String(SKELETON_MAX), index=True, default=_skeleton_default("display_name")
    )
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(5))
    role: Mapped[str] = mapped_column(String(16), default="member")
    trust_level: Mapped[int] = mapped_column(default=0)
    bio: Mapped[str] = mapped_column(String(255), default="")
    silenced_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the user is told while silenced or suspended.
    silence_reason: Mapped[str] = mapped_column(String(500), default="")
    suspend_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the address was confirmed (forum.services.addresses); until then the forum emails it
    # nothing but the confirmation, and the account reads but does not post.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Deleted by its owner or an administrator (forum.services.deletion): name, address and
    # password erased; its posts stay, signed "a former member".
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A new address asked for, until the link sent to it confirms it (forum.services.addresses).
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # The profile picture: the hash of a square image the member uploaded (forum.services.uploads);
    # None shows the letter avatar.
    avatar_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    # A ZIP of the member's data is being prepared since then (forum.services.export).
    export_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Visits, for "new since your last visit": last_seen_at moves at most once an hour,
    # and the visit before it becomes previous_visit_at.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Dismiss all new": topics created before this are no longer new to the user.
    dismissed_new_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The bell's figure, kept by forum.services.notifications so no page has to count.
    unread_notifications: Mapped[int] = mapped_column(default=0)
    # Conversations with messages the user has not read, kept by forum.services.messages.
    unread_conversations: Mapped[int] = mapped_column(default=0)
    # Choices of forum.services.preferences (email per kind, levels given on posting); missing
    # keys take the defaults, so new kinds need no migration.
    preferences: Mapped[dict] = mapped_column(JSON, default=dict)
    # Who the member is, professionally (PROFESSIONS), and what they teach (forum.models.library's
    # SUBJECTS and GRADES): chosen in preferences, shown on the profile.
    profession: Mapped[str] = mapped_column(String(16), default="")
    subjects: Mapped[list] = mapped_column(JSON, default=list)
    grades: Mapped[list] = mapped_column(JSON, default=list)
    # The daily summary email: wanted or not, and when it last went out.
    email_digest: Mapped[bool] = mapped_column(default=True)
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session's and remember-me cookie's user id: raising it ends them all.
    session_version: Mapped[int] = mapped_column(default=1)

    memberships = relationship("Membership", back_populates="user")

    @validates("username", "display_name")
    def _keep_skeleton(self, key, name):
        setattr(self, f"{key}_skeleton", name_skeleton(name))
        return name

    @property
    def name(self):
        if self.deleted_at is not None:
            return FORMER_MEMBER
        return self.display_name or self.username

    @property
    def email_confirmed(self):
        return self.email_confirmed_at is not None

    @property
    def is_staff(self):
        return self.role in STAFF_ROLES

    def is_suspended(self, now=None):
        return self.suspended_until is not None and self.suspended_until > (now or utcnow())

    def is_silenced(self, now=None):
        return self.silenced_until is not None and self.silenced_until > (now or utcnow())

    @property
    def is_active(self):
        return self.deleted_at is None and not self.is_suspended()

    def get_id(self):
        """What sessions and remember-me cookies hold (Flask-Login's alternative id)."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self):
        """Every session and remember-me cookie issued so far stops signing in, once committed."""
        self.session_version = User.session_version + 1

    def __repr__(self):
        return f"<User {self.username}>"


class ExternalIdentity(db.Model):
    """An account at an OpenID Connect provider (a school's or a ministry's) that signs in as
    user: the provider's name in the settings and its stable subject identifier."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
