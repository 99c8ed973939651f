"""Hard questions without HTTP: accepting an answer, the synthesis, unmarking, and what
lists and search make of a solved question."""

import os

import pytest
from sqlalchemy import select

from forum import queries
from forum.extensions import db
from forum.models import Notification, Post, StaffAction
from forum.search import query as search
from forum.services import answers, moderation
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from tests.factories import make_community, make_member, make_reply, make_topic, make_user


def logged():
    return [
        tuple(r) for r in db.session.execute(select(StaffAction.action, StaffAction.actor_id).order_by(StaffAction.id))
    ]


def kinds_told(user):
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


@pytest.fixture
def coordinator(community):
    return make_member(community, role="coordinator")


def test_the_asker_accepts_a_reply_and_its_author_is_told(community):
    question = make_topic(community, title="كيف أقيّم العمل الجماعي بعدل؟")
    reply = make_reply(question)
    answers.accept_answer(question.author, reply)
    assert (question.accepted_post_id, question.solution, question.solved_by_id) == (
        reply.id,
        "answer",
        question.author.id,
    )
    assert kinds_told(reply.author) == ["answer_accepted"]
    assert logged() == []  # the asker's own choice is not a staff action


def test_accepting_another_reply_replaces_the_answer_and_twice_is_already_done(community):
    question = make_topic(community)
    first, second = make_reply(question), make_reply(question)
    answers.accept_answer(question.author, first)
    answers.accept_answer(question.author, second)
    assert question.accepted_post_id == second.id
    with pytest.raises(AlreadyDone):
        answers.accept_answer(question.author, second)


def test_a_coordinator_accepts_for_the_asker_and_it_is_logged(community, coordinator):
    question = make_topic(community)
    reply = make_reply(question)
    answers.accept_answer(coordinator, reply)
    assert question.solved_by_id == coordinator.id
    assert logged() == [("accept_answer", coordinator.id)]


def test_only_the_asker_and_the_communitys_moderators_accept(community):
    question = make_topic(community)
    reply = make_reply(question)
    others = (reply.author, make_member(community), make_member(make_community(), role="coordinator"), make_user())
    for other in others:
        with pytest.raises(NotAllowed):
            answers.accept_answer(other, reply)
    assert question.accepted_post_id is None


def test_only_hard_questions_take_answers_and_only_live_replies(community, coordinator):
    practice = make_topic(community, kind="practices")
    with pytest.raises(NotAllowed):
        answers.accept_answer(practice.author, make_reply(practice))
    question = make_topic(community)
    with pytest.raises(InvalidInput):
        answers.accept_answer(question.author, question_opening(question))
    hidden = make_reply(question)
    moderation.hide_post(coordinator, hidden)
    with pytest.raises(InvalidInput):
        answers.accept_answer(question.author, hidden)
    assert question.accepted_post_id is None


def question_opening(topic):
    return db.session.scalars(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1)).one()


def test_unmarking_reopens_the_question_and_a_stale_unmark_is_already_done(community):
    question = make_topic(community)
    reply = make_reply(question)
    answers.accept_answer(question.author, reply)
    answers.unmark_solution(question.author, reply)
    assert (question.accepted_post_id, question.solution, question.solved_at) == (None, "", None)
    with pytest.raises(AlreadyDone):
        answers.unmark_solution(question.author, reply)


def test_a_synthesis_is_a_reply_that_solves_and_closes_even_a_closed_topic(community, coordinator):
    question = make_topic(community)
    make_reply(question)
    moderation.set_topic_state(coordinator, question, "close")
    post = answers.write_synthesis(coordinator, question, "**الخلاصة:** اتفق الزملاء على معايير واضحة مسبقاً.")
    assert post.post_number == 3 and "<strong>" in post.cooked
    assert (question.accepted_post_id, question.solution, question.closed) == (post.id, "synthesis", True)
    assert question.posts_count == 3
    assert [a for a, _ in logged()] == ["close", "write_synthesis"]


def test_members_and_the_asker_cannot_write_or_unmark_a_synthesis(community, coordinator):
    question = make_topic(community)
    with pytest.raises(NotAllowed):
        answers.write_synthesis(question.author, question, "خلاصة")
    post = answers.write_synthesis(coordinator, question, "خلاصة النقاش")
    with pytest.raises(NotAllowed):
        answers.unmark_solution(question.author, post)
    with pytest.raises(InvalidInput):
        answers.write_synthesis(coordinator, question, "   ")
    assert question.accepted_post_id == post.id


def test_deleting_the_accepted_reply_unsolves_the_question(community, coordinator):
    question = make_topic(community)
    reply = make_reply(question)
    answers.accept_answer(question.author, reply)
    moderation.delete_post(coordinator, reply)
    assert question.accepted_post_id is None and question.solution == ""


def test_lists_filter_solved_and_unsolved_questions(community):
    solved, open_question = make_topic(community), make_topic(community)
    practice = make_topic(community, kind="practices")
    answers.accept_answer(solved.author, make_reply(solved))
    reader = make_user()

    def listed(status):
        return {t.id for t in queries.community_topics(reader, community, status=status).items}

    assert listed("solved") == {solved.id}
    assert listed("unsolved") == {open_question.id}
    assert listed(None) == listed("nonsense") == {solved.id, open_question.id, practice.id}
    questions = queries.category_of_kind("questions")
    assert {t.id for t in queries.category_topics(reader, questions, status="unsolved").items} == {open_question.id}


@pytest.mark.usefixtures("search")
def test_search_finds_solved_and_unsolved_questions(community):
    solved = make_topic(community, title="سؤال عن التقويم التكويني", raw="كيف نبدأ التقويم التكويني؟")
    unsolved = make_topic(community, title="سؤال آخر عن التقويم", raw="التقويم في الصفوف الكبيرة")
    make_topic(community, kind="practices", title="تجربة التقويم بالأقران", raw="التقويم بالأقران نجح")
    reply = make_reply(solved, raw="ابدؤوا ببطاقات الخروج")
    answers.accept_answer(solved.author, reply)
    reader = make_user()

    def found(text):
        return {hit.post.topic_id for hit in search.search(reader, text).hits}

    assert found("التقويم status:solved") == {solved.id}
    assert found("status:solved") == {solved.id}
    assert found("التقويم status:unsolved") == {unsolved.id}
    answers.unmark_solution(solved.author, reply)
    assert found("status:solved") == set()
    assert found("التقويم status:unsolved") == {solved.id, unsolved.id}


@pytest.mark.usefixtures("search")
def test_an_index_made_before_status_existed_gains_it_without_a_rebuild(app, community):
    from whoosh import index
    from whoosh.fields import Schema

    from forum.search.schema import SCHEMA

    older = Schema(**{name: SCHEMA[name] for name in SCHEMA.names() if name != "status"})
    os.makedirs(app.config["SEARCH_INDEX_DIR"], exist_ok=True)
    index.create_in(app.config["SEARCH_INDEX_DIR"], older)
    question = make_topic(community, title="سؤال قديم عن الواجبات", raw="الواجبات المنزلية")
    reader = make_user()
    assert {h.post.topic_id for h in search.search(reader, "الواجبات").hits} == {question.id}
    answers.accept_answer(question.author, make_reply(question, raw="قللوا الواجبات"))
    assert {h.post.topic_id for h in search.search(reader, "الواجبات status:solved").hits} == {question.id}
