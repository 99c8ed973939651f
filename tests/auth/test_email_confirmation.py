"""A new account's email address: confirmed by the link sent to it. Until then the forum sends
it nothing else and the account reads but does not post."""

import pytest
from itsdangerous import URLSafeTimedSerializer

from forum.extensions import db
from forum.models import User
from forum.services import accounts, addresses, emails, recovery
from tests.factories import (
    emailed_path,
    PASSWORD,
    database_rows,
    make_community,
    make_member,
    make_reply,
    make_topic,
    make_user,
    sent_mail,
)
from tests.test_limits import limited_client

ENGLISH = {"Accept-Language": "en"}


def sign_up(client, username="salma", address="salma@example.org"):
    data = {"username": username, "email": address, "password": "a-good-password", "confirm": "a-good-password"}
    response = client.post("/register", data=data, headers=ENGLISH)
    assert response.status_code == 302
    return db.session.scalars(db.select(User).where(User.username == username)).one()


def test_a_new_member_confirms_their_address_from_the_email_then_posts(client):
    community = make_community()
    topic = make_topic(community, title="ما أفضل طريقة لبدء الاجتماع؟")
    user = sign_up(client)
    make_member(community, user)
    (message,) = sent_mail()
    assert (message["To"], message["Subject"]) == ("salma@example.org", "Confirm your email address for Halaqa")
    page = client.get(f"/t/{topic.slug}/{topic.id}", headers=ENGLISH).text
    assert "Confirm your email address to post" in page and "Confirm your email address to reply" in page
    assert client.post(f"/t/{topic.id}/reply", data={"raw": "رد قبل التأكيد"}).status_code == 403

    confirmed = client.get(emailed_path(message, "/email/confirm/"), headers=ENGLISH)
    assert confirmed.status_code == 302
    assert "you can post now" in client.get("/", headers=ENGLISH).text
    assert client.post(f"/t/{topic.id}/reply", data={"raw": "رد بعد التأكيد"}).status_code == 302


def test_the_link_said_twice_is_a_friendly_already_done(client):
    sign_up(client)
    link = emailed_path(sent_mail()[0], "/email/confirm/")
    client.get(link)
    again = client.get(link, headers=ENGLISH, follow_redirects=True)
    assert again.status_code == 200 and "confirmed already" in again.text


def test_an_unconfirmed_address_is_sent_nothing_but_the_confirmation(app, client):
    community = make_community()
    user = sign_up(client)
    make_member(community, user)
    topic = make_topic(community, make_member(community))
    make_reply(topic, raw=f"@{user.username} ما رأيك؟")
    recovery.request_reset("salma", "en")
    assert emails.due_digests() == [u.id for u in db.session.scalars(db.select(User)) if u.email_confirmed]
    assert [m["Subject"] for m in sent_mail() if m["To"] == "salma@example.org"] == [
        "Confirm your email address for Halaqa"
    ]


def test_sending_the_link_again_is_offered_and_limited(app):
    client = limited_client(app, RATELIMIT_CONFIRMATION="2 per hour")
    sign_up(client)
    answers = [client.post("/email/confirm/resend", data={"next": "/"}).status_code for _ in range(3)]
    assert answers == [302, 302, 429]
    assert len(sent_mail()) == 3, "the first link, then two more"


def test_a_link_for_an_address_changed_since_does_not_confirm_the_new_one(client):
    user = sign_up(client)
    link = emailed_path(sent_mail()[0], "/email/confirm/")
    user.email, user.email_key = "other@example.org", "other@example.org"
    db.session.commit()
    assert client.get(link).status_code == 404
    db.session.refresh(user)
    assert not user.email_confirmed


def test_an_expired_link_says_so(app, client):
    user = sign_up(client)
    link = emailed_path(sent_mail()[0], "/email/confirm/")
    app.config["EMAIL_CONFIRMATION_SECONDS"] = -1
    page = client.get(link, headers=ENGLISH)
    assert page.status_code == 410 and "has expired" in page.text
    db.session.refresh(user)
    assert not user.email_confirmed


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        URLSafeTimedSerializer("another-secret", salt=addresses.SALT).dumps([1, "salma@example.org"]),
        URLSafeTimedSerializer("testing", salt=addresses.SALT).dumps([2**40, "salma@example.org"]),
        URLSafeTimedSerializer("testing", salt=addresses.SALT).dumps("salma"),
        URLSafeTimedSerializer("testing", salt=recovery.SALT).dumps([1, "salma@example.org"]),
    ],
    # Named, not shown: a signed token holds the second it was made, and every test worker
    # must collect the same names.
    ids=["garbage", "another-key", "no-such-account", "not-a-pair", "a-reset-link"],
)
def test_a_forged_link_confirms_nothing(client, token):
    user = sign_up(client)
    assert client.get(f"/email/confirm/{token}").status_code == 404
    db.session.refresh(user)
    assert not user.email_confirmed


def test_the_link_is_in_the_language_of_the_sign_up_page(client):
    client.post(
        "/register",
        data={
            "username": "amal",
            "email": "amal@example.org",
            "password": "a-good-password",
            "confirm": "a-good-password",
        },
        headers={"Accept-Language": "fr"},
    )
    assert sent_mail()[0]["Subject"] == "Confirmez votre adresse e-mail pour Halaqa"


def test_a_language_chosen_before_signing_up_is_kept(client):
    client.set_cookie("locale", "fr")
    user = sign_up(client)
    assert user.locale == "fr"
    assert sent_mail()[0]["Subject"] == "Confirmez votre adresse e-mail pour Halaqa"


# Changing one's address ------------------------------------------------------------------------


@pytest.fixture
def omar(client):
    user = make_user("omar", email="omar@example.org")
    client.post("/login", data={"login": "omar", "password": PASSWORD})
    return user


def test_a_new_address_takes_over_once_its_link_is_opened_and_the_old_one_is_told(client, omar):
    asked = client.post("/my/email", data={"email": "omar@school.example.org", "password": PASSWORD})
    assert asked.status_code == 302
    (message,) = sent_mail()
    assert message["To"] == "omar@school.example.org"
    assert accounts.authenticate("omar@example.org", PASSWORD) is not None, "the old address until then"
    client.get(emailed_path(message, "/email/confirm/"))
    assert accounts.authenticate("omar@school.example.org", PASSWORD) is not None
    assert accounts.authenticate("omar@example.org", PASSWORD) is None
    (told,) = [m for m in sent_mail() if m["To"] == "omar@example.org"]
    assert "@omar" in told.get_body(("plain",)).get_content()


def test_a_change_needs_the_password_and_a_free_valid_address(client, omar):
    make_user(email="taken@example.org")
    client.get("/my/preferences")  # the visit is recorded before the form is sent
    before = database_rows()
    for data in (
        {"email": "omar@school.example.org", "password": "wrong-password"},
        {"email": "not an address", "password": PASSWORD},
        {"email": "Taken@Example.org", "password": PASSWORD},
    ):
        assert client.post("/my/email", data=data).status_code == 302
    assert database_rows() == before and sent_mail() == []


def test_an_address_another_account_confirmed_meanwhile_is_a_friendly_already_done(client, omar):
    client.post("/my/email", data={"email": "shared@example.org", "password": PASSWORD})
    link = emailed_path(sent_mail()[0], "/email/confirm/")
    make_user(email="shared@example.org")
    answer = client.get(link, headers=ENGLISH, follow_redirects=True)
    assert answer.status_code == 200 and "in the meantime" in answer.text
    assert accounts.authenticate("omar@example.org", PASSWORD) is not None


def test_only_the_latest_new_address_can_be_confirmed(client, omar):
    client.post("/my/email", data={"email": "first@example.org", "password": PASSWORD})
    first = emailed_path(sent_mail()[0], "/email/confirm/")
    client.post("/my/email", data={"email": "second@example.org", "password": PASSWORD})
    assert client.get(first).status_code == 404
    assert accounts.authenticate("first@example.org", PASSWORD) is None
