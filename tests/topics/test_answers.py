"""Hard questions in the browser's terms: accepting, the box under the question, the
synthesis page, the solved filter, and what others may not see."""

from forum.services import answers, moderation
from tests.factories import make_member, make_reply, make_topic, make_user, topic_url


def test_the_asker_accepts_a_reply_and_it_shows_under_the_question(client, auth, community):
    question = make_topic(community, title="كيف أشرك الطلاب الصامتين؟")
    reply = make_reply(question, raw="جرّبوا بطاقات الخروج المكتوبة قبل نهاية الحصة")
    auth.login(question.author)
    page = client.get(topic_url(question)).text
    assert page.count("قبولها إجابةً") == 1, "offered on the reply, never on the question itself"
    response = client.post(f"/p/{reply.id}/accept")
    assert response.status_code == 302
    page = client.get(topic_url(question)).text
    assert "عُلِّم الرد إجابةً" in page
    box = page[page.index('class="solution"') :]
    assert "الإجابة المقبولة" in box and "جرّبوا بطاقات الخروج" in box and "(#2)" in box
    assert page.index('class="solution"') < page.index('id="post-2"'), "right under the question"
    assert "إلغاء تعليم الحل" in page
    listed = client.get(f"/communities/{community.slug}?category=hard-questions&status=solved").text
    assert question.title in listed and "تمت الإجابة" in listed


def test_a_coordinator_writes_a_synthesis_and_the_text_survives_an_error(app, client, auth, community):
    question = make_topic(community)
    make_reply(question)
    coordinator = make_member(community, role="coordinator")
    auth.login(coordinator)
    assert "كتابة خلاصة" in client.get(topic_url(question)).text
    form = client.get(f"/t/{question.id}/synthesis")
    assert form.status_code == 200 and "نشر الخلاصة" in form.text
    app.config["MAX_POST_LENGTH"] = 50
    refused = client.post(f"/t/{question.id}/synthesis", data={"raw": "خلاصة " * 20})
    assert refused.status_code == 422 and "خلاصة خلاصة" in refused.text
    assert question.accepted_post_id is None
    done = client.post(f"/t/{question.id}/synthesis", data={"raw": "اتفق الزملاء على **ثلاث** خطوات"})
    assert done.status_code == 302 and done.location.endswith(f"/{question.id}/3")
    page = client.get(topic_url(question)).text
    assert "خلاصة المنسّق" in page and "اتفق الزملاء على ثلاث خطوات" in page
    assert "هذا الموضوع مغلق" in page


def test_members_are_not_offered_what_they_may_not_do(client, auth, community):
    question = make_topic(community)
    make_reply(question)
    auth.login(make_member(community))
    page = client.get(topic_url(question)).text
    assert "قبولها إجابةً" not in page and "كتابة خلاصة" not in page
    practice = make_topic(community, kind="practices")
    make_reply(practice)
    auth.logout()
    auth.login(practice.author)
    assert "قبولها إجابةً" not in client.get(topic_url(practice)).text


def test_a_hidden_answer_is_not_shown_under_the_question_to_members(client, auth, community):
    question = make_topic(community)
    reply = make_reply(question, raw="نص الإجابة المخفية")
    answers.accept_answer(question.author, reply)
    moderation.hide_post(make_member(community, role="coordinator"), reply)
    auth.login(make_user())
    page = client.get(topic_url(question)).text
    assert 'class="solution"' not in page and "نص الإجابة المخفية" not in page
    auth.logout()
    auth.login(reply.author)
    assert 'class="solution"' in client.get(topic_url(question)).text


def test_bad_requests_get_clear_answers(client, auth, community):
    question = make_topic(community)
    reply = make_reply(question)
    auth.login(question.author)
    assert client.post("/p/999999/accept").status_code == 404
    assert client.get(f"/p/{reply.id}/accept").status_code == 405
    assert client.post(f"/p/{reply.id}/unaccept").status_code == 409
    client.post(f"/p/{reply.id}/accept")
    again = client.post(f"/p/{reply.id}/accept")
    assert again.status_code == 409 and "هذا الرد هو الإجابة المقبولة" in again.text
    assert client.post(f"/t/{question.id}/synthesis", data={"raw": "خلاصة"}).status_code == 403


def test_the_status_filter_is_offered_on_hard_questions_and_keeps_the_category(client, community):
    make_topic(community)
    page = client.get(f"/communities/{community.slug}?category=hard-questions").text
    assert "بلا إجابة" in page and "status=unsolved" in page and "category=hard-questions" in page
    assert "status=unsolved" not in client.get(f"/communities/{community.slug}?category=best-practices").text
    assert "status=solved" in client.get("/categories/hard-questions").text
