"""One owner per transaction: a service whose write is refused, however late the refusal
comes, leaves the database exactly as it was, even when something commits afterwards."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from forum import events
from forum.extensions import db
from forum.models import Invitation, Post, Topic
from forum.services import (
    accounts,
    answers,
    bookmarks,
    communities,
    curation,
    flags,
    moderation,
    moving,
    posting,
    preferences,
    reactions,
    reading,
    revising,
)
from forum.services.errors import AlreadyDone, Gone, InvalidInput, NotAllowed, TopicClosed
from tests.factories import (
    category,
    database_rows,
    make_community,
    make_entry,
    make_member,
    make_reply,
    make_topic,
    make_user,
)

LINKS = "روابط: https://a.example https://b.example https://c.example https://d.example"


@pytest.fixture
def newcomer(community):
    """A new account: its posts may link out at most twice (a refusal that comes after cooking)."""
    user = make_member(community, make_user())
    assert user.trust_level == 0
    return user


def refused_and_unchanged(write, error=InvalidInput):
    before = database_rows()
    with pytest.raises(error):
        write()
    db.session.commit()  # whatever the request does next must not store half of the refused write
    assert database_rows() == before


def test_a_reply_refused_after_cooking_leaves_no_trace(community, newcomer):
    topic = make_topic(community)
    refused_and_unchanged(lambda: posting.create_reply(newcomer, topic, LINKS))


def test_a_topic_refused_after_cooking_leaves_no_trace(community, newcomer):
    refused_and_unchanged(
        lambda: posting.create_topic(newcomer, community, category("practices"), "عنوان موضوع جديد", LINKS)
    )


def test_an_edit_refused_after_cooking_leaves_no_trace(community, newcomer):
    topic = make_topic(community, newcomer)
    opening = db.session.scalars(db.select(Post).where(Post.topic_id == topic.id)).one()
    refused_and_unchanged(lambda: revising.revise_post(newcomer, opening, LINKS, title="عنوان آخر تماما"))


def test_a_synthesis_refused_after_cooking_leaves_no_trace(app, community):
    app.config["MAX_MENTIONS_PER_POST"] = 1
    coordinator = make_member(community, role="coordinator")
    names = [make_member(community).username for _ in range(2)]
    topic = make_topic(community)
    refused_and_unchanged(lambda: answers.write_synthesis(coordinator, topic, " ".join("@" + n for n in names)))


def test_a_reply_to_a_topic_closed_meanwhile_leaves_no_trace(community, monkeypatch):
    topic = make_topic(community)
    replier = make_member(community)
    topic.closed = True
    db.session.commit()
    # Closed between the reply's checks and its claim of a number: the claim finds it closed.
    monkeypatch.setattr(posting, "check_can_reply", lambda author, topic: None)
    refused_and_unchanged(lambda: posting.create_reply(replier, topic, "رد"), TopicClosed)


def test_a_reply_to_a_post_number_past_any_id_is_refused(community, member):
    topic = make_topic(community)
    refused_and_unchanged(lambda: posting.create_reply(member, topic, "رد", reply_to=10**20))


# Counters recomputed in the same transaction, before anyone is told --------------------------


def counts_when_told(write):
    """Run write; for each topic the indexer is told of, every topic's posts_count as stored
    then, next to the count of its live posts, both read on a connection of their own."""
    seen = []

    def told(sender=None, topic_id=None, **ignored):
        with db.engine.connect() as connection:
            live = (
                select(func.count(Post.id))
                .where(Post.topic_id == Topic.id, Post.deleted_at.is_(None))
                .scalar_subquery()
            )
            seen.append(sorted(connection.execute(select(Topic.id, Topic.posts_count, live)).all()))

    with events.visibility_changed.connected_to(told):
        write()
    assert seen
    return seen


def test_a_deleted_reply_is_already_uncounted_when_its_topic_is_told_of(community):
    topic = make_topic(community)
    reply = make_reply(topic)
    make_reply(topic)
    moderator = make_user(role="moderator")
    for seen in counts_when_told(lambda: moderation.delete_post(moderator, reply)):
        assert [(count, live) for _, count, live in seen] == [(2, 2)]


def test_a_restored_reply_is_already_counted_when_its_topic_is_told_of(community):
    topic = make_topic(community)
    reply = make_reply(topic)
    moderator = make_user(role="moderator")
    moderation.delete_post(moderator, reply)
    for seen in counts_when_told(lambda: moderation.restore_post(moderator, reply)):
        assert [(count, live) for _, count, live in seen] == [(2, 2)]


def test_a_reply_deleted_on_review_is_already_uncounted_when_its_topic_is_told_of(community):
    reply = make_reply(make_topic(community))
    flags.flag(make_member(community), reply, "spam")
    coordinator = make_member(community, role="coordinator")
    for seen in counts_when_told(lambda: flags.settle(coordinator, reply, "agreed", delete=True)):
        assert [(count, live) for _, count, live in seen] == [(1, 1)]


def test_split_replies_are_already_counted_in_both_topics_when_either_is_told_of(community):
    topic = make_topic(community)
    for _ in range(3):
        make_reply(topic)
    moderator = make_user(role="moderator")
    split = lambda: moving.split_posts(moderator, topic, [3, 4], "موضوع جديد من ردين")  # noqa: E731
    for seen in counts_when_told(split):
        assert [(count, live) for _, count, live in seen] == [(2, 2), (2, 2)]


def test_merged_posts_are_already_counted_in_the_target_when_either_topic_is_told_of(community):
    source, target = make_topic(community), make_topic(community)
    make_reply(source)
    moderator = make_user(role="moderator")
    for seen in counts_when_told(lambda: moving.merge_topics(moderator, source, target)):
        assert [count for _, count, _ in seen] == [0, 3]


# A refusal in each service leaves the database as it was -------------------------------------


def test_a_community_edit_refused_for_a_school_members_chose_keeps_its_old_name(community):
    communities.add_institution(community, "مدرسة الزرقاء الثانوية")
    communities.add_institution(community, "مدرسة عوجان الأساسية")
    communities.set_school(make_member(community), community, "مدرسة الزرقاء الثانوية")
    admin = make_user(role="admin")
    refused_and_unchanged(
        lambda: communities.save_community(
            admin,
            community,
            slug=community.slug,
            name="اسم جديد للمجتمع",
            visibility="public",
            join_policy="request",
            institutions=["مدرسة أخرى"],
        )
    )


def test_an_invitation_used_up_at_the_same_moment_admits_nobody(community, monkeypatch):
    coordinator = make_member(community, role="coordinator")
    invitation = communities.create_invitation(coordinator, community, days=3, max_uses=1)
    communities.accept_invitation(make_user(), invitation)
    latecomer = make_user()
    monkeypatch.setattr(Invitation, "is_open", lambda self, now=None: True)  # read before the other joined
    refused_and_unchanged(lambda: communities.accept_invitation(latecomer, invitation), Gone)


def test_a_second_request_to_join_adds_no_request(app):
    community = make_community()
    community.join_policy = "request"
    db.session.commit()
    user = make_user()
    communities.request_to_join(user, community, "أعلّم العلوم")
    refused_and_unchanged(lambda: communities.request_to_join(user, community, "مرة أخرى"), AlreadyDone)


def test_a_second_flag_by_the_same_member_counts_for_nothing(app, community):
    app.config["FLAGS_TO_HIDE"] = 2
    reply, flagger = make_reply(make_topic(community)), make_member(community)
    flags.flag(flagger, reply, "spam")
    refused_and_unchanged(lambda: flags.flag(flagger, reply, "spam"), AlreadyDone)
    assert not reply.hidden


def test_a_review_of_flags_already_settled_changes_nothing(community):
    reply = make_reply(make_topic(community))
    flags.flag(make_member(community), reply, "spam")
    coordinator = make_member(community, role="coordinator")
    flags.settle(coordinator, reply, "ignored")
    refused_and_unchanged(lambda: flags.settle(coordinator, reply, "agreed", delete=True), AlreadyDone)


def test_a_suspension_refused_for_a_past_date_signs_nobody_out(community):
    member, moderator = make_member(community), make_user(role="moderator")
    refused_and_unchanged(
        lambda: moderation.restrict_user(moderator, member, "suspend", date.today() - timedelta(days=1), "مخالفة")
    )


def test_approving_a_post_deleted_meanwhile_promotes_nobody(community):
    topic = make_topic(community)
    community.hold_new_posts = True
    db.session.commit()
    held = make_reply(topic, make_member(community, make_user()))
    assert held.held
    moderator = make_user(role="moderator")
    moderation.delete_post(moderator, held)
    refused_and_unchanged(lambda: moderation.approve_post(moderator, held), AlreadyDone)


def test_a_split_refused_for_a_post_moved_meanwhile_moves_no_post(community):
    topic = make_topic(community)
    make_reply(topic)
    moderator = make_user(role="moderator")
    refused_and_unchanged(lambda: moving.split_posts(moderator, topic, [2, 3], "موضوع جديد من ردين"), AlreadyDone)


def test_a_merge_into_a_deleted_topic_moves_no_post(community):
    source, target = make_topic(community), make_topic(community)
    moderator = make_user(role="moderator")
    moderation.delete_topic(moderator, target)
    refused_and_unchanged(lambda: moving.merge_topics(moderator, source, target))


def test_a_post_promoted_twice_enters_the_library_once(community):
    reply = make_reply(make_topic(community))
    coordinator = make_member(community, role="coordinator")
    make_entry(reply, coordinator)
    refused_and_unchanged(lambda: make_entry(reply, coordinator), AlreadyDone)


def test_a_second_nomination_by_the_same_member_adds_none(community):
    reply, member = make_reply(make_topic(community)), make_member(community)
    curation.nominate(member, reply, "مفيدة")
    refused_and_unchanged(lambda: curation.nominate(member, reply, "مفيدة جدا"), AlreadyDone)


def test_accepting_a_hidden_reply_leaves_the_question_unsolved(community):
    question = make_topic(community)
    reply = make_reply(question)
    moderation.hide_post(make_user(role="moderator"), reply)
    refused_and_unchanged(lambda: answers.accept_answer(question.author, reply))


def test_unmarking_a_reply_that_is_not_the_solution_keeps_the_solution(community):
    question = make_topic(community)
    answer, other = make_reply(question), make_reply(question)
    answers.accept_answer(question.author, answer)
    refused_and_unchanged(lambda: answers.unmark_solution(question.author, other), AlreadyDone)


def test_a_second_like_adds_nothing_to_the_counts(community):
    reply, member = make_reply(make_topic(community)), make_member(community)
    reactions.react(member, reply, "like")
    refused_and_unchanged(lambda: reactions.react(member, reply, "like"), AlreadyDone)


def test_taking_back_a_like_never_given_changes_no_count(community):
    reply, member = make_reply(make_topic(community)), make_member(community)
    reactions.react(member, reply, "like")
    reactions.unreact(member, reply, "like")
    refused_and_unchanged(lambda: reactions.unreact(member, reply, "like"), AlreadyDone)


def test_a_bookmark_refused_for_a_long_note_keeps_the_old_note(community, member):
    reply = make_reply(make_topic(community))
    bookmarks.bookmark(member, reply, "للرجوع إليها")
    refused_and_unchanged(lambda: bookmarks.bookmark(member, reply, "ملاحظة " * 100))


def test_removing_a_bookmark_never_kept_removes_nothing(community, member):
    kept, other = make_reply(make_topic(community)), make_reply(make_topic(community))
    bookmarks.bookmark(member, kept)
    refused_and_unchanged(lambda: bookmarks.remove_bookmark(member, other), AlreadyDone)


def test_preferences_refused_for_a_lookalike_name_save_nothing(community, member):
    make_user(display_name="سارة أحمد")
    refused_and_unchanged(
        lambda: preferences.update_preferences(
            member,
            display_name="سارة أحمد",
            bio="معلمة علوم",
            locale="ar",
            email={"reply": "never"},
            email_digest=False,
            on_start="watching",
            on_reply="tracking",
        )
    )


def test_a_password_change_refused_for_a_short_password_signs_nobody_out(member):
    from tests.factories import PASSWORD

    refused_and_unchanged(lambda: preferences.change_password(member, PASSWORD, "short"))


def test_a_registration_refused_for_a_lookalike_name_adds_no_account(app):
    make_user("sara.ahmad")
    refused_and_unchanged(
        lambda: accounts.register_user("SARA.AHMAD", "other@example.org", "secret-password", email_confirmed=True)
    )


def test_following_a_community_one_has_left_changes_nothing(community, member):
    communities.leave_community(member, community)
    refused_and_unchanged(lambda: reading.set_community_level(member, community, "watching"), NotAllowed)


def test_a_topic_level_refused_as_unknown_changes_nothing(community, member):
    topic = make_topic(community)
    reading.visit_topic(member, topic, 1)
    refused_and_unchanged(lambda: reading.set_topic_level(member, topic, "loudest"))
