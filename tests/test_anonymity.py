"""Failures and mistakes, shared anonymously: who may, what everyone sees, and that the
author's name leaks through no page, search, notification, email or JSON; only a moderator's
logged reveal names them."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification, Post, StaffAction
from forum.search import query as search
from forum.services import bookmarks, communities, curation, flags, moderation, posting, reactions, reading, revising
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from tests.factories import (
    topic_url,
    category,
    make_community,
    make_entry,
    make_member,
    make_reply,
    make_topic,
    make_user,
    sent_mail,
)

# These readers search: posts are indexed as they are written.
pytestmark = pytest.mark.usefixtures("search")

SECRET_NAME = "وداد المخفية"


@pytest.fixture
def shy(community):
    return make_member(community, make_user("wedad.hidden", display_name=SECRET_NAME))


def failure(community, author, **kwargs):
    return posting.create_topic(
        author,
        community,
        category("failures"),
        "درس فشل فيه التعلم التعاوني",
        "قسمت الصف إلى مجموعات دون أدوار واضحة، فانتهى الدرس بالفوضى. @khalid",
        **kwargs,
    )


def test_failures_may_be_shared_anonymously_and_nowhere_else(community, shy):
    topic = failure(community, shy, anonymous=True)
    assert topic.anonymous
    reply = posting.create_reply(shy, topic, "وأضيف تفصيلًا آخر", anonymous=True)
    assert reply.anonymous
    with pytest.raises(InvalidInput):
        posting.create_topic(shy, community, category("practices"), "ممارسة جيدة", "نص", anonymous=True)
    with pytest.raises(InvalidInput):
        posting.create_reply(shy, make_topic(community), "رد", anonymous=True)


def test_a_community_may_stop_anonymous_posts_and_the_change_is_logged(community, shy):
    coordinator = make_member(community, role="coordinator")
    with pytest.raises(NotAllowed):
        communities.change_settings(make_member(community), community, anonymous_posts=False)
    communities.change_settings(coordinator, community, anonymous_posts=False)
    with pytest.raises(AlreadyDone):
        communities.change_settings(coordinator, community, anonymous_posts=False)
    with pytest.raises(InvalidInput):
        failure(community, shy, anonymous=True)
    assert db.session.scalars(select(StaffAction.action)).all() == ["forbid_anonymous"]


def test_only_a_moderator_reveals_the_author_with_a_reason_and_the_author_is_told(community, shy):
    topic = failure(community, shy, anonymous=True)
    opening = opening_post(topic)
    coordinator = make_member(community, role="coordinator")
    for outsider in (make_member(community), make_member(make_community(), role="coordinator")):
        with pytest.raises(NotAllowed):
            moderation.reveal_author(outsider, opening, "سبب")
    with pytest.raises(InvalidInput):
        moderation.reveal_author(coordinator, opening, "  ")
    assert moderation.reveal_author(coordinator, opening, "شكوى من ولي أمر") == shy
    row = db.session.scalars(select(StaffAction)).one()
    assert (row.action, row.target_user_id, row.reason) == ("reveal_author", shy.id, "شكوى من ولي أمر")
    notification = db.session.scalars(select(Notification).where(Notification.user_id == shy.id)).one()
    assert notification.kind == "author_revealed"


def test_moderating_an_anonymous_post_does_not_name_its_author_in_the_log(community, shy):
    topic = failure(community, shy, anonymous=True)
    reply = posting.create_reply(shy, topic, "تفصيل", anonymous=True)
    moderation.hide_post(make_member(community, role="coordinator"), reply, "للمراجعة")
    assert db.session.scalars(select(StaffAction.target_user_id)).all() == [None]


def opening_post(topic):
    return db.session.scalars(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1)).one()


def test_the_author_leaks_through_nothing(app, client, auth, community, shy):
    """Every place that shows authors (the library and its feed too), seen by each kind of reader."""
    watcher = make_member(community, make_user("khalid", display_name="خالد"))
    reading.set_community_level(watcher, community, "watching")
    topic = failure(community, shy, anonymous=True)
    reply = make_reply(topic, watcher, raw="شكرًا على الصراحة")
    answer = posting.create_reply(shy, topic, "ردّي على خالد: سأجرب الأدوار", reply_to=reply.post_number, anonymous=True)
    opening = opening_post(topic)
    revising.revise_post(shy, opening, opening.raw + "\n\nتحديث: جربت الأدوار.", reason="تحديث")
    reactions_reader = make_member(community)
    reactions.react(reactions_reader, answer, "like")
    bookmarks.bookmark(watcher, answer, "")
    flags.flag(watcher, answer, "other", "أريد أن أفهم")
    coordinator = make_member(community, role="coordinator")
    moderation.hide_post(coordinator, make_reply(topic), "اختبار السجل")
    entry = make_entry(answer, coordinator, title="الأدوار في العمل الجماعي")
    curation.nominate(watcher, opening, "تجربة صادقة")
    readers = {
        "anonymous": None,
        "watcher": watcher,
        "coordinator": coordinator,
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }
    paths = [
        "/",
        f"/communities/{community.slug}",
        f"/communities/{community.slug}?category=failures-and-mistakes",
        "/categories/failures-and-mistakes",
        topic_url(topic),
        f"/t/{topic.id}/reply",
        f"/p/{opening.id}/revisions",
        "/search?q=الأدوار",
        "/search.json?q=الأدوار",
        "/search?q=الأدوار&group=topic",
        "/u/wedad.hidden",
        "/u/wedad.hidden?tab=replies",
        "/u/wedad.hidden?tab=reactions",
        "/u/khalid?tab=reactions",
        "/notifications",
        "/bookmarks",
        "/review",
        "/admin/log",
        "/latest",
        "/new",
        "/unread",
        "/library",
        f"/library/{entry.id}",
        "/library/feed.atom",
        "/library/nominations",
        "/search?q=status:curated",
    ]
    for role, reader in readers.items():
        auth.logout()
        if reader is not None:
            auth.login(reader)
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 302, 403), (role, path, response.status_code)
            text = response.get_data(as_text=True)
            if path.startswith("/u/wedad.hidden"):
                # Her profile names her, of course; it must not list or count her anonymous posts.
                assert "درس فشل" not in text and "سأجرب" not in text, (role, path)
                continue
            for secret in (SECRET_NAME, "wedad.hidden", "وداد"):
                assert secret not in text, (role, path, secret)
    assert search.search(watcher, "@wedad.hidden").hits == []
    told = db.session.scalars(select(Notification).where(Notification.user_id == watcher.id)).all()
    assert told and all(n.actor_id is None for n in told if n.post_id in (opening.id, answer.id))
    mails = sent_mail()
    assert mails, "the watcher was emailed"
    for message in mails:
        assert SECRET_NAME not in message.as_string() and SECRET_NAME not in str(message["Subject"])
        for part in message.walk():
            if part.get_content_maintype() == "text":
                assert SECRET_NAME not in part.get_content()
    assert "عضو في هذا المجتمع" in client.get(topic_url(topic)).text


def test_everyone_sees_a_member_of_this_community_and_the_author_sees_it_is_theirs(client, auth, community, shy):
    topic = failure(community, shy, anonymous=True)
    auth.login(make_member(community))
    page = client.get(topic_url(topic)).text
    assert "عضو في هذا المجتمع" in page and "avatar-anonymous" in page and "(أنت؛" not in page
    auth.logout()
    auth.login(shy)
    page = client.get(topic_url(topic)).text
    assert "(أنت؛" in page
    assert re.search(r"<input [^>]*checked id=\"anonymous\"", page), "ticked for her replies"


def test_the_composer_offers_anonymity_only_where_allowed_and_keeps_the_text_when_refused(client, auth, community, shy):
    auth.login(shy)
    page = client.get(f"/communities/{community.slug}/new-topic").text
    assert 'name="anonymous"' in page
    refused = client.post(
        f"/communities/{community.slug}/new-topic",
        data={"category": "best-practices", "title": "عنوان", "raw": "نص كتبته بعناية", "anonymous": "y"},
    )
    assert refused.status_code == 422 and "نص كتبته بعناية" in refused.text
    done = client.post(
        f"/communities/{community.slug}/new-topic",
        data={"category": "failures-and-mistakes", "title": "إخفاق في التقويم", "raw": "نص الإخفاق", "anonymous": "y"},
    )
    assert done.status_code == 302
    practice = make_topic(community, kind="practices")
    assert 'name="anonymous"' not in client.get(topic_url(practice)).text


def test_reveal_and_settings_through_http(client, auth, community, shy):
    topic = failure(community, shy, anonymous=True)
    opening = opening_post(topic)
    auth.login(make_member(community))
    assert client.post(f"/p/{opening.id}/moderate", data={"action": "reveal", "reason": "x"}).status_code == 403
    assert client.post(f"/communities/{community.slug}/settings", data={}).status_code == 403
    auth.logout()
    auth.login(make_member(community, role="coordinator"))
    page = client.get(topic_url(topic)).text
    assert "كشف الكاتب" in page and SECRET_NAME not in page
    assert client.post(f"/p/{opening.id}/moderate", data={"action": "reveal"}).status_code == 422
    revealed = client.post(
        f"/p/{opening.id}/moderate", data={"action": "reveal", "reason": "شكوى"}, follow_redirects=True
    )
    assert SECRET_NAME in revealed.text
    assert client.post(f"/communities/{community.slug}/settings", data={}).status_code == 302
    db.session.refresh(community)
    assert not community.anonymous_posts
