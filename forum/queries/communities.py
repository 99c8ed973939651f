"""Communities, categories, and a community's members, join requests and invitations."""

from flask import current_app
from typing import NamedTuple

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import contains_eager, joinedload

from forum import permissions
from forum.extensions import db
from forum.models import Category, Community, Institution, Invitation, JoinRequest, Membership, Topic, User
from forum.models.base import utcnow
from forum.queries.paging import Page, paginate


def visible_communities(user) -> list[Community]:
    """Communities the user may read, by name."""
    stmt = select(Community).where(permissions.visible_communities_clause(user)).order_by(Community.name)
    return list(db.session.scalars(stmt))


def communities_with_topic_counts(user) -> list[tuple[Community, int]]:
    """Communities the user may read, each with its number of topics."""
    counts = (
        select(Topic.community_id, func.count(Topic.id).label("n"))
        .where(Topic.deleted_at.is_(None))
        .group_by(Topic.community_id)
        .subquery()
    )
    stmt = (
        select(Community, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.community_id == Community.id)
        .where(permissions.visible_communities_clause(user))
        .order_by(Community.name)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def communities_to_join(user, limit=6) -> list[tuple[Community, int]]:
    """Communities the user sees and may join or ask to join, not theirs yet, each with its
    member count, the largest first: the suggestions after signing up. One statement."""
    counts = select(Membership.community_id, func.count().label("n")).group_by(Membership.community_id).subquery()
    theirs = select(Membership.community_id).where(Membership.user_id == user.id)
    members = func.coalesce(counts.c.n, 0)
    stmt = (
        select(Community, members)
        .outerjoin(counts, counts.c.community_id == Community.id)
        .where(
            permissions.visible_communities_clause(user),
            Community.id.not_in(theirs),
            Community.join_policy.in_(("open", "request")),
        )
        .order_by(members.desc(), Community.name)
        .limit(limit)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.position)))


def category_of_kind(kind) -> Category:
    return db.session.scalars(select(Category).where(Category.kind == kind)).one()


def category_by_slug(slug) -> Category | None:
    return db.session.scalars(select(Category).where(Category.slug == slug)).first()


def community_by_slug(user, slug) -> Community | None:
    """The community, or None when it does not exist or the user may not see it."""
    community = db.session.scalars(select(Community).where(Community.slug == slug)).first()
    if community is None or not permissions.can_view_community(user, community):
        return None
    return community


def moderated_communities(user) -> list[Community]:
    """The communities the user moderates, by name: all for site staff."""
    stmt = select(Community).where(permissions.moderated_communities_clause(user, Community.id))
    return list(db.session.scalars(stmt.order_by(Community.name)))


def community_members(community, page=1, *, school=None, subject=None) -> Page:
    """A community's members with their accounts and schools: coordinators, then mentors, then
    members, each by when they joined; only those of one school (an Institution id) or teaching
    one subject (one of SUBJECTS, checked by the caller) when asked. One statement."""
    order = case({"coordinator": 0, "mentor": 1}, value=Membership.role, else_=2)
    stmt = (
        select(Membership)
        .join(Membership.user)
        .where(Membership.community_id == community.id)
        .options(contains_eager(Membership.user), joinedload(Membership.institution))
        .order_by(order, Membership.created_at, Membership.user_id)
    )
    if school is not None:
        stmt = stmt.where(Membership.institution_id == school)
    if subject is not None:
        # The subjects are a JSON list of known names: its text holds the name in quotes.
        stmt = stmt.where(cast(User.subjects, String).contains(f'"{subject}"'))
    return paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"] * 2)


class People(NamedTuple):
    members: int
    # Coordinators, then mentors, with their accounts.
    leaders: list[Membership]
    # The community's schools by name, each with how many members said it is theirs.
    schools: list[tuple[Institution, int]]


def community_people(community) -> People:
    """Who a community's page names: its member count, its coordinators and mentors, and its
    schools (at most MAX_INSTITUTIONS_PER_COMMUNITY). Three statements."""
    members = db.session.scalar(
        select(func.count()).select_from(Membership).where(Membership.community_id == community.id)
    )
    leaders = db.session.scalars(
        select(Membership)
        .where(Membership.community_id == community.id, Membership.role.in_(("coordinator", "mentor")))
        .options(joinedload(Membership.user))
        .order_by(case({"coordinator": 0}, value=Membership.role, else_=1), Membership.created_at)
        .limit(50)
    ).all()
    counts = (
        select(Membership.institution_id, func.count().label("n"))
        .where(Membership.community_id == community.id, Membership.institution_id.is_not(None))
        .group_by(Membership.institution_id)
        .subquery()
    )
    schools = db.session.execute(
        select(Institution, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.institution_id == Institution.id)
        .where(Institution.community_id == community.id)
        .order_by(Institution.name)
    ).all()
    return People(members, list(leaders), [tuple(row) for row in schools])


def join_requests(community) -> list[JoinRequest]:
    """Pending requests to join, oldest first (bounded: a coordinator answers them in turn)."""
    stmt = (
        select(JoinRequest)
        .where(JoinRequest.community_id == community.id, JoinRequest.outcome.is_(None))
        .options(joinedload(JoinRequest.user))
        .order_by(JoinRequest.created_at)
        .limit(100)
    )
    return list(db.session.scalars(stmt))


def join_request(community, request_id) -> JoinRequest | None:
    return db.session.scalar(
        select(JoinRequest).where(JoinRequest.id == request_id, JoinRequest.community_id == community.id)
    )


def open_invitations(community) -> list[Invitation]:
    """Invitation links not revoked nor expired, newest first."""
    stmt = (
        select(Invitation)
        .where(
            Invitation.community_id == community.id, Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow()
        )
        .order_by(Invitation.created_at.desc())
        .limit(100)
    )
    return list(db.session.scalars(stmt))


def community_invitation(community, invitation_id) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, Invitation.community_id == community.id)
    )


def invitation_by_token(token) -> Invitation | None:
    """The invitation a link carries, with its community; None for a link that never existed."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(Invitation).where(Invitation.token == token).options(joinedload(Invitation.community))
    )
