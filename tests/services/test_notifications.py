"""Who is told of what, without HTTP. Jobs run immediately in tests."""

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Notification, Post, User
from forum.services import notifications, reactions, reading, revising
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from tests.factories import make_community, make_member, make_reply, make_topic, make_user


def told(user):
    """(kind, actor_id, actor_count) of each of the user's notifications, oldest first."""
    rows = db.session.execute(
        select(Notification.kind, Notification.actor_id, Notification.actor_count)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id)
    )
    return [tuple(row) for row in rows]


def bell(user):
    db.session.expire_all()
    return db.session.get(User, user.id).unread_notifications


def test_a_reply_tells_the_author_replied_to_and_the_topics_watchers_once_each(community):
    starter, watcher, first, second = (make_member(community) for _ in range(4))
    topic = make_topic(community, starter)
    reading.set_topic_level(watcher, topic, "watching")
    make_reply(topic, first)
    make_reply(topic, second, reply_to=2)
    assert told(starter) == [("reply", first.id, 1), ("posted", second.id, 1)]
    assert told(first) == [("reply", second.id, 1)], "tracking, not watching: only the reply to them"
    assert told(watcher) == [("posted", first.id, 1), ("posted", second.id, 1)]
    assert told(second) == [], "nobody is told of their own post"
    assert bell(starter) == 2


def test_mentions_and_quotes_tell_those_people_and_unknown_names_stay_text(community):
    author, mona, quoted = make_member(community), make_member(community, make_user("منى")), make_member(community)
    topic = make_topic(community, quoted)
    post = make_reply(
        topic, author, raw=f"شكرًا @منى و @nobody\n\n[{quoted.username}](/p/{topic_first_post(topic)}) كتب:\n> فكرة"
    )
    assert 'class="mention" href="/u/%D9%85%D9%86%D9%89"' in post.cooked and "@nobody" in post.cooked
    assert told(mona) == [("mention", author.id, 1)]
    assert told(quoted) == [("quote", author.id, 1)], "quoting beats replying: one notification"


def topic_first_post(topic):
    return db.session.scalar(select(Post.id).where(Post.topic_id == topic.id, Post.post_number == 1))


def test_nobody_is_told_of_a_topic_they_cannot_read_or_muted(community):
    closed = make_community(visibility="members")
    outsider = make_member(community, make_user("outsider"))
    topic = make_topic(closed)
    make_reply(topic, raw="@outsider انظر هنا")
    assert told(outsider) == []
    muter = make_member(community)
    open_topic = make_topic(community, muter)
    reading.set_topic_level(muter, open_topic, "muted")
    make_reply(open_topic)
    assert told(muter) == []


def test_community_watchers_hear_of_new_topics(community, member):
    reading.set_community_level(member, community, "watching")
    author = make_member(community)
    make_topic(community, author)
    assert told(member) == [("new_topic", author.id, 1)]


def test_a_job_run_twice_tells_people_once(community):
    starter = make_member(community)
    reply = make_reply(make_topic(community, starter))
    notifications.notify_post(reply.id)
    assert len(told(starter)) == 1


def test_reactions_collapse_into_one_unread_notification(community):
    author = make_member(community)
    post = make_reply(make_topic(community), author)
    fans = [make_member(community) for _ in range(4)]
    for fan in fans:
        reactions.react(fan, post, "thanks")
    reactions.react(fans[0], post, "like")
    assert told(author) == [("reaction", fans[0].id, 4)]
    assert bell(author) == 1
    notifications.mark_all_read(author)
    assert bell(author) == 0
    reactions.react(fans[1], post, "insightful")
    assert told(author)[-1] == ("reaction", fans[1].id, 1), "after reading, a new notification starts"


def test_reacting_twice_or_to_ones_own_post_is_refused_and_counts_stay(community, member):
    post = make_reply(make_topic(community))
    reactions.react(member, post, "like")
    with pytest.raises(AlreadyDone):
        reactions.react(member, post, "like")
    with pytest.raises(NotAllowed):
        reactions.react(post.author, post, "like")
    with pytest.raises(InvalidInput):
        reactions.react(member, post, "angry")
    db.session.expire_all()
    assert (db.session.get(Post, post.id).like_count, post.topic.like_count) == (1, 1)
    reactions.unreact(member, post, "like")
    db.session.expire_all()
    assert db.session.get(Post, post.id).like_count == 0
    with pytest.raises(AlreadyDone):
        reactions.unreact(member, post, "like")


def test_a_post_mentioning_more_people_than_allowed_is_refused(app, community, member):
    app.config["MAX_MENTIONS_PER_POST"] = 3
    names = [make_member(community).username for _ in range(4)]
    topic = make_topic(community)
    with pytest.raises(InvalidInput):
        make_reply(topic, member, raw=" ".join(f"@{n}" for n in names))
    assert db.session.scalar(select(func.count(Post.id)).where(Post.topic_id == topic.id)) == 1
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    make_reply(topic, member, raw=" ".join(f"@{n}" for n in names[:3]))
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == "mention")) == 3


def test_others_notifications_are_not_found(community):
    starter, stranger = make_member(community), make_member(community)
    make_reply(make_topic(community, starter))
    mine = db.session.scalars(select(Notification)).one()
    with pytest.raises(notifications.NotificationNotFound):
        notifications.open_notification(stranger, mine.id)
    assert not db.session.get(Notification, mine.id).read
    assert notifications.open_notification(starter, mine.id).read and bell(starter) == 0


def test_a_collapsed_reaction_counts_only_the_people_since_the_last_one_was_read(community):
    author = make_member(community)
    post = make_reply(make_topic(community), author)
    early, second, third = (make_member(community) for _ in range(3))
    reactions.react(early, post, "like")
    notifications.mark_all_read(author)
    reactions.react(second, post, "like")
    reactions.react(third, post, "thanks")
    assert told(author)[-1] == ("reaction", third.id, 2), "the third and one other, not the early one"


def test_a_mention_added_by_an_edit_tells_the_newly_mentioned_once(community):
    writer = make_member(community)
    first, added = make_member(community, make_user("salma")), make_member(community, make_user("omar"))
    outsider = make_user("hidden")  # not a member of a members-only community: see below
    post = make_reply(make_topic(community), writer, raw=f"سؤال إلى @{first.username}")
    revising.revise_post(writer, post, f"سؤال إلى @{first.username} و @{added.username}")
    revising.revise_post(writer, post, f"سؤال إلى @{first.username} و @{added.username} مرة أخرى")
    assert told(first) == [("mention", writer.id, 1)]
    assert told(added) == [("mention", writer.id, 1)]
    private = make_community(visibility="members")
    make_member(private, writer)
    secret = make_reply(make_topic(private), writer, raw="نص")
    revising.revise_post(writer, secret, f"نص و @{outsider.username}")
    assert told(outsider) == []
