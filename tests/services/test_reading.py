"""Read state without HTTP: high-water marks, levels, what is new and unread."""

from datetime import timedelta

import pytest

from forum import queries
from forum.extensions import db
from forum.models import TopicUser
from forum.models.base import utcnow
from forum.models.reading import MUTED, NORMAL, TRACKING, WATCHING
from forum.queries import latest_topics, new_topics, unread_topics
from forum.services import reading
from forum.services.errors import InvalidInput, NotAllowed
from tests.factories import make_member, make_reply, make_topic, make_user


def state(user, topic):
    db.session.expire_all()
    return db.session.get(TopicUser, (user.id, topic.id))


def test_authors_watch_topics_they_start_and_track_topics_they_reply_in(community):
    author, replier = make_member(community), make_member(community)
    topic = make_topic(community, author)
    make_reply(topic, replier)
    assert (state(author, topic).notification_level, state(author, topic).last_read_post_number) == (WATCHING, 1)
    assert (state(replier, topic).notification_level, state(replier, topic).last_read_post_number) == (TRACKING, 2)


def test_the_read_mark_only_grows(community, member):
    topic = make_topic(community)
    for _ in range(4):
        make_reply(topic)
    reading.visit_topic(member, topic, 5)
    before = reading.visit_topic(member, topic, 2)
    assert before.last_read == 5 and before.known
    assert state(member, topic).last_read_post_number == 5


def test_a_first_visit_tracks_the_topic_and_reports_nothing_known(community, member):
    topic = make_topic(community)
    before = reading.visit_topic(member, topic, 1)
    assert not before.known
    assert state(member, topic).notification_level == TRACKING


def test_replying_never_overrides_a_level_the_user_chose(community, member):
    topic = make_topic(community)
    reading.set_topic_level(member, topic, "normal")
    make_reply(topic, member)
    assert state(member, topic).notification_level == NORMAL
    assert state(member, topic).level_chosen


def test_unknown_levels_are_refused_and_nothing_changes(community, member):
    topic = make_topic(community)
    reading.set_topic_level(member, topic, "watching")
    with pytest.raises(InvalidInput):
        reading.set_topic_level(member, topic, "loud")
    assert state(member, topic).notification_level == WATCHING
    with pytest.raises(InvalidInput):
        reading.set_community_level(member, community, "tracking")


def test_only_members_set_a_community_level(community):
    with pytest.raises(NotAllowed):
        reading.set_community_level(make_user(), community, "watching")


def test_unread_lists_tracked_topics_with_posts_beyond_the_read_mark(community, member):
    read, unread, normal = (make_topic(community) for _ in range(3))
    for topic in (read, unread, normal):
        reading.visit_topic(member, topic, 1)
        make_reply(topic)
        make_reply(topic)
    reading.visit_topic(member, read, 3)
    reading.set_topic_level(member, normal, "normal")
    listed = unread_topics(member).items
    assert [t.id for t in listed] == [unread.id]
    assert (listed[0].reading.unread, listed[0].reading.first_unread) == (2, 2)
    assert queries.count_unread(member) == 1


def test_dismissing_unread_marks_every_tracked_topic_read_in_one_statement(community, member, count_queries):
    topics = [make_topic(community) for _ in range(3)]
    for topic in topics:
        reading.visit_topic(member, topic, 1)
        make_reply(topic)
    with count_queries() as statements:
        reading.dismiss_unread(member)
    assert len([s for s in statements if s.startswith("UPDATE")]) == 1
    assert unread_topics(member).items == []
    assert all(state(member, t).last_read_post_number == 2 for t in topics)


def test_new_lists_unopened_topics_of_the_users_communities_since_they_joined(community, member, app):
    other = make_topic()  # another community: not in this member's new list
    old = make_topic(community, at=member.created_at - timedelta(days=1))
    opened, fresh = make_topic(community), make_topic(community)
    mine = make_topic(community, member)
    reading.visit_topic(member, opened, 1)
    listed = new_topics(member).items
    assert [t.id for t in listed] == [fresh.id]
    assert listed[0].reading.new
    assert queries.count_new(member) == 1
    assert {other.id, old.id, mine.id}.isdisjoint(t.id for t in latest_topics(member).items if t.reading.new)


def test_new_reaches_back_to_the_previous_visit_when_it_is_older_than_the_window(community, app):
    member = make_member(community)
    member.created_at = utcnow() - timedelta(days=30)
    db.session.commit()
    week_old = make_topic(community, at=utcnow() - timedelta(days=7))
    reading.record_visit(member, now=utcnow() - timedelta(days=10))
    reading.record_visit(member)  # ten days later: the previous visit was ten days ago
    assert [t.id for t in new_topics(member).items] == [week_old.id]
    reading.record_visit(member, now=utcnow() + timedelta(hours=2))  # the next visit
    assert new_topics(member).items == [], "new is since the previous visit or the last two days"


def test_dismissing_new_records_one_timestamp(community, member, count_queries):
    for _ in range(3):
        make_topic(community)
    with count_queries() as statements:
        reading.dismiss_new(member)
    writes = [s.split()[0] for s in statements if not s.startswith("SELECT")]
    assert writes == ["UPDATE"], "one timestamp on the user, not a row per topic"
    db.session.expire_all()
    assert new_topics(member).items == [] and queries.count_new(member) == 0
    fresh = make_topic(community)
    assert [t.id for t in new_topics(member).items] == [fresh.id]


def test_muted_topics_and_communities_leave_the_lists(community, member):
    muted_topic, kept = make_topic(community), make_topic(community)
    for topic in (muted_topic, kept):
        reading.visit_topic(member, topic, 1)
        make_reply(topic)
    reading.set_topic_level(member, muted_topic, "muted")
    assert [t.id for t in unread_topics(member).items] == [kept.id]
    assert muted_topic.id not in [t.id for t in latest_topics(member).items]
    reading.set_community_level(member, community, "muted")
    assert latest_topics(member).items == [] and unread_topics(member).items == []
    assert state(member, muted_topic).notification_level == MUTED


def test_visits_are_recorded_at_most_once_an_hour(member, count_queries):
    now = utcnow()
    reading.record_visit(member, now=now)
    with count_queries() as statements:
        reading.record_visit(member, now=now + timedelta(minutes=30))
    assert statements == []
    reading.record_visit(member, now=now + timedelta(hours=2))
    db.session.expire_all()
    assert member.previous_visit_at == now.replace(microsecond=now.microsecond)


def test_the_tab_counts_agree_with_the_lists_they_count(community, member):
    listed, unlisted = make_topic(community), make_topic(community)
    for topic in (listed, unlisted):
        reading.visit_topic(member, topic, 1)
        make_reply(topic)
    make_topic(community)  # new
    hidden_new = make_topic(community)
    for topic in (unlisted, hidden_new):
        topic.unlisted = True
    db.session.commit()
    assert queries.count_unread(member) == len(unread_topics(member).items) == 1
    assert queries.count_new(member) == len(new_topics(member).items) == 1
