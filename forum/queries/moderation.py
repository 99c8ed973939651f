"""Moderators' queues and the staff action log."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Community, Post, StaffAction, Topic, User
from forum.queries.paging import Page, paginate
from forum.text import fold_key


def waiting_posts(pending, model, wrap, page, per_page) -> Page:
    """A queue of posts with pending rows of model (flags, nominations): pending selects the
    rows' post ids, the posts come the longest waiting first, each as wrap(post, its pending
    rows). Two statements, whatever the page holds."""
    waiting = pending.add_columns(func.min(model.created_at).label("since")).group_by(model.post_id).subquery()
    stmt = (
        select(Post)
        .join(waiting, waiting.c.post_id == Post.id)
        .options(joinedload(Post.author), joinedload(Post.topic).joinedload(Topic.community))
        .order_by(waiting.c.since, Post.id)
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    )
    posts = list(db.session.scalars(stmt))
    shown = posts[:per_page]
    by_post: dict[int, list] = {}
    if shown:
        rows = (
            select(model)
            .where(model.post_id.in_([p.id for p in shown]), model.outcome.is_(None))
            .options(joinedload(model.user))
            .order_by(model.created_at)
        )
        for row in db.session.scalars(rows):
            by_post.setdefault(row.post_id, []).append(row)
    return Page(items=[wrap(p, by_post.get(p.id, [])) for p in shown], number=page, has_next=len(posts) > per_page)


@dataclass
class StaffLogFilters:
    """The staff action log's filters, as the page's query string gives them; unknown or
    empty values filter nothing."""

    action: str = ""
    community: str = ""
    actor: str = ""
    target: str = ""

    @classmethod
    def from_args(cls, args):
        return cls(**{name: (args.get(name) or "").strip()[:80] for name in ("action", "community", "actor", "target")})


def staff_actions(filters: StaffLogFilters, page=1) -> Page:
    """The staff action log, newest first, filtered. One statement per page."""
    stmt = select(StaffAction).options(
        joinedload(StaffAction.actor),
        joinedload(StaffAction.target_user),
        joinedload(StaffAction.community),
        joinedload(StaffAction.topic),
        joinedload(StaffAction.post),
    )
    if filters.action:
        stmt = stmt.where(StaffAction.action == filters.action)
    if filters.community:
        stmt = stmt.where(StaffAction.community_id.in_(select(Community.id).where(Community.slug == filters.community)))
    for name, column in (("actor", StaffAction.actor_id), ("target", StaffAction.target_user_id)):
        if getattr(filters, name):
            stmt = stmt.where(column.in_(select(User.id).where(User.username_key == fold_key(getattr(filters, name)))))
    stmt = stmt.order_by(StaffAction.created_at.desc(), StaffAction.id.desc())
    return paginate(stmt, page, current_app.config["TOPICS_PER_PAGE"])
