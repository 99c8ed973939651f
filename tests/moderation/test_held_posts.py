"""Posts held for approval: where a community holds them, a new account's post waits hidden,
unindexed and untold, in the review queue; approving shows it, tells those it concerns and
lifts its author out of the new-account tier; deleting tells the author why."""

import pytest
from sqlalchemy import select

from forum import permissions
from forum.extensions import db
from forum.models import Notification, Post, StaffAction
from forum.search import query as search
from forum.services import communities, flags, moderation, posting
from tests.factories import category, make_member, make_topic, make_user, topic_url


def holding(community):
    communities.change_settings(make_user(role="admin"), community, hold_new_posts=True)
    return community


def told(user):
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


@pytest.mark.usefixtures("search")
def test_a_new_accounts_reply_waits_unseen_until_approved(client, auth, community):
    topic = make_topic(community, title="موضوع يتابعه صاحبه")
    holding(community)
    newcomer = make_member(community, make_user(display_name="عضو جديد"))
    reply = posting.create_reply(newcomer, topic, "رد ينتظر الموافقة عن التقويم الختامي")
    assert reply.held and reply.hidden
    assert told(topic.author) == [], "nobody is told before approval"
    assert search.search(make_user(), "الختامي").hits == []
    assert "رد ينتظر الموافقة" not in client.get(topic_url(topic)).text
    auth.login(newcomer)
    assert "بانتظار موافقة أحد المشرفين" in client.get(topic_url(topic)).text
    auth.logout()
    coordinator = make_member(community, role="coordinator")
    assert flags.count_pending(coordinator) == 1
    auth.login(coordinator)
    assert "رد ينتظر الموافقة" in client.get("/review").text
    assert client.post(f"/review/{reply.id}/held", data={"decision": "approve"}).status_code == 302
    db.session.expire_all()
    assert not reply.held and not reply.hidden
    assert told(topic.author) == ["reply"] and told(newcomer) == ["post_approved"]
    assert [h.post.id for h in search.search(make_user(), "الختامي").hits] == [reply.id]
    assert not permissions.is_new_user(newcomer), "approved once, trusted from then on"
    assert not posting.create_reply(newcomer, topic, "رد ثان يظهر فورًا").held
    assert client.post(f"/review/{reply.id}/held", data={"decision": "approve"}).status_code == 409


def test_a_held_opening_post_keeps_its_topic_off_the_lists_and_deleting_it_tells_why(client, auth, community):
    holding(community)
    newcomer = make_member(community)
    topic = posting.create_topic(newcomer, community, category("practices"), "موضوع من حساب جديد", "نص الموضوع الأول")
    assert topic.unlisted
    assert "موضوع من حساب جديد" not in client.get(f"/communities/{community.slug}").text
    moderator = make_user(role="moderator")
    auth.login(moderator)
    opening = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).one()
    response = client.post(f"/review/{opening.id}/held", data={"decision": "delete", "reason": "إعلان تجاري"})
    db.session.refresh(topic)
    assert response.status_code == 302 and topic.deleted_at is not None
    note = db.session.scalars(select(Notification).where(Notification.user_id == newcomer.id)).one()
    assert (note.kind, note.note) == ("post_deleted", "إعلان تجاري")
    assert flags.count_pending(moderator) == 0


def test_who_is_held(community):
    topic = make_topic(community)
    holding(community)
    coordinator = make_member(community, role="coordinator")
    trusted = make_member(community)
    trusted.trust_level = 1
    db.session.commit()
    for author in (coordinator, trusted, make_user(role="moderator")):
        assert not posting.create_reply(author, topic, "رد لا ينتظر").held
    communities.change_settings(coordinator, community, hold_new_posts=False)
    assert not posting.create_reply(make_member(community), topic, "رد لا ينتظر").held
    assert db.session.scalars(select(StaffAction.action)).all() == ["hold_new_posts", "release_new_posts"]


def test_only_the_communitys_moderators_approve(client, auth, community):
    topic = make_topic(community)
    holding(community)
    reply = posting.create_reply(make_member(community), topic, "رد معلق")
    for user in (make_member(community), make_member(community, role="mentor")):
        auth.login(user)
        # For them the held post does not exist yet.
        assert client.post(f"/review/{reply.id}/held", data={"decision": "approve"}).status_code == 404
        auth.logout()
    assert reply.held


def test_a_held_reply_neither_counts_nor_bumps_its_topic_until_approved(community):
    topic = make_topic(community)
    topic_id, bumped, last_poster = topic.id, topic.bumped_at, topic.last_post_user_id
    holding(community)
    reply = posting.create_reply(make_member(community, make_user()), topic, "رد ينتظر")
    db.session.expire_all()
    topic = db.session.get(type(topic), topic_id)
    assert (topic.reply_count, topic.bumped_at, topic.last_post_user_id) == (0, bumped, last_poster), (
        "a reader of the lists cannot tell that a reply waits"
    )
    assert topic.highest_post_number == 2, "its number is taken all the same"
    moderation.approve_post(make_member(community, role="coordinator"), db.session.get(Post, reply.id))
    db.session.expire_all()
    topic = db.session.get(type(topic), topic_id)
    assert (topic.reply_count, topic.last_post_user_id) == (1, reply.user_id) and topic.bumped_at > bumped
