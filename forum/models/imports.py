from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db


class ImportedId(db.Model):
    """Which row a record of an imported dataset became, so importing again skips it."""

    __tablename__ = "imported_ids"

    source: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    source_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    target_id: Mapped[int]
