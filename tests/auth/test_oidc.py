"""Signing in with a school account: the real OpenID Connect protocol against a provider
served inside the tests (tests/oidc_provider.py), from the login page's button back to a
signed-in forum; and every forged, replayed or unconfirmed answer refused, with nothing
stored."""

from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import select

from forum.extensions import db
from forum.models import ExternalIdentity, User
from forum.services import deletion
from tests.factories import database_rows, make_user
from tests.oidc_provider import FAULTS, Provider

TEACHER = {
    "sub": "moe-teacher-4711",
    "email": "samira.haddad@school.example",
    "email_verified": True,
    "name": "سميرة حداد",
    "preferred_username": "samira.haddad",
}


@pytest.fixture(scope="module")
def provider():
    served = Provider()
    yield served
    served.close()


@pytest.fixture
def school(app, provider):
    provider.person, provider.fault = dict(TEACHER), None
    app.config["OIDC_PROVIDERS"] = {"school": provider.settings()}
    yield provider
    app.config["OIDC_PROVIDERS"] = {}


def sign_in_with(client, path="/login/with/school"):
    """The browser's part: to the provider, which signs the person in and sends them back."""
    to_provider = client.get(path)
    assert to_provider.status_code == 302
    back = requests.get(to_provider.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def signed_in(client):
    return client.get("/my/preferences").status_code == 200


def test_a_first_sign_in_creates_a_confirmed_account_and_the_next_ones_sign_in_as_it(client, school):
    login_page = client.get("/login").text
    assert 'href="/login/with/school' in login_page and "حساب المدرسة" in login_page
    first = sign_in_with(client)
    assert first.status_code == 302 and first.headers["Location"] == "/welcome"
    assert school.challenges[-1] == "S256", "with PKCE"
    user = db.session.scalars(select(User).where(User.username == "samira.haddad")).one()
    assert (user.email, user.display_name, user.email_confirmed, user.password_hash) == (
        "samira.haddad@school.example",
        "سميرة حداد",
        True,
        None,
    )
    assert signed_in(client)
    client.post("/logout", data={})
    again = sign_in_with(client, "/login/with/school?next=/messages")
    assert again.status_code == 302 and again.headers["Location"] == "/messages"
    assert db.session.scalars(select(User.id).where(User.email_key == "samira.haddad@school.example")).all() == [
        user.id
    ]


def test_a_first_sign_in_links_the_account_of_the_same_confirmed_address(client, school):
    samira = make_user("samira", email="Samira.Haddad@school.example")
    response = sign_in_with(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert db.session.scalars(select(ExternalIdentity.user_id)).all() == [samira.id]
    assert signed_in(client)


def test_an_address_not_confirmed_here_is_not_taken_over(client, school):
    squatter = make_user("squatter", email="samira.haddad@school.example")
    squatter.email_confirmed_at = None
    db.session.commit()
    before = database_rows()
    refused = sign_in_with(client)
    assert refused.status_code == 422 and "ينتظر تأكيده" in refused.text
    assert database_rows() == before and not signed_in(client)


@pytest.mark.parametrize(
    "claims",
    [{"email_verified": False}, {"email": None}, {"email": ["a@school.example"]}, {"email": 42}],
    ids=["unverified", "none", "a-list", "a-number"],
)
def test_an_identity_without_a_confirmed_address_is_refused(client, school, claims):
    school.person.update(claims)
    before = database_rows()
    assert sign_in_with(client).status_code == 422
    assert database_rows() == before and not signed_in(client)


@pytest.mark.parametrize("fault", FAULTS)
def test_a_forged_or_stale_answer_is_refused_and_stores_nothing(client, school, fault):
    school.fault = fault
    before = database_rows()
    refused = sign_in_with(client)
    assert refused.status_code == 400, fault
    assert "لم ينجح الدخول بحساب مدرستك" in refused.text
    assert database_rows() == before and not signed_in(client)


def test_an_answer_used_twice_or_with_a_forged_state_is_refused(client, school):
    to_provider = client.get("/login/with/school")
    back = urlsplit(
        requests.get(to_provider.headers["Location"], allow_redirects=False, timeout=10).headers["Location"]
    )
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.post("/logout", data={})
    assert client.get(f"{back.path}?{back.query}").status_code == 400, "replayed"
    assert client.get(f"{back.path}?code=x&state=forged").status_code == 400
    assert client.get(f"{back.path}?error=access_denied&state=x").status_code == 400
    assert client.get("/login/with/nowhere").status_code == 404
    assert client.get("/login/with/nowhere/callback").status_code == 404


def test_a_deleted_account_takes_its_link_with_it(client, school):
    sign_in_with(client)
    user = db.session.scalars(select(User).where(User.username == "samira.haddad")).one()
    deletion.delete_account_by_admin(make_user(role="admin"), user, "samira.haddad")
    assert db.session.scalars(select(ExternalIdentity)).all() == []


def test_a_staff_account_is_never_handed_over_by_a_provider(client, school):
    make_user("samira", role="admin", email="samira.haddad@school.example")
    before = database_rows()
    refused = sign_in_with(client)
    assert refused.status_code == 422 and database_rows() == before and not signed_in(client)


def test_a_provider_vouches_only_for_its_domains(app, client, school):
    app.config["OIDC_PROVIDERS"]["school"]["domains"] = ["moe.example"]
    before = database_rows()
    assert sign_in_with(client).status_code == 422
    assert database_rows() == before
    school.person["email"] = "samira@MOE.example"
    assert sign_in_with(client).status_code == 302 and signed_in(client)


def test_odd_names_from_the_provider_make_a_plain_account(client, school):
    school.person.update(name={"ar": "سميرة"}, preferred_username=["x"], locale=7)
    assert sign_in_with(client).status_code == 302
    user = db.session.scalars(select(User).where(User.email_key == "samira.haddad@school.example")).one()
    assert (user.username, user.display_name, user.locale) == ("samira.haddad", "", None)


def test_logging_out_forgets_a_sign_in_left_half_way(client, school):
    sign_in_with(client)
    client.get("/login/with/school?next=/messages")  # started again, never finished
    with client.session_transaction() as session:
        assert any(key.startswith("_state_") for key in session) and "oidc_next" in session
    client.post("/logout", data={})
    with client.session_transaction() as session:
        assert not any(key.startswith("_state_") or key == "oidc_next" for key in session)


def test_an_account_without_a_password_is_told_how_to_get_one(client, school):
    sign_in_with(client)
    page = client.get("/my/preferences").text
    assert "ليس لك كلمة مرور هنا" in page and 'href="/password/forgot"' in page
