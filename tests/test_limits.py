"""Rate limits, switched on as in production, with small figures to reach them quickly."""

from datetime import timedelta

import pytest

from config import TestingConfig
from forum import create_app, permissions
from forum.extensions import db
from forum.models.base import utcnow
from tests.conftest import PASSWORD
from tests.factories import make_member, make_topic, make_user


def limited_client(app, **settings):
    config = type(
        "Config",
        (TestingConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_LOGIN": "3 per minute",
            "RATELIMIT_POSTING": "3 per minute",
            "RATELIMIT_POSTING_NEW": "1 per minute",
            "RATELIMIT_FLAGGING": "2 per minute",
            "RATELIMIT_SEARCH": "2 per minute",
            **settings,
        },
    )
    limited = create_app(config)
    limited.test_client_class = app.test_client_class
    return limited.test_client()


@pytest.fixture
def limited(app):
    return limited_client(app)


def sign_in(client, user):
    assert client.post("/login", data={"login": user.username, "password": PASSWORD}).status_code == 302


def test_too_many_sign_ins_get_a_friendly_translated_429(limited):
    for _ in range(3):
        assert limited.post("/login", data={"login": "x", "password": "wrong"}).status_code == 422
    response = limited.post("/login", data={"login": "x", "password": "wrong"})
    assert response.status_code == 429
    assert "تسرع كثيرًا" in response.text and "Retry-After" in response.headers
    assert limited.get("/login").status_code == 200, "reading the form is not limited"


def test_failed_sign_ins_to_one_account_are_limited_from_every_address(app):
    limited = limited_client(app, RATELIMIT_LOGIN="100 per minute", RATELIMIT_LOGIN_ACCOUNT="2 per minute")
    make_user("khaled")
    make_user("mona")

    def sign_in(login, password, address):
        return limited.post(
            "/login", data={"login": login, "password": password}, environ_base={"REMOTE_ADDR": address}
        ).status_code

    assert sign_in("khaled", "wrong", "192.0.2.1") == 422
    assert sign_in(" KHALED", "wrong", "192.0.2.2") == 422, "the login counts as typed, folded"
    response = limited.post(
        "/login", data={"login": "Khaled", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "192.0.2.3"}
    )
    assert response.status_code == 429, "even with the right password, from a new address"
    assert "تسرع كثيرًا" in response.text and "Retry-After" in response.headers
    assert sign_in("mona", PASSWORD, "192.0.2.1") == 302, "other accounts are not held up"


def test_successful_sign_ins_do_not_use_up_the_accounts_allowance(app):
    limited = limited_client(app, RATELIMIT_LOGIN="100 per minute", RATELIMIT_LOGIN_ACCOUNT="2 per minute")
    user = make_user("khaled")
    for _ in range(3):
        sign_in(limited, user)
        limited.post("/logout")


def sign_in_statuses(client, forwarded_for):
    """Failed sign-ins from one proxy (192.0.2.1), each forwarded for the given address."""
    return [
        client.post(
            "/login",
            data={"login": f"someone{n}", "password": "wrong"},
            headers={"X-Forwarded-For": address, "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": "192.0.2.1"},
        ).status_code
        for n, address in enumerate(forwarded_for)
    ]


def test_behind_a_trusted_proxy_the_limits_count_each_visitors_address(app):
    limited = limited_client(app, TRUSTED_PROXIES=1)
    assert sign_in_statuses(limited, ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]) == [422] * 4
    assert sign_in_statuses(limited, ["198.51.100.9"] * 4) == [422, 422, 422, 429]


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(app):
    limited = limited_client(app)
    assert app.config["TRUSTED_PROXIES"] == 0
    assert sign_in_statuses(limited, ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]) == [
        422,
        422,
        422,
        429,
    ]


def test_new_accounts_post_less_often_than_established_ones(limited, community):
    topic = make_topic(community)
    newcomer = make_member(community)
    established = make_member(community)
    established.created_at = utcnow() - timedelta(days=30)
    db.session.commit()
    assert permissions.is_new_user(newcomer) and not permissions.is_new_user(established)
    sign_in(limited, newcomer)
    assert limited.post(f"/t/{topic.id}/reply", data={"raw": "رد أول مفيد"}).status_code == 302
    assert limited.post(f"/t/{topic.id}/reply", data={"raw": "معاينة", "preview": "1"}).status_code == 200, (
        "previews are free"
    )
    assert limited.post(f"/t/{topic.id}/reply", data={"raw": "رد ثان سريع"}).status_code == 429
    limited.post("/logout")
    sign_in(limited, established)
    statuses = [limited.post(f"/t/{topic.id}/reply", data={"raw": f"رد رقم {n}"}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_flagging_and_searching_are_limited_per_person(limited, community):
    from tests.factories import make_reply

    member = make_member(community)
    sign_in(limited, member)
    posts = [make_reply(make_topic(community)) for _ in range(3)]
    statuses = [limited.post(f"/p/{post.id}/flag", data={"reason": "spam"}).status_code for post in posts]
    assert statuses == [302, 302, 429]
    assert [limited.get("/search?q=تقويم").status_code for _ in range(3)] == [200, 200, 429]


def test_staff_and_trusted_members_are_not_new(app, community):
    assert not permissions.is_new_user(make_user(role="moderator"))
    trusted = make_member(community)
    trusted.trust_level = 1
    assert not permissions.is_new_user(trusted)


def test_previews_are_limited_like_posting_live_or_by_the_button(app, community):
    """A preview cooks a whole post: a member cannot make the server cook without end."""
    limited = limited_client(app, RATELIMIT_PREVIEW="2 per minute")
    member = make_member(community)
    sign_in(limited, member)
    topic = make_topic(community)
    assert limited.post("/preview", data={"raw": "**معاينة**"}).status_code == 200
    assert limited.post(f"/t/{topic.id}/reply", data={"raw": "نص", "preview": "y"}).status_code == 200
    assert limited.post("/preview", data={"raw": "**معاينة**"}).status_code == 429
    assert limited.post(f"/t/{topic.id}/reply", data={"raw": "نص", "preview": "y"}).status_code == 429
    assert limited.post(f"/t/{topic.id}/reply", data={"raw": "رد حقيقي"}).status_code == 302, "posting has its own"
