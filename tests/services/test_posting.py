from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import Post, Topic
from forum.models.base import utcnow
from forum.services import posting
from forum.services.errors import InvalidInput, NotAllowed, TopicClosed
from tests.factories import category, make_community, make_member, make_reply, make_topic, make_user


def test_starting_a_topic_creates_its_opening_post_cooked_and_counted(community, member):
    topic = posting.create_topic(
        member, community, category("practices"), "المختبر الصامت في العلوم", "**فكرة** جربتها مع الصف التاسع"
    )
    post = db.session.scalars(db.select(Post).where(Post.topic_id == topic.id)).one()
    assert (post.post_number, post.raw) == (1, "**فكرة** جربتها مع الصف التاسع")
    assert "<strong>فكرة</strong>" in post.cooked
    assert (topic.posts_count, topic.highest_post_number, topic.reply_count) == (1, 1, 0)
    assert topic.slug == "المختبر-الصامت-في-العلوم"
    assert topic.last_post_user_id == member.id


def test_a_reply_is_numbered_and_bumps_the_topic_with_its_author_as_last_poster(community):
    started = utcnow() - timedelta(days=2)
    topic = make_topic(community, at=started)
    replier = make_member(community)
    post = posting.create_reply(replier, topic, "تجربتي مشابهة", reply_to=1)
    db.session.refresh(topic)
    assert (post.post_number, post.reply_to_post_number) == (2, 1)
    assert (topic.posts_count, topic.highest_post_number, topic.reply_count) == (2, 2, 1)
    assert topic.last_post_user_id == replier.id
    assert topic.bumped_at > started and topic.last_posted_at == post.created_at


def test_replies_to_a_closed_topic_are_refused_and_nothing_is_stored(community):
    topic = make_topic(community)
    topic.closed = True
    db.session.commit()
    with pytest.raises(TopicClosed):
        make_reply(topic)
    db.session.refresh(topic)
    assert topic.posts_count == 1
    assert db.session.scalar(db.select(db.func.count(Post.id)).where(Post.topic_id == topic.id)) == 1


@pytest.mark.parametrize("role", ["outsider", "silenced"])
def test_only_members_who_may_write_can_start_topics_or_reply(community, role):
    topic = make_topic(community)
    if role == "outsider":
        user = make_user()
    else:
        user = make_member(community)
        user.silenced_until = utcnow() + timedelta(days=1)
        db.session.commit()
    with pytest.raises(NotAllowed):
        posting.create_topic(user, community, category(), "سؤال من خارج المجتمع", "نص")
    with pytest.raises(NotAllowed):
        posting.create_reply(user, topic, "رد")


def test_staff_may_post_in_communities_they_do_not_belong_to(community):
    moderator = make_user(role="moderator")
    topic = posting.create_topic(moderator, community, category(), "تذكير بموعد الملتقى", "نص")
    assert topic.user_id == moderator.id


@pytest.mark.parametrize(
    "title, message",
    [
        ("", "فارغ"),
        ("   \u200b\u202e  ", "فارغ"),
        ("سؤال", "ألا يقل"),
        ("ع" * 256, "ألا يزيد"),
    ],
    ids=["empty", "invisible-only", "too-short", "too-long"],
)
def test_bad_titles_are_refused_with_a_message_on_the_title_field(community, member, title, message):
    with pytest.raises(InvalidInput, match=message) as refused:
        posting.create_topic(member, community, category(), title, "نص المشاركة")
    assert refused.value.field == "title"
    assert db.session.scalar(db.select(db.func.count(Topic.id))) == 0


def test_bodies_that_are_empty_or_over_the_limit_are_refused(app, community, member):
    topic = make_topic(community, member)
    app.config["MAX_POST_LENGTH"] = 100
    for raw in ("", " \n\t ", "\u202e", "ب" * 101):
        with pytest.raises(InvalidInput) as refused:
            posting.create_reply(member, topic, raw)
        assert refused.value.field == "raw"
    posting.create_reply(member, topic, "ب" * 100)


def test_invisible_characters_are_stripped_from_titles(community, member):
    topic = posting.create_topic(member, community, category(), "\u202eكيف\u200b نقيس الأثر؟", "نص")
    assert topic.title == "كيف نقيس الأثر؟"


def test_replying_to_a_post_number_that_does_not_exist_is_refused(community, member):
    topic = make_topic(community, member)
    with pytest.raises(InvalidInput):
        posting.create_reply(member, topic, "رد", reply_to=7)


def test_a_topic_of_another_community_cannot_be_replied_to_by_this_communitys_members(community, member):
    elsewhere = make_topic(make_community())
    with pytest.raises(NotAllowed):
        posting.create_reply(member, elsewhere, "رد")
