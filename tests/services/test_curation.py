"""The best-practice library without HTTP: promoting, retiring, nominating, and what the
library, search and notifications make of an entry."""

import pytest
from sqlalchemy import select

from forum import queries
from forum.extensions import db
from forum.models import LibraryEntry, Nomination, Notification, Post, StaffAction
from forum.search import query as search
from forum.services import curation, moderation
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from tests.factories import make_community, make_entry, make_member, make_reply, make_topic, make_user


def logged():
    return list(db.session.scalars(select(StaffAction.action).order_by(StaffAction.id)))


def kinds_told(user):
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


def opening(topic):
    return db.session.scalars(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1)).one()


def library(user, **filters):
    return [e.id for e in queries.library_entries(user, queries.LibraryFilters(**filters)).items]


@pytest.fixture
def coordinator(community):
    return make_member(community, role="coordinator")


@pytest.fixture
def mentor(community):
    return make_member(community, role="mentor")


def test_a_coordinator_promotes_a_reply_the_author_is_told_and_the_log_has_it(community, coordinator):
    reply = make_reply(make_topic(community, kind="practices"), raw="بطاقات الخروج في آخر الحصة")
    entry = make_entry(
        reply,
        coordinator,
        title="  بطاقات الخروج  ",
        summary="**سؤال واحد** في آخر الحصة",
        subject="science",
        grade="primary_upper",
    )
    assert (entry.title, entry.subject, entry.grade, entry.curator_id) == (
        "بطاقات الخروج",
        "science",
        "primary_upper",
        coordinator.id,
    )
    assert "<strong>سؤال واحد</strong>" in entry.summary_cooked
    assert not entry.whole_topic
    assert kinds_told(reply.author) == ["curated"]
    assert logged() == ["promote"]
    assert library(make_user()) == [entry.id]


def test_the_summary_is_sanitized_like_a_post(community, coordinator):
    entry = make_entry(
        make_reply(make_topic(community)),
        coordinator,
        summary='<script>alert(1)</script><a href="javascript:alert(1)">x</a> [ok](https://example.org)',
    )
    assert "<script" not in entry.summary_cooked and '<a href="javascript' not in entry.summary_cooked
    assert 'rel="nofollow ugc noopener"' in entry.summary_cooked


def test_mentors_assigned_to_the_community_curate_and_others_do_not(community, mentor):
    reply = make_reply(make_topic(community))
    other_mentor = make_member(make_community(), role="mentor")
    for refused in (make_member(community), other_mentor, make_member(make_community(), role="coordinator")):
        with pytest.raises(NotAllowed):
            make_entry(reply, refused)
    assert make_entry(reply, mentor).curator_id == mentor.id
    for staff in ("moderator", "admin"):
        assert make_entry(make_reply(reply.topic), make_user(role=staff)).id


def test_bad_input_is_refused_and_nothing_is_stored(community, coordinator):
    reply = make_reply(make_topic(community))
    for kwargs, field in (
        (dict(title=""), "title"),
        (dict(summary="   "), "raw"),
        (dict(summary="س" * 2001), "raw"),
        (dict(subject="astrology"), "subject"),
        (dict(grade="university"), "grade"),
    ):
        with pytest.raises(InvalidInput) as error:
            make_entry(reply, coordinator, **kwargs)
        assert error.value.field == field
    assert db.session.scalar(select(LibraryEntry.id)) is None


def test_a_post_enters_once_a_deleted_one_never_and_again_after_retiring(community, coordinator):
    reply = make_reply(make_topic(community))
    entry = make_entry(reply, coordinator)
    with pytest.raises(AlreadyDone):
        make_entry(reply, coordinator)
    curation.retire(coordinator, entry, "صارت قديمة")
    with pytest.raises(AlreadyDone):
        curation.retire(coordinator, entry)
    assert (entry.retired_by_id, entry.retire_reason) == (coordinator.id, "صارت قديمة")
    assert library(make_user()) == []
    again = make_entry(reply, coordinator)
    assert library(make_user()) == [again.id]
    deleted = make_reply(reply.topic)
    moderation.delete_post(coordinator, deleted, "مكرر")
    with pytest.raises(InvalidInput):
        make_entry(deleted, coordinator)
    assert logged() == ["promote", "retire_entry", "promote", "delete_post"]


def test_the_library_hides_what_readers_may_not_see(community, coordinator):
    private = make_community(visibility="members")
    hidden_entry = make_entry(make_reply(make_topic(private)))
    shown = make_entry(make_reply(make_topic(community)), coordinator)
    later_deleted = make_entry(make_reply(make_topic(community)), coordinator)
    moderation.delete_post(coordinator, later_deleted.post, "")
    assert library(make_user()) == [shown.id]
    assert set(library(make_user(role="moderator"))) == {hidden_entry.id, shown.id}
    assert queries.library_entry(make_user(), hidden_entry.id) is None
    assert queries.library_entry(make_user(), later_deleted.id) is None


def test_the_library_filters_by_community_subject_and_grade(community, coordinator):
    other = make_community()
    maths = make_entry(make_reply(make_topic(community)), coordinator, subject="mathematics", grade="middle")
    arabic = make_entry(make_reply(make_topic(community)), coordinator, subject="arabic", grade="middle")
    elsewhere = make_entry(make_reply(make_topic(other)), subject="mathematics", grade="secondary")
    reader = make_user()
    assert library(reader) == [elsewhere.id, arabic.id, maths.id]
    assert library(reader, community=community) == [arabic.id, maths.id]
    assert library(reader, subject="mathematics") == [elsewhere.id, maths.id]
    assert library(reader, subject="mathematics", grade="middle") == [maths.id]


@pytest.mark.usefixtures("search")
def test_search_finds_curated_posts_and_a_whole_topic_with_its_replies(community, coordinator):
    topic = make_topic(community, kind="practices", title="ركن القراءة في الصف", raw="ركن القراءة نجح")
    reply = make_reply(topic, raw="ركن القراءة مع دفتر الاستعارة")
    single = make_reply(make_topic(community), raw="ركن القراءة في الممر")
    reader = make_user()

    def found(text):
        return {hit.post.id for hit in search.search(reader, text).hits}

    assert found("ركن status:curated") == set()
    whole = make_entry(opening(topic), coordinator)
    make_entry(single, coordinator)
    assert found("ركن status:curated") == {whole.post_id, reply.id, single.id}
    curation.retire(coordinator, whole)
    assert found("ركن status:curated") == {single.id}


def test_members_nominate_once_and_promoting_settles_the_nominations(community, coordinator):
    reply = make_reply(make_topic(community))
    first, second = make_member(community), make_member(community)
    curation.nominate(first, reply, "جربتها ونجحت")
    curation.nominate(second, reply)
    with pytest.raises(AlreadyDone):
        curation.nominate(first, reply)
    with pytest.raises(NotAllowed):
        curation.nominate(reply.author, reply)
    assert curation.count_pending(coordinator) == 1
    assert [(n.post.id, len(n.nominations)) for n in curation.nominations_queue(coordinator, 1, 20).items] == [
        (reply.id, 2)
    ]
    make_entry(reply, coordinator)
    assert set(db.session.scalars(select(Nomination.outcome))) == {"promoted"}
    assert curation.count_pending(coordinator) == 0
    with pytest.raises(AlreadyDone):
        curation.nominate(make_member(community), reply)


def test_declining_settles_nominations_once_and_only_curators_see_the_queue(community, coordinator, mentor):
    reply = make_reply(make_topic(community))
    curation.nominate(make_member(community), reply)
    assert curation.count_pending(mentor) == 1
    assert curation.count_pending(make_member(make_community(), role="coordinator")) == 0
    assert curation.count_pending(make_member(community)) == 0
    with pytest.raises(NotAllowed):
        curation.decline(make_member(community), reply)
    curation.decline(mentor, reply, "ليست ممارسة بعد")
    with pytest.raises(AlreadyDone):
        curation.decline(coordinator, reply)
    assert curation.count_pending(coordinator) == 0
    assert logged() == ["decline_nomination"]


def test_an_anonymous_post_in_the_library_names_nobody(community, coordinator):
    post = make_reply(make_topic(community, kind="failures"), anonymous=True)
    entry = make_entry(post, coordinator)
    notification = db.session.scalars(select(Notification).where(Notification.kind == "curated")).one()
    assert notification.user_id == post.user_id
    action = db.session.scalars(select(StaffAction)).one()
    assert action.target_user_id is None
    assert entry.post.anonymous
