"""Profiles: what a user started, replied and reacted, counted and listed as the viewer may
see them; finding users by name."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from forum import permissions
from forum.extensions import db
from forum.models import Community, Membership, Post, Reaction, Topic, User
from forum.queries.paging import Page, counting, paginate
from forum.queries.posts import visible_posts
from forum.queries.topics import listed, paginate_topics
from forum.text import fold_key


def signed_by(viewer, author, model):
    """A WHERE clause: content of author that shows their name to viewer; their anonymous
    posts and topics only to themselves."""
    mine = model.user_id == author.id
    if permissions.is_authenticated(viewer) and viewer.id == author.id:
        return mine
    return and_(mine, model.anonymous.is_(False))


def topics_started_by(viewer, author, page=1) -> Page:
    stmt = listed(viewer, hide_muted=False).where(signed_by(viewer, author, Topic))
    return paginate_topics(viewer, stmt.order_by(Topic.created_at.desc(), Topic.id.desc()), page)


@dataclass
class Figures:
    topics: int
    replies: int
    reactions_given: int
    reactions_received: int


def user_figures(viewer, user) -> Figures:
    """A profile's summary, counting only what the viewer may read. One statement."""
    mine = visible_posts(viewer).where(signed_by(viewer, user, Post))
    row = db.session.execute(
        select(
            counting(mine.where(Post.post_number == 1)),
            counting(mine.where(Post.post_number > 1)),
            counting(
                select(Reaction.id).where(Reaction.user_id == user.id, Reaction.post_id.in_(visible_posts(viewer)))
            ),
            counting(select(Reaction.id).where(Reaction.post_id.in_(mine))),
        )
    ).one()
    return Figures(*row)


def replies_by(viewer, author, page=1) -> Page:
    """The author's replies the viewer may read, newest first."""
    stmt = (
        select(Post)
        .where(Post.id.in_(visible_posts(viewer).where(signed_by(viewer, author, Post), Post.post_number > 1)))
        .options(joinedload(Post.topic).joinedload(Topic.community))
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
    return paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


def reactions_of(viewer, user, page=1) -> Page:
    """Reactions the user gave or received, on posts the viewer may read, newest first."""
    stmt = (
        select(Reaction)
        .join(Reaction.post)
        .where(
            Reaction.post_id.in_(visible_posts(viewer)), or_(Reaction.user_id == user.id, signed_by(viewer, user, Post))
        )
        .options(
            joinedload(Reaction.user),
            joinedload(Reaction.post).joinedload(Post.author),
            joinedload(Reaction.post).joinedload(Post.topic),
        )
        .order_by(Reaction.created_at.desc(), Reaction.id.desc())
    )
    return paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])


def user_memberships(viewer, user, *, with_schools=False) -> list[Membership]:
    """The user's memberships in the communities the viewer may see, by community name, each
    with its community and the member's school; with every school of each community too (to
    choose one) when asked. One statement, and one more for the schools."""
    stmt = (
        select(Membership)
        .join(Membership.community)
        .where(Membership.user_id == user.id, permissions.visible_communities_clause(viewer))
        .options(contains_eager(Membership.community), joinedload(Membership.institution))
        .order_by(Community.name)
    )
    if with_schools:
        stmt = stmt.options(contains_eager(Membership.community).selectinload(Community.institutions))
    return list(db.session.scalars(stmt))


def user_by_username(username):
    """The member of that username; a deleted account has none."""
    stmt = select(User).where(User.username_key == fold_key(username), User.deleted_at.is_(None))
    return db.session.scalars(stmt).first()


def users_matching(term, limit=8) -> list[User]:
    """Users whose username or display name starts with term, for @mention suggestions."""
    key = fold_key(term.strip().lstrip("@"))[:40]
    if not key:
        return []
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    stmt = (
        select(User)
        .where(
            or_(User.username_key.like(pattern, escape="\\"), func.lower(User.display_name).like(pattern, escape="\\")),
            User.deleted_at.is_(None),
        )
        .order_by(func.length(User.username), User.username_key)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
