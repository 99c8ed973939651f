"""A forgotten password: a link by email, that works once, for an hour, and only for the
password and address it was sent for; the same answer whether or not the account exists."""

from datetime import date, timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from forum.extensions import db
from forum.models import StaffAction
from forum.services import accounts, moderation, recovery
from tests.factories import PASSWORD, emailed_path, make_user, sent_mail
from tests.test_limits import limited_client

ENGLISH = {"Accept-Language": "en"}
NEW_PASSWORD = "a-new-good-password"


@pytest.fixture
def user(app):
    return make_user("nour", email="nour@example.org")


def ask(client, login):
    return client.post("/password/forgot", data={"login": login}, headers=ENGLISH)


def can_sign_in(app, user, password) -> bool:
    other = app.test_client()
    return other.post("/login", data={"login": user.username, "password": password}).status_code == 302


def test_a_member_who_forgot_their_password_gets_a_link_and_chooses_a_new_one(app, client, user):
    answer = ask(client, "Nour@Example.org")
    assert answer.status_code == 302 and answer.location == "/login"
    (message,) = sent_mail()
    assert message["To"] == "nour@example.org"
    assert "asked for a link to choose a new password for your account" in message.get_body(("plain",)).get_content()
    link = emailed_path(message, "/password/reset/")
    assert "@nour" in client.get(link, headers=ENGLISH).text
    saved = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, headers=ENGLISH)
    assert saved.status_code == 302
    assert client.get("/my/preferences").status_code == 200, "signed in with the new password"
    assert can_sign_in(app, user, NEW_PASSWORD) and not can_sign_in(app, user, PASSWORD)


def test_the_answer_is_the_same_whether_or_not_the_account_exists(app, user):
    answers = []
    for login in ("nour", "nobody-here@example.org"):
        client = app.test_client()
        answer = ask(client, login)
        answers.append(
            (answer.status_code, answer.location, client.get("/login", headers=ENGLISH).text.count("on its way"))
        )
    assert answers[0] == answers[1] == (302, "/login", 1)
    assert [m["To"] for m in sent_mail()] == ["nour@example.org"]


def test_a_link_works_once(client, user):
    ask(client, "nour")
    link = emailed_path(sent_mail()[0], "/password/reset/")
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = client.post(link, data={"password": "third-password-x", "confirm": "third-password-x"}, headers=ENGLISH)
    assert again.status_code == 404 and "used already" in again.text
    assert accounts.authenticate("nour", NEW_PASSWORD) is not None


@pytest.mark.parametrize("change", ["password", "email"])
def test_a_change_of_password_or_address_spends_the_links_sent_before(client, user, change):
    ask(client, "nour")
    link = emailed_path(sent_mail()[0], "/password/reset/")
    if change == "password":
        accounts.set_password(user, "changed-meanwhile-1")
    else:
        user.email, user.email_key = "nour@school.example.org", "nour@school.example.org"
        db.session.commit()
    assert client.get(link).status_code == 404


def test_an_expired_link_says_so(app, client, user):
    ask(client, "nour")
    link = emailed_path(sent_mail()[0], "/password/reset/")
    app.config["PASSWORD_RESET_SECONDS"] = -1
    page = client.get(link, headers=ENGLISH)
    assert page.status_code == 410 and "has expired" in page.text
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 410
    assert accounts.authenticate("nour", PASSWORD) is not None


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        URLSafeTimedSerializer("another-secret", salt=recovery.SALT).dumps([1, "x"]),
        URLSafeTimedSerializer("testing", salt=recovery.SALT).dumps([2**40, "x"]),
        URLSafeTimedSerializer("testing", salt=recovery.SALT).dumps(["1", None]),
        URLSafeTimedSerializer("testing", salt=recovery.SALT).dumps({"user": 1}),
        URLSafeTimedSerializer("testing", salt="unsubscribe").dumps([1, "x"]),
    ],
    # Named, not shown: a signed token holds the second it was made, and every test worker
    # must collect the same names.
    ids=["garbage", "another-key", "no-such-account", "a-string-id", "a-mapping", "an-unsubscribe-link"],
)
def test_a_forged_link_is_refused_with_a_clear_page(client, user, token):
    page = client.post(f"/password/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert page.status_code == 404
    assert accounts.authenticate("nour", PASSWORD) is not None


def test_a_too_short_password_is_refused_and_the_link_still_works(client, user):
    ask(client, "nour")
    link = emailed_path(sent_mail()[0], "/password/reset/")
    refused = client.post(link, data={"password": "short", "confirm": "short"})
    assert refused.status_code == 422
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_a_new_password_ends_every_other_session(app, client, user):
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"login": "nour", "password": PASSWORD})
    assert elsewhere.get("/my/preferences").status_code == 200
    ask(client, "nour")
    client.post(
        emailed_path(sent_mail()[0], "/password/reset/"), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert elsewhere.get("/my/preferences").status_code == 302


def test_a_suspended_member_chooses_a_password_but_is_not_signed_in(client, user):
    moderation.restrict_user(make_user(role="moderator"), user, "suspend", date.today() + timedelta(days=7), "مخالفة")
    ask(client, "nour")
    saved = client.post(
        emailed_path(sent_mail()[0], "/password/reset/"), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert saved.location == "/login"
    assert client.get("/my/preferences").status_code == 302


def test_the_link_is_written_in_the_members_language(client, user):
    user.locale = "fr"
    db.session.commit()
    ask(client, "nour")
    (message,) = sent_mail()
    assert message["Subject"] == "Choisir un nouveau mot de passe pour Halaqa"


def test_an_administrator_sends_a_link_from_the_profile_and_the_log_says_so(app, client, auth, user):
    admin = make_user(role="admin")
    auth.login(admin)
    assert "/u/nour/password-reset" in client.get("/u/nour").text
    assert client.post("/u/nour/password-reset").status_code == 302
    (message,) = sent_mail()
    assert "أرسل إليك أحد مديري حلقة هذا الرابط" in message.get_body(("plain",)).get_content(), "in Arabic, the default"
    (entry,) = db.session.scalars(db.select(StaffAction)).all()
    assert (entry.action, entry.actor_id, entry.target_user_id) == ("send_password_reset", admin.id, user.id)


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_only_administrators_send_links(client, auth, user, role):
    auth.login(make_user(role=role))
    assert "/u/nour/password-reset" not in client.get("/u/nour").text
    assert client.post("/u/nour/password-reset").status_code == 403
    assert sent_mail() == []


def test_nobody_can_fill_a_members_mailbox_with_links(app, user):
    client = limited_client(app, RATELIMIT_PASSWORD_RESET_ACCOUNT="2 per hour")
    assert [ask(client, "nour").status_code for _ in range(3)] == [302, 302, 429]
    assert len(sent_mail()) == 2


def test_the_login_page_leads_to_the_forgotten_password_page(client):
    assert 'href="/password/forgot"' in client.get("/login").text


def test_one_link_used_twice_at_the_same_moment_sets_one_password(user):
    """Both uses read the account before either writes: only the first write counts."""
    was = user.password_hash
    assert accounts.replace_password(user, "first-password-1", was=was)
    assert not accounts.replace_password(user, "second-password-2", was=was)
    assert accounts.authenticate("nour", "first-password-1") is not None


def test_no_link_is_offered_or_sent_to_an_unconfirmed_address(client, auth):
    unconfirmed = accounts.register_user("fresh", "fresh@example.org", PASSWORD, email_confirmed=False)
    auth.login(make_user(role="admin"))
    assert "/u/fresh/password-reset" not in client.get("/u/fresh").text
    assert client.post("/u/fresh/password-reset").status_code == 422
    assert sent_mail() == [] and unconfirmed.email_confirmed_at is None
