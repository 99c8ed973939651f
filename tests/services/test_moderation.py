"""Moderator actions without HTTP: what they change, what they refuse, what they log."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import queries
from forum.extensions import db
from forum.models import Notification, StaffAction, Topic
from forum.models.base import utcnow
from forum.search import query as search
from forum.services import moderation
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from tests.factories import make_community, make_member, make_reply, make_topic, make_user


def logged():
    rows = db.session.execute(
        select(StaffAction.action, StaffAction.actor_id, StaffAction.reason).order_by(StaffAction.id)
    )
    return [tuple(row) for row in rows]


def told(user):
    rows = db.session.execute(
        select(Notification.kind, Notification.note).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return [tuple(row) for row in rows]


@pytest.fixture
def coordinator(community):
    return make_member(community, role="coordinator")


def test_a_coordinator_hides_and_shows_a_post_of_their_community(community, coordinator):
    topic = make_topic(community)
    post = make_reply(topic)
    moderation.hide_post(coordinator, post, "  لغة غير لائقة\u202e ")
    assert post.hidden and post.hidden_reason == "لغة غير لائقة"
    assert told(post.author) == [("post_hidden", "لغة غير لائقة")]
    moderation.unhide_post(coordinator, post)
    assert not post.hidden
    assert logged() == [("hide_post", coordinator.id, "لغة غير لائقة"), ("unhide_post", coordinator.id, "")]
    assert [kind for kind, _ in told(post.author)] == ["post_hidden", "post_restored"]


@pytest.mark.usefixtures("search")
def test_a_hidden_post_leaves_search_and_profiles(community, coordinator):
    topic = make_topic(community)
    post = make_reply(topic, raw="استراتيجية الجيغسو في الصف السابع")
    reader = make_user()
    assert [hit.post.id for hit in search.search(reader, "الجيغسو").hits] == [post.id]
    moderation.hide_post(coordinator, post)
    assert search.search(reader, "الجيغسو").hits == []
    assert queries.user_figures(reader, post.author).replies == 0


def test_others_cannot_moderate_and_stale_actions_are_already_done(community, coordinator):
    post = make_reply(make_topic(community))
    elsewhere = make_member(make_community(), role="coordinator")
    for outsider in (make_member(community), elsewhere):
        with pytest.raises(NotAllowed):
            moderation.hide_post(outsider, post)
    moderation.hide_post(coordinator, post)
    with pytest.raises(AlreadyDone):
        moderation.hide_post(make_user(role="moderator"), post)
    assert logged() == [("hide_post", coordinator.id, "")]


def test_deleting_keeps_the_content_and_restoring_brings_it_back(community, coordinator):
    topic = make_topic(community)
    make_reply(topic)
    post = make_reply(topic, raw="محتوى يبقى محفوظًا")
    moderation.delete_post(coordinator, post, "مكرر")
    db.session.refresh(topic)
    assert post.deleted_at is not None and post.raw == "محتوى يبقى محفوظًا"
    assert topic.posts_count == 2
    with pytest.raises(AlreadyDone):
        moderation.delete_post(coordinator, post)
    moderation.restore_post(coordinator, post)
    db.session.refresh(topic)
    assert post.deleted_at is None and topic.posts_count == 3
    assert [a for a, _, _ in logged()] == ["delete_post", "restore_post"]


def test_deleting_the_opening_post_deletes_the_topic_and_tells_its_author_why(community, coordinator):
    topic = make_topic(community)
    moderation.delete_post(coordinator, moderation._first_post(topic), "إعلان تجاري")
    assert topic.deleted_at is not None
    assert queries.viewable_topic(make_member(community), topic.id) is None
    assert queries.viewable_topic(coordinator, topic.id) is not None, "its moderators can still restore it"
    assert told(topic.author) == [("post_deleted", "إعلان تجاري")]
    moderation.restore_topic(coordinator, topic)
    assert topic.deleted_at is None
    assert [a for a, _, _ in logged()] == ["delete_topic", "restore_topic"]


@pytest.mark.parametrize(
    "action, attribute, value",
    [
        ("close", "closed", True),
        ("pin", "pinned", True),
        ("unlist", "unlisted", True),
    ],
)
def test_topic_states_are_set_once_and_logged(community, coordinator, action, attribute, value):
    topic = make_topic(community)
    moderation.set_topic_state(coordinator, topic, action, "سبب")
    assert getattr(topic, attribute) is value
    with pytest.raises(AlreadyDone):
        moderation.set_topic_state(coordinator, topic, action)
    assert logged() == [(action, coordinator.id, "سبب")]


def test_only_site_staff_pin_across_the_site_and_latest_shows_it_first(community, coordinator):
    pinned = make_topic(community)
    make_topic(community)
    with pytest.raises(NotAllowed):
        moderation.set_topic_state(coordinator, pinned, "pin_globally")
    moderation.set_topic_state(make_user(role="moderator"), pinned, "pin_globally")
    assert queries.latest_topics(make_user()).items[0].id == pinned.id


def test_unknown_actions_and_long_reasons_are_refused(community, coordinator):
    topic = make_topic(community)
    with pytest.raises(InvalidInput):
        moderation.set_topic_state(coordinator, topic, "explode")
    with pytest.raises(InvalidInput):
        moderation.set_topic_state(coordinator, topic, "close", "س" * 501)
    db.session.refresh(topic)
    assert not topic.closed and logged() == []


def test_staff_silence_and_suspend_with_a_reason_and_an_end(community):
    moderator, member = make_user(role="moderator"), make_member(community)
    until = utcnow() + timedelta(days=7)
    moderation.restrict_user(moderator, member, "silence", until, "رسائل مزعجة")
    assert member.is_silenced() and member.silence_reason == "رسائل مزعجة"
    moderation.restrict_user(moderator, member, "suspend", until, "انتحال شخصية")
    assert member.is_suspended() and not member.is_active
    moderation.lift_restriction(moderator, member, "suspend")
    assert not member.is_suspended()
    with pytest.raises(AlreadyDone):
        moderation.lift_restriction(moderator, member, "suspend")
    assert [a for a, _, _ in logged()] == ["silence", "suspend", "unsuspend"]


def test_restrictions_need_a_reason_a_future_end_and_the_right_person(community):
    moderator, admin, member = make_user(role="moderator"), make_user(role="admin"), make_member(community)
    coordinator = make_member(community, role="coordinator")
    later = utcnow() + timedelta(days=1)
    with pytest.raises(InvalidInput):
        moderation.restrict_user(moderator, member, "silence", later, "")
    with pytest.raises(InvalidInput):
        moderation.restrict_user(moderator, member, "silence", utcnow() - timedelta(days=1), "سبب")
    for actor, target in ((coordinator, member), (moderator, admin), (moderator, moderator)):
        with pytest.raises(NotAllowed):
            moderation.restrict_user(actor, target, "suspend", later, "سبب")
    assert not member.is_silenced() and logged() == []


def test_topic_lists_skip_a_topic_whose_opening_post_is_hidden(community, coordinator):
    topic = make_topic(community)
    moderation.hide_post(coordinator, moderation._first_post(topic))
    assert topic.id not in [t.id for t in queries.community_topics(make_user(), community).items]
    moderation.unhide_post(coordinator, moderation._first_post(topic))
    assert topic.id in [t.id for t in queries.community_topics(make_user(), community).items]
    assert db.session.get(Topic, topic.id).unlisted is False


def test_a_moderators_edit_of_a_members_post_is_logged_but_not_the_authors_own(community, coordinator):
    from forum.services import revising

    post = make_reply(make_topic(community), raw="نص أصلي فيه رقم هاتف")
    revising.revise_post(post.author, post, "نص أصلي بعد تعديل الكاتب")
    revising.revise_post(coordinator, post, "نص بعد حذف رقم الهاتف", reason="بيانات شخصية")
    assert logged() == [("edit_post", coordinator.id, "بيانات شخصية")]
    assert revising.post_revisions(post)[-1].editor_id == coordinator.id
