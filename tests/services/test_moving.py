"""Moving discussions without HTTP: a topic to another community or category, replies split
into a new topic, a topic merged into another, and what follows the posts."""

import threading
import time

import pytest
from sqlalchemy import select, text

from forum import queries
from forum.extensions import db
from forum.models import LibraryEntry, Notification, Post, StaffAction, Topic, User
from forum.search import query as search
from forum.services import answers, moving, posting, reactions
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from tests.factories import category, make_community, make_entry, make_member, make_reply, make_topic, make_user


def numbers(topic):
    return [
        (p.post_number, p.raw, p.reply_to_post_number)
        for p in db.session.scalars(select(Post).where(Post.topic_id == topic.id).order_by(Post.post_number))
    ]


def logged():
    return list(db.session.scalars(select(StaffAction.action).order_by(StaffAction.id)))


@pytest.fixture
def moderator():
    return make_user(role="moderator")


@pytest.mark.usefixtures("search")
def test_moving_a_topic_to_another_community_and_category(community, moderator):
    other = make_community()
    question = make_topic(community, title="سؤال انتقل إلى مجتمع آخر", raw="نص السؤال المنقول")
    answers.accept_answer(question.author, make_reply(question))
    moving.move_topic(moderator, question, other, category("practices"), "مكانه هناك")
    assert (question.community_id, question.category.kind) == (other.id, "practices")
    assert question.accepted_post_id is None, "only hard questions keep a solution"
    reader = make_user()
    assert [h.post.topic_id for h in search.search(reader, f"community:{other.slug} المنقول").hits] == [question.id]
    assert search.search(reader, f"community:{community.slug} المنقول").hits == []
    with pytest.raises(AlreadyDone):
        moving.move_topic(moderator, question, other, category("practices"))
    assert logged() == ["move_topic"]


def test_a_coordinator_moves_only_between_communities_they_moderate(community):
    coordinator = make_member(community, role="coordinator")
    topic = make_topic(community)
    with pytest.raises(NotAllowed):
        moving.move_topic(coordinator, topic, make_community(), category("questions"))
    moving.move_topic(coordinator, topic, community, category("failures"))
    assert topic.category.kind == "failures"
    with pytest.raises(NotAllowed):
        moving.move_topic(make_member(community), topic, community, category("questions"))


def test_splitting_replies_into_a_new_topic(community, moderator):
    topic = make_topic(community, raw="السؤال الأصلي")
    first, aside = make_reply(topic, raw="رد أول"), make_reply(topic, raw="استطراد")
    answer = make_reply(topic, raw="رد على الاستطراد", reply_to=3)
    make_reply(topic, raw="عودة إلى الموضوع")
    reactions.react(first.author, aside, "like")
    new = moving.split_posts(moderator, topic, ["3", 4], "موضوع الاستطراد الجديد", reason="خرج عن الموضوع")
    assert numbers(new) == [(1, "استطراد", None), (2, "رد على الاستطراد", 1)]
    assert numbers(topic) == [(1, "السؤال الأصلي", None), (2, "رد أول", None), (5, "عودة إلى الموضوع", None)]
    assert (new.user_id, new.community_id, new.posts_count, new.like_count) == (aside.user_id, community.id, 2, 1)
    assert (topic.posts_count, topic.like_count) == (3, 0)
    assert posting.create_reply(make_member(community), topic, "رد جديد بعد التقسيم").post_number == 6, (
        "numbers of posts moved away are not given out again"
    )
    assert answer.topic_id == new.id
    assert logged() == ["split_topic"]


def test_split_refuses_bad_choices_and_stale_forms(community, moderator):
    topic = make_topic(community)
    make_reply(topic)
    for chosen, error in (([], InvalidInput), (["x"], InvalidInput), ([1, 2], InvalidInput), ([2, 9], AlreadyDone)):
        with pytest.raises(error):
            moving.split_posts(moderator, topic, chosen, "عنوان الموضوع الجديد")
    with pytest.raises(InvalidInput):
        moving.split_posts(moderator, topic, [2], "")
    assert numbers(topic)[1][0] == 2, "nothing moved"


def test_merging_appends_the_posts_in_the_order_written_and_the_old_address_leads_on(community, moderator):
    target = make_topic(community, raw="الموضوع الأصلي")
    source = make_topic(community, raw="موضوع مكرر")
    make_reply(target, raw="رد في الأصلي")
    make_reply(source, raw="رد في المكرر")
    moving.merge_topics(moderator, source, target, "مكرر")
    assert [n[:2] for n in numbers(target)] == [
        (1, "الموضوع الأصلي"),
        (2, "رد في الأصلي"),
        (3, "موضوع مكرر"),
        (4, "رد في المكرر"),
    ]
    assert (source.merged_into_id, target.posts_count) == (target.id, 4)
    assert source.deleted_at is not None
    assert queries.viewable_topic(make_user(), source.id) is None
    with pytest.raises(AlreadyDone):
        moving.merge_topics(moderator, source, target)
    with pytest.raises(InvalidInput):
        moving.merge_topics(moderator, target, target)


def test_merging_across_communities_needs_both_and_keeps_anonymity(community, moderator):
    other = make_community()
    coordinator = make_member(community, role="coordinator")
    failure = make_topic(community, kind="failures", raw="تجربة دون اسم", anonymous=True)
    target = make_topic(other, kind="failures")
    with pytest.raises(NotAllowed):
        moving.merge_topics(coordinator, failure, target)
    moving.merge_topics(moderator, failure, target)
    moved = db.session.scalars(select(Post).where(Post.raw == "تجربة دون اسم")).one()
    assert moved.anonymous and moved.topic_id == target.id


def test_what_follows_the_posts(community, moderator):
    topic = make_topic(community)
    reply = make_reply(topic, raw="ممارسة تستحق المكتبة")
    answers.accept_answer(topic.author, reply)
    entry = make_entry(reply)
    new = moving.split_posts(moderator, topic, [2], "ممارسة في موضوع مستقل")
    assert topic.accepted_post_id is None, "the answer left the question"
    assert (db.session.get(LibraryEntry, entry.id).topic_id, entry.post_id) == (new.id, reply.id)
    told = db.session.scalars(select(Notification).where(Notification.post_id == reply.id)).all()
    assert told and {n.topic_id for n in told} == {new.id}


def test_a_split_waits_for_a_reply_in_flight_instead_of_deadlocking_with_it(app, community):
    """PostgreSQL: a reply locks its topic, then its community (the page stamps' triggers). A
    split that locked the community first, by adding the new topic, deadlocked with it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writes one transaction at a time")
    topic = make_topic(community)
    make_reply(topic, raw="رد سيبقى")
    make_reply(topic, raw="رد سينتقل")
    moderator_id, topic_id, community_id = make_user(role="moderator").id, topic.id, community.id
    db.session.remove()
    failures = []

    def split():
        with app.app_context():
            try:
                moving.split_posts(
                    db.session.get(User, moderator_id), db.session.get(Topic, topic_id), [3], "موضوع منفصل"
                )
            except Exception as error:  # a deadlock aborts one side
                failures.append(error)
            finally:
                db.session.remove()

    with db.engine.connect() as reply:
        # A reply in flight holds its topic (a view's update takes that row lock and no more)...
        reply.execute(text("UPDATE topics SET views = views + 1 WHERE id = :id"), {"id": topic_id})
        thread = threading.Thread(target=split)
        thread.start()
        time.sleep(0.5)
        # ...and asks for its community next.
        reply.execute(text("UPDATE communities SET name = name WHERE id = :id"), {"id": community_id})
        reply.commit()
    thread.join(timeout=15)
    assert not thread.is_alive() and failures == []
    assert [p.raw for p in db.session.scalars(select(Post).where(Post.topic_id == topic_id))] != []
