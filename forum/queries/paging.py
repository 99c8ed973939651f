"""Pages of rows, and counting rows."""

from dataclasses import dataclass

from sqlalchemy import func, select

from forum.extensions import db


MAX_PAGE = 1000


@dataclass
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1


def clamp_page(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def paginate(stmt, page, per_page) -> Page:
    rows = list(db.session.scalars(stmt.limit(per_page + 1).offset((page - 1) * per_page)).unique())
    return Page(items=rows[:per_page], number=page, has_next=len(rows) > per_page)


def counting(stmt):
    """How many rows stmt returns, as a scalar subquery (to count several things at once)."""
    return select(func.count()).select_from(stmt.subquery()).scalar_subquery()


def count(stmt) -> int:
    return db.session.scalar(select(counting(stmt)))
