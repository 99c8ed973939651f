from flask_babel import get_locale
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db

KINDS = ("failures", "practices", "questions")


class Category(db.Model):
    """Site-wide kinds of discussion; every community has topics in each."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    color: Mapped[str] = mapped_column(String(7), default="#666666")
    name_ar: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    name_fr: Mapped[str] = mapped_column(String(80))
    description_ar: Mapped[str] = mapped_column(String(255), default="")
    description_en: Mapped[str] = mapped_column(String(255), default="")
    description_fr: Mapped[str] = mapped_column(String(255), default="")

    def _localized(self, field):
        locale = str(get_locale() or "ar")[:2]
        return getattr(self, f"{field}_{locale}", None) or getattr(self, f"{field}_ar")

    @property
    def name(self):
        return self._localized("name")

    @property
    def description(self):
        return self._localized("description")

    def __repr__(self):
        return f"<Category {self.slug}>"
