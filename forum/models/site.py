from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db


class SiteState(db.Model):
    """One row (id 1): what the whole forum's pages share."""

    __tablename__ = "site_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A new random number at every change to a name or label any page may show (people,
    # communities, categories), set by database triggers (migration 0017); with a topic's own
    # page_stamp, the page cache's key (forum.pagecache).
    page_stamp: Mapped[int] = mapped_column(BigInteger, server_default="0")
