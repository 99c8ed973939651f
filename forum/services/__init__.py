"""Every write of domain state goes through a service function in this package.

A service owns its transaction: it validates before its first write, and its whole change
commits together or not at all (`transaction`). Helpers never commit or roll back; events
are sent after the commit."""

from contextlib import contextmanager

from forum.extensions import db


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
