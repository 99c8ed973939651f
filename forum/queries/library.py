"""The best-practice library."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.extensions import db
from forum.models import Community, LibraryEntry, Post, Topic
from forum.models.library import GRADES, SUBJECTS
from forum.queries.communities import community_by_slug
from forum.queries.paging import Page, paginate


@dataclass
class LibraryFilters:
    community: Community | None = None
    subject: str = ""
    grade: str = ""

    @classmethod
    def from_args(cls, user, args):
        """Filters from a query string; unknown values are ignored (an unknown community too:
        as for search, a community the user cannot see does not exist)."""
        slug = args.get("community", "")
        return cls(
            community=community_by_slug(user, slug) if slug else None,
            subject=args.get("subject", "") if args.get("subject") in SUBJECTS else "",
            grade=args.get("grade", "") if args.get("grade") in GRADES else "",
        )

    def args(self) -> dict:
        return {
            key: value
            for key, value in (
                ("community", self.community.slug if self.community else ""),
                ("subject", self.subject),
                ("grade", self.grade),
            )
            if value
        }


def _library(user):
    """Entries the user may read: of visible communities, their post and topic still shown."""
    return (
        select(LibraryEntry)
        .join(LibraryEntry.post)
        .join(LibraryEntry.topic)
        .join(LibraryEntry.community)
        .where(
            permissions.visible_communities_clause(user),
            Post.deleted_at.is_(None),
            Post.hidden.is_(False),
            Topic.deleted_at.is_(None),
        )
        .options(
            joinedload(LibraryEntry.post).joinedload(Post.author),
            joinedload(LibraryEntry.topic),
            joinedload(LibraryEntry.community),
            joinedload(LibraryEntry.curator),
        )
    )


def library_entries(user, filters: LibraryFilters, page=1, per_page=None) -> Page:
    """The library's live entries, newest first. One statement."""
    stmt = _library(user).where(LibraryEntry.retired_at.is_(None))
    if filters.community is not None:
        stmt = stmt.where(LibraryEntry.community_id == filters.community.id)
    if filters.subject:
        stmt = stmt.where(LibraryEntry.subject == filters.subject)
    if filters.grade:
        stmt = stmt.where(LibraryEntry.grade == filters.grade)
    stmt = stmt.order_by(LibraryEntry.created_at.desc(), LibraryEntry.id.desc())
    return paginate(stmt, page, per_page or current_app.config["TOPICS_PER_PAGE"])


def library_entry(user, entry_id) -> LibraryEntry | None:
    """An entry the user may read; a retired one only for its community's curators."""
    entry = db.session.scalars(_library(user).where(LibraryEntry.id == entry_id)).first()
    if entry is None or (entry.retired_at is not None and not permissions.can_curate(user, entry.community)):
        return None
    return entry


def topic_library_entries(topic_id, post_ids) -> dict[int, LibraryEntry]:
    """The live entries of these posts of a topic, by post id, with their curators: the
    badges of a topic's page. One statement."""
    if not post_ids:
        return {}
    stmt = (
        select(LibraryEntry)
        .where(LibraryEntry.topic_id == topic_id, LibraryEntry.post_id.in_(post_ids), LibraryEntry.retired_at.is_(None))
        .options(joinedload(LibraryEntry.curator))
    )
    return {entry.post_id: entry for entry in db.session.scalars(stmt)}
