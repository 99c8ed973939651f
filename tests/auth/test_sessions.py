"""When sessions end: logging out, changing the password, a suspension and "sign out of all
devices" end every session of the account, its remember-me cookies included. A copied cookie
(from a shared computer, a stolen laptop) then signs nobody in."""

import re
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models.base import utcnow
from forum.services import moderation
from tests.factories import PASSWORD, make_user

SESSION, REMEMBER = "session", "remember_token"
NEW_PASSWORD = "another-good-password"


@pytest.fixture
def user(app):
    return make_user("khaled")


def sign_in(client, user, *, remember=False):
    data = {"login": user.username, "password": PASSWORD, **({"remember": "y"} if remember else {})}
    assert client.post("/login", data=data).status_code == 302


def signed_in(client) -> bool:
    return client.get("/my/preferences").status_code == 200


def copy_cookie(app, client, name):
    """Another browser holding only this one cookie of `client`."""
    other = app.test_client()
    other.set_cookie(name, client.get_cookie(name).value)
    return other


def csrf_token(page):
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def log_out(client, user):
    assert client.post("/logout").status_code == 302


def change_password(client, user):
    response = client.post(
        "/my/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302


def suspend_and_lift(client, user):
    admin = make_user(role="admin")
    moderation.restrict_user(admin, user, "suspend", utcnow() + timedelta(days=3), "انتحال شخصية")
    moderation.lift_restriction(admin, user, "suspend")


def sign_out_everywhere(client, user):
    response = client.post("/my/sign-out-everywhere")
    assert response.status_code == 302 and response.location == "/login"


ENDINGS = [log_out, change_password, suspend_and_lift, sign_out_everywhere]


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("cookie", [SESSION, REMEMBER])
def test_a_copied_cookie_no_longer_signs_in_once_sessions_end(app, client, user, ending, cookie):
    sign_in(client, user, remember=True)
    copy = copy_cookie(app, client, cookie)
    assert signed_in(copy), "the copy works until the sessions end"
    session_of_copy = copy_cookie(app, copy, SESSION)
    ending(client, user)
    assert not signed_in(copy)
    assert not signed_in(session_of_copy), "nor does the session the copy was given meanwhile"


@pytest.mark.parametrize("ending", ENDINGS)
def test_the_accounts_other_sessions_end_too(app, client, user, ending):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user, remember=True)
    sign_in(laptop, user)
    sign_in(client, user)
    ending(client, user)
    assert not signed_in(phone) and not signed_in(laptop)


def test_after_a_password_change_this_browser_stays_signed_in(app, client, user):
    # Whoever changes their password expects to go on where they are, and everyone else,
    # whoever knew the old password, to be out.
    sign_in(client, user, remember=True)
    change_password(client, user)
    page = client.get("/my/preferences")
    assert page.status_code == 200 and "تم تغيير كلمة المرور" in page.text
    # So does its remember-me cookie: a browser reopened tomorrow is still signed in.
    assert signed_in(copy_cookie(app, client, REMEMBER))


def test_a_password_change_without_remember_me_issues_no_remember_cookie(client, user):
    sign_in(client, user)
    change_password(client, user)
    assert signed_in(client) and client.get_cookie(REMEMBER) is None


def test_signing_out_everywhere_signs_out_here_too_and_says_so(client, user):
    sign_in(client, user, remember=True)
    sign_out_everywhere(client, user)
    assert "خرجت من حسابك على كل الأجهزة" in client.get("/login").text
    assert not signed_in(client)
    sign_in(client, user)
    assert signed_in(client), "signing in again works"


def test_signing_out_everywhere_is_a_csrf_protected_post(protected_client, user):
    client = protected_client
    token = csrf_token(client.get("/login").text)
    assert (
        client.post("/login", data={"csrf_token": token, "login": user.username, "password": PASSWORD}).status_code
        == 302
    )
    assert client.get("/my/sign-out-everywhere").status_code == 405
    assert client.post("/my/sign-out-everywhere").status_code == 400 and signed_in(client)
    token = csrf_token(client.get("/my/preferences").text)
    assert client.post("/my/sign-out-everywhere", data={"csrf_token": token}).status_code == 302
    assert not signed_in(client)


def test_the_preferences_page_offers_to_sign_out_everywhere(client, user):
    sign_in(client, user)
    page = client.get("/my/preferences").text
    assert 'action="/my/sign-out-everywhere"' in page and "الخروج من كل الأجهزة" in page


def test_a_session_from_before_session_versions_no_longer_signs_in(client, user):
    # Cookies signed before sessions carried a version name the bare account number; nothing
    # could end them, so they end with the upgrade.
    sign_in(client, user)
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    assert not signed_in(client)


@pytest.mark.parametrize("tampered", ["{id}:", "{id}:x", ":{version}", "{id}:{version}:1", "abc"])
def test_odd_session_ids_sign_nobody_in(client, user, tampered):
    sign_in(client, user)
    with client.session_transaction() as session:
        session["_user_id"] = tampered.format(id=user.id, version=db.session.get(type(user), user.id).session_version)
    assert not signed_in(client)
