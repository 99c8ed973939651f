"""Communities, their institutions and their members."""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from forum import permissions
from forum.extensions import db
from forum.models import Community, Institution, Membership
from forum.services.errors import InvalidInput, LimitReached, NotAllowed
from forum.text import clean_line


def create_community(slug, name, *, region="", description="", charter="", visibility="public") -> Community:
    if visibility not in ("public", "members"):
        raise InvalidInput(_("Unknown visibility."), field="visibility")
    community = Community(
        slug=slug, name=clean_line(name), region=clean_line(region),
        description=description, charter=charter, visibility=visibility,
    )
    db.session.add(community)
    db.session.commit()
    return community


def add_institution(community, name) -> Institution:
    """Add a school to a community, which gathers at most MAX_INSTITUTIONS_PER_COMMUNITY."""
    limit = current_app.config["MAX_INSTITUTIONS_PER_COMMUNITY"]
    count = db.session.scalar(
        select(func.count()).select_from(Institution).where(Institution.community_id == community.id)
    )
    if count >= limit:
        raise LimitReached(_("A community gathers at most %(n)d institutions.", n=limit))
    institution = Institution(community_id=community.id, name=clean_line(name))
    db.session.add(institution)
    db.session.commit()
    return institution


def add_member(community, user, *, role="member") -> Membership:
    """Make user a member (or coordinator) of community; idempotent."""
    membership = db.session.get(Membership, (user.id, community.id))
    if membership is None:
        membership = Membership(user_id=user.id, community_id=community.id, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    db.session.commit()
    permissions.forget_community_roles(user)
    return membership


def join_community(user, community) -> Membership:
    """A member joins a public community on their own."""
    if permissions.is_member(user, community):
        return db.session.get(Membership, (user.id, community.id))
    if not permissions.can_join(user, community):
        raise NotAllowed(_("This community accepts members by invitation only."))
    return add_member(community, user)


def leave_community(user, community):
    membership = db.session.get(Membership, (user.id, community.id))
    if membership is not None:
        db.session.delete(membership)
        db.session.commit()
    permissions.forget_community_roles(user)
