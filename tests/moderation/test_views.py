"""Moderation as members and moderators see it through HTTP."""

from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from forum.extensions import db
from forum.models import Flag, StaffAction
from forum.models.base import utcnow
from forum.services import flags, moderation
from tests.conftest import Auth
from tests.factories import make_member, make_reply, make_topic, make_user

SECRET = "نص خاص بالمشاركة المخفية"


@pytest.fixture
def coordinator(community):
    return make_member(community, role="coordinator")


def test_a_hidden_post_shows_a_notice_to_members_and_its_text_to_author_and_moderators(client, community, coordinator):
    topic = make_topic(community)
    post = make_reply(topic, raw=SECRET)
    moderation.hide_post(coordinator, post, "خارج الموضوع")
    url = f"/t/{topic.slug}/{topic.id}"
    page = client.get(url)
    assert "يراجعها المشرفون" in page.text and SECRET not in page.text
    auth = Auth(client)
    auth.login(post.author)
    page = client.get(url)
    assert SECRET in page.text and "خارج الموضوع" in page.text
    auth.logout()
    auth.login(coordinator)
    assert SECRET in client.get(url).text


def test_flagging_through_the_page_then_again_is_a_friendly_409(member_client, community, member):
    post = make_reply(make_topic(community))
    response = member_client.post(f"/p/{post.id}/flag", data={"reason": "other", "message": "معلومة خاطئة"})
    assert response.status_code == 302
    page = member_client.get(response.headers["Location"], follow_redirects=True)
    assert "سيراجع مشرفو هذا المجتمع" in page.text and "أبلغت عن هذه المشاركة" in page.text
    again = member_client.post(f"/p/{post.id}/flag", data={"reason": "spam"})
    assert again.status_code == 409 and "سبق أن أبلغت" in again.text
    assert db.session.scalars(select(Flag.message)).all() == ["معلومة خاطئة"]


@pytest.mark.parametrize(
    "data, status",
    [({"reason": "boring"}, 422), ({"reason": "other"}, 422), ({"reason": "spam", "message": "س" * 501}, 422)],
)
def test_bad_flags_get_a_clear_4xx(member_client, community, data, status):
    post = make_reply(make_topic(community))
    response = member_client.post(f"/p/{post.id}/flag", data=data)
    assert response.status_code == status and "<h1" in response.text
    assert db.session.scalars(select(Flag)).all() == []


def test_a_coordinator_works_the_queue_and_the_author_reads_the_outcome(client, community, coordinator):
    current_app.config["FLAGS_TO_HIDE"] = 2
    post = make_reply(make_topic(community), raw=SECRET)
    for _ in range(2):
        flags.flag(make_member(community), post, "inappropriate")
    auth = Auth(client)
    auth.login(coordinator)
    queue = client.get("/review")
    assert "مسيئة أو غير لائقة" in queue.text and SECRET in queue.text
    assert 'class="count">1<' in queue.text, "the account menu counts what waits"
    response = client.post(f"/review/{post.id}", data={"outcome": "agreed", "note": "نرجو الالتزام بميثاق المجتمع"})
    assert response.status_code == 302
    assert "لا شيء للمراجعة" in client.get("/review").text
    stale = client.post(f"/review/{post.id}", data={"outcome": "disagreed"})
    assert stale.status_code == 409, "a second reviewer on a stale page is told it is already done"
    auth.logout()
    auth.login(post.author)
    bell = client.get("/notifications").text
    assert "أخفى أحد المشرفين مشاركتك" in bell and "نرجو الالتزام بميثاق المجتمع" in bell
    assert coordinator.name not in bell, "no moderator or flagger is named"


def test_moderator_actions_from_the_topic_page_are_logged_and_filterable(client, community):
    moderator = make_user(role="moderator", display_name="المشرف العام")
    topic = make_topic(community)
    Auth(client).login(moderator)
    assert client.post(f"/t/{topic.id}/moderate", data={"action": "close", "reason": "انتهى النقاش"}).status_code == 302
    assert client.post(f"/t/{topic.id}/moderate", data={"action": "pin"}).status_code == 302
    assert client.post(f"/t/{topic.id}/moderate", data={"action": "close"}).status_code == 409
    assert client.post(f"/t/{topic.id}/moderate", data={"action": "explode"}).status_code == 400

    def rows(query):
        page = client.get(f"/admin/log?{query}").text
        return page.split("<tbody>")[1] if "<tbody>" in page else page

    closed = rows("action=close")
    assert "أغلق موضوعًا" in closed and "انتهى النقاش" in closed and "ثبّت موضوعًا في مجتمعه" not in closed
    assert "ثبّت موضوعًا في مجتمعه" in rows(f"actor={moderator.username}&community={community.slug}")
    assert "لا يوجد" in rows("actor=nobody")


def test_a_deleted_post_stays_for_moderators_to_restore(client, community, coordinator):
    topic = make_topic(community)
    post = make_reply(topic, raw=SECRET)
    moderation.delete_post(coordinator, post, "مكرر")
    assert SECRET not in client.get(f"/t/{topic.slug}/{topic.id}").text
    assert client.get(f"/p/{post.id}").status_code == 404
    Auth(client).login(coordinator)
    page = client.get(f"/t/{topic.slug}/{topic.id}").text
    assert SECRET in page and "حذفها أحد المشرفين" in page
    assert client.post(f"/p/{post.id}/moderate", data={"action": "restore"}).status_code == 302
    db.session.refresh(post)
    assert post.deleted_at is None


def test_suspending_ends_the_members_session_and_login_tells_why(client, community, member):
    Auth(client).login(member)
    assert client.get("/notifications").status_code == 200
    moderation.restrict_user(make_user(role="admin"), member, "suspend", utcnow() + timedelta(days=3), "انتحال شخصية")
    assert client.get("/notifications").status_code == 302, "the session no longer signs them in"
    response = client.post("/login", data={"login": member.username, "password": "secret-password"})
    assert response.status_code == 422 and "انتحال شخصية" in response.text


def test_a_silenced_member_reads_why_they_cannot_reply(member_client, community, member):
    topic = make_topic(community)
    moderation.restrict_user(make_user(role="moderator"), member, "silence", utcnow() + timedelta(days=2), "جدال متكرر")
    page = member_client.get(f"/t/{topic.slug}/{topic.id}").text
    assert "جدال متكرر" in page and 'id="reply-heading"' not in page
    assert member_client.post(f"/t/{topic.id}/reply", data={"raw": "رد"}).status_code == 403


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "suspend", "until": "tomorrow", "reason": "سبب"},
        {"kind": "suspend", "until": "2020-01-01", "reason": "سبب"},
        {"kind": "suspend", "until": "2099-01-01", "reason": ""},
        {"kind": "banish", "until": "2099-01-01", "reason": "سبب"},
    ],
)
def test_bad_restrictions_get_a_422_and_change_nothing(client, community, member, data):
    Auth(client).login(make_user(role="admin"))
    response = client.post(f"/u/{member.username}/restrict", data=data)
    assert response.status_code == 422
    db.session.refresh(member)
    assert not member.is_suspended() and db.session.scalars(select(StaffAction)).all() == []


def test_the_review_queue_and_log_run_the_same_sql_for_more_rows(client, community, coordinator, count_queries):
    admin = make_user(role="admin")
    auth = Auth(client)
    auth.login(admin)

    def statements(path):
        client.get(path)
        with count_queries() as run:
            assert client.get(path).status_code == 200
        return len(run)

    def add(n):
        for _ in range(n):
            post = make_reply(make_topic(community))
            flags.flag(make_member(community), post, "spam")
            moderation.hide_post(coordinator, post, "سبب")

    add(2)
    few = statements("/review"), statements("/admin/log")
    add(10)
    assert (statements("/review"), statements("/admin/log")) == few


def test_an_admin_appoints_a_coordinator_who_can_then_moderate(client, community, member):
    admin = make_user(role="admin")
    auth = Auth(client)
    auth.login(admin)
    profile = client.get(f"/u/{member.username}").text
    assert "الدور في الموقع" in profile
    response = client.post(f"/u/{member.username}/role", data={"community": community.slug, "role": "coordinator"})
    assert response.status_code == 302
    assert (
        client.post(f"/u/{member.username}/role", data={"community": community.slug, "role": "coordinator"}).status_code
        == 409
    )
    assert client.post(f"/u/{member.username}/role", data={"role": "emperor"}).status_code == 422
    assert client.post(f"/u/{admin.username}/role", data={"role": "member"}).status_code == 403
    assert "غيّر دور عضو" in client.get("/admin/log").text
    auth.logout()
    auth.login(member)
    assert client.get("/review").status_code == 200
    topic = make_topic(community)
    assert client.post(f"/t/{topic.id}/moderate", data={"action": "close"}).status_code == 302
