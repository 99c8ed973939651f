"""Rate limits, switched on as in production, with small figures to reach them quickly."""
from datetime import timedelta

import pytest

from config import TestingConfig
from forum import create_app, permissions
from forum.extensions import db
from forum.models.base import utcnow
from tests.conftest import PASSWORD
from tests.factories import make_member, make_topic, make_user


@pytest.fixture
def limited(app):
    config = type("Config", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "INSTANCE_DIR": app.config["INSTANCE_DIR"],
        "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute", "RATELIMIT_POSTING": "3 per minute",
        "RATELIMIT_POSTING_NEW": "1 per minute", "RATELIMIT_FLAGGING": "2 per minute", "RATELIMIT_SEARCH": "2 per minute",
    })
    limited = create_app(config)
    limited.test_client_class = app.test_client_class
    return limited.test_client()


def sign_in(client, user):
    assert client.post("/login", data={"login": user.username, "password": PASSWORD}).status_code == 302


def test_too_many_sign_ins_get_a_friendly_translated_429(limited):
    for _ in range(3):
        assert limited.post("/login", data={"login": "x", "password": "wrong"}).status_code == 422
    response = limited.post("/login", data={"login": "x", "password": "wrong"})
    assert response.status_code == 429
    assert "تسرع كثيرًا" in response.text and "Retry-After" in response.headers
    assert limited.get("/login").status_code == 200, "reading the form is not limited"


def test_new_accounts_post_less_often_than_established_ones(limited, community):
    topic = make_topic(community)
    newcomer = make_member(community)
    established = make_member(community)
    established.created_at = utcnow() - timedelta(days=30)
    db.session.commit()
    assert permissions.is_new_user(newcomer) and not permissions.is_new_user(established)
    sign_in(limited, newcomer)
    assert limited.post(f"/t/{topic.id}/reply", data={"raw": "رد أول مفيد"}).status_code == 302
    assert limited.post(f"/t/{topic.id}/reply", data={"raw": "معاينة", "preview": "1"}).status_code == 200, \
        "previews are free"
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
