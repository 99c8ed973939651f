"""Every write of domain state goes through a service function in this package.

A service owns its transaction: it validates before its first write, and its whole change
commits together or not at all (`transaction`). Helpers never commit or roll back; events
are sent after the commit."""

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.services.errors import AlreadyDone


@contextmanager
def transaction():
    """The writes of one service call: committed together when the block ends, or, if
    anything in it raises (a rule checked late, a closed topic, a database error), rolled
    back whole, so that no later commit stores half of them."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def add_once(row, already):
    """Add a row that a unique constraint allows once (a flag, a reaction, a pending request...),
    flushed, not committed. Added before, or by another request at the same moment: the
    transaction is rolled back and AlreadyDone(already) says so."""
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyDone(already) from None
    return row
