"""Flags and the review queue, without HTTP."""

import pytest
from flask import current_app
from sqlalchemy import select

from forum.extensions import db
from forum.models import Flag, Notification, StaffAction
from forum.services import flags
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from tests.factories import make_community, make_member, make_reply, make_topic, make_user


def told(user):
    rows = db.session.execute(
        select(Notification.kind, Notification.actor_id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id)
    )
    return [tuple(row) for row in rows]


def queue(user):
    return [(review.post.id, len(review.flags)) for review in flags.review_queue(user, 1, 30).items]


@pytest.fixture
def post(community):
    return make_reply(make_topic(community))


@pytest.fixture
def coordinator(community):
    return make_member(community, role="coordinator")


def test_enough_distinct_flags_hide_the_post_and_tell_its_author_without_naming_anyone(community, post):
    current_app.config["FLAGS_TO_HIDE"] = 2
    first, second = make_member(community), make_member(community)
    flags.flag(first, post, "spam")
    assert not post.hidden
    flags.flag(second, post, "inappropriate")
    assert post.hidden and post.hidden_reason == ""
    assert told(post.author) == [("post_hidden", None)]


def test_a_member_flags_a_post_once(community, post):
    member = make_member(community)
    flags.flag(member, post, "off_topic")
    with pytest.raises(AlreadyDone):
        flags.flag(member, post, "spam")
    assert db.session.scalars(select(Flag.reason)).all() == ["off_topic"]


def test_bad_flags_are_refused_and_nothing_is_stored(community, post):
    member = make_member(community)
    with pytest.raises(InvalidInput):
        flags.flag(member, post, "boring")
    with pytest.raises(InvalidInput):
        flags.flag(member, post, "other", "  \u200b ")
    with pytest.raises(InvalidInput):
        flags.flag(member, post, "other", "س" * 501)
    with pytest.raises(NotAllowed):
        flags.flag(post.author, post, "spam")
    private = make_reply(make_topic(make_community(visibility="members")))
    with pytest.raises(NotAllowed):
        flags.flag(member, private, "spam")
    assert db.session.scalars(select(Flag)).all() == []


def test_the_queue_holds_each_reviewers_communities_only(community, post, coordinator):
    other_post = make_reply(make_topic(make_community()))
    flags.flag(make_member(community), post, "spam")
    flags.flag(make_member(community), post, "other", "معلومات خاطئة عن المنهاج")
    flags.flag(make_user(), other_post, "spam")
    assert queue(coordinator) == [(post.id, 2)]
    assert flags.count_pending(coordinator) == 1
    assert queue(make_user(role="moderator")) == [(post.id, 2), (other_post.id, 1)]
    assert queue(make_member(community)) == [] and flags.count_pending(make_member(community)) == 0


def test_agreeing_keeps_the_post_hidden_and_tells_author_and_flaggers(community, post, coordinator):
    current_app.config["FLAGS_TO_HIDE"] = 1
    flagger = make_member(community)
    flags.flag(flagger, post, "inappropriate")
    flags.settle(coordinator, post, "agreed", note="يرجى احترام الزملاء")
    assert post.hidden and post.hidden_reason == "يرجى احترام الزملاء"
    assert told(post.author) == [("post_hidden", None), ("post_hidden", coordinator.id)]
    assert told(flagger) == [("flag_agreed", coordinator.id)]
    assert queue(coordinator) == []
    assert db.session.scalars(select(StaffAction.action)).all() == ["review_agreed"]


def test_agreeing_may_delete_the_post(community, post, coordinator):
    flags.flag(make_member(community), post, "spam")
    flags.settle(coordinator, post, "agreed", delete=True)
    assert post.deleted_at is not None and post.topic.posts_count == 1
    assert told(post.author) == [("post_deleted", coordinator.id)]


def test_disagreeing_shows_the_post_again(community, post, coordinator):
    current_app.config["FLAGS_TO_HIDE"] = 1
    flagger = make_member(community)
    flags.flag(flagger, post, "spam")
    flags.settle(coordinator, post, "disagreed")
    assert not post.hidden
    assert told(post.author)[-1] == ("post_restored", coordinator.id)
    assert told(flagger) == [("flag_disagreed", coordinator.id)]


def test_ignoring_changes_nothing_and_tells_nobody(community, post, coordinator):
    flagger = make_member(community)
    flags.flag(flagger, post, "spam")
    flags.settle(coordinator, post, "ignored")
    assert not post.hidden and told(flagger) == [] and told(post.author) == []
    assert db.session.scalars(select(Flag.outcome)).all() == ["ignored"]


def test_a_stale_review_is_already_done_and_outsiders_cannot_review(community, post, coordinator):
    flags.flag(make_member(community), post, "spam")
    with pytest.raises(NotAllowed):
        flags.settle(make_member(make_community(), role="coordinator"), post, "agreed")
    flags.settle(coordinator, post, "disagreed")
    with pytest.raises(AlreadyDone):
        flags.settle(make_user(role="moderator"), post, "agreed")
    with pytest.raises(InvalidInput):
        flags.settle(coordinator, post, "maybe")
    assert not post.hidden


def test_the_queue_takes_the_same_statements_whatever_it_holds(community, coordinator, count_queries):
    def statements():
        db.session.expire_all()
        flags.review_queue(coordinator, 1, 30)  # the reviewer and their roles are read once per request
        with count_queries() as run:
            shown = len(flags.review_queue(coordinator, 1, 30).items)
        return shown, len(run)

    for _ in range(3):
        flags.flag(make_member(community), make_reply(make_topic(community)), "spam")
    few = statements()
    for _ in range(12):
        flags.flag(make_member(community), make_reply(make_topic(community)), "spam")
    assert statements() == (15, few[1]) and few == (3, 2)
