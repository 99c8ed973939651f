"""Accounts without HTTP: signing in does the same work whether the account exists or not;
names that look like another member's are refused."""

import pytest

from forum.extensions import db
from forum.models import User
from forum.models.user import name_skeleton
from forum.services import accounts
from forum.services.errors import InvalidInput
from tests.factories import PASSWORD, make_user


@pytest.fixture
def hash_checks(monkeypatch):
    """The password hashes that signing in checks, in order."""
    checked = []
    real = accounts.check_password_hash

    def check(password_hash, password):
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "check_password_hash", check)
    return checked


def method(password_hash):
    return password_hash.split("$")[0]


def test_an_unknown_login_checks_the_password_against_a_hash_of_the_same_method(app, hash_checks):
    # Otherwise the time a refusal takes tells whether the account exists.
    user = make_user("khaled")
    assert accounts.authenticate("nobody", "a-guessed-password") is None
    assert accounts.authenticate("khaled", "a-guessed-password") is None
    assert len(hash_checks) == 2
    assert method(hash_checks[0]) == method(hash_checks[1]) == method(user.password_hash)
    assert hash_checks[0] != user.password_hash


def test_an_account_without_a_password_costs_the_same_as_an_unknown_one(app, hash_checks):
    user = make_user("khaled")
    user.password_hash = None
    db.session.commit()
    assert accounts.authenticate("khaled", PASSWORD) is None
    assert len(hash_checks) == 1


def test_the_right_password_still_signs_in(app, hash_checks):
    user = make_user("khaled")
    assert accounts.authenticate("Khaled", PASSWORD) == user
    assert hash_checks == [user.password_hash]


def test_a_password_change_ends_the_sessions_in_the_same_transaction(app):
    user = make_user("khaled")
    version = user.session_version
    with pytest.raises(InvalidInput):
        accounts.set_password(user, "short")
    db.session.rollback()
    assert user.session_version == version, "a refused password ends nothing"
    accounts.set_password(user, "a-new-good-password")
    db.session.expire_all()
    assert user.session_version == version + 1 and accounts.has_password(user, "a-new-good-password")


def test_lookalike_names_are_refused_whatever_case_or_script(app):
    make_user("admin", display_name="مدير الموقع")
    for username in ("ADMIN", "\u0430dmin", "adrnin", "\u0430DMIN"):
        with pytest.raises(InvalidInput) as refused:
            accounts.register_user(username, f"{username}@example.org", PASSWORD, email_confirmed=True)
        assert refused.value.field == "username", username
    with pytest.raises(InvalidInput) as refused:
        accounts.register_user("mona", "mona@example.org", PASSWORD, display_name="مدير  الموقع", email_confirmed=True)
    assert refused.value.field == "display_name"


def test_names_stored_without_the_orm_get_their_skeletons_too(app):
    # As imports insert them, in bulk.
    db.session.execute(
        db.insert(User),
        [
            {
                "username": "Admin",
                "username_key": "admin",
                "email": "a@example.org",
                "email_key": "a@example.org",
                "display_name": "مدير الموقع",
            },
            {"username": "mona", "username_key": "mona", "email": "m@example.org", "email_key": "m@example.org"},
        ],
    )
    db.session.commit()
    rows = db.session.execute(db.select(User.username_skeleton, User.display_name_skeleton).order_by(User.id)).all()
    assert [tuple(row) for row in rows] == [
        (name_skeleton("admin"), name_skeleton("مدير الموقع")),
        (name_skeleton("mona"), None),
    ]
    with pytest.raises(InvalidInput):
        accounts.register_user("\u0430dmin", "x@example.org", PASSWORD, email_confirmed=True)
