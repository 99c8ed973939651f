"""Private messages in the browser's terms: writing from a profile, the inbox and its count,
answering, refusals that keep what was typed, blocking, flagging and the moderators' queue."""

from sqlalchemy import select

from forum.extensions import db
from forum.models import Conversation, Message, MessageFlag
from forum.services import messages
from tests.factories import make_community, make_member, make_topic, make_user


def test_writing_from_a_profile_then_reading_and_answering(client, auth):
    mentor = make_user(display_name="هالة ناصر")
    teacher = make_user(display_name="خالد الحداد")
    auth.login(mentor)
    profile = client.get(f"/u/{teacher.username}").text
    assert f'href="/messages/new?to={teacher.username}"' in profile
    form = client.get(f"/messages/new?to={teacher.username}").text
    assert f'value="{teacher.username}"' in form
    sent = client.post(
        "/messages/new", data={"to": f"@{teacher.username}", "subject": "بعد الزيارة", "raw": "أحسنتِ **جدًا**"}
    )
    conversation = db.session.scalars(select(Conversation)).one()
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/messages/{conversation.id}")
    auth.logout()

    auth.login(teacher)
    inbox = client.get("/messages").text
    assert "بعد الزيارة" in inbox and "هالة ناصر" in inbox and 'class="count"' in inbox
    page = client.get(f"/messages/{conversation.id}").text
    assert "<strong>جدًا</strong>" in page
    assert 'class="count" aria-hidden="true">1<' not in client.get("/messages").text, "read now"
    answered = client.post(f"/messages/{conversation.id}", data={"raw": "شكرًا لك"})
    assert answered.status_code == 302 and answered.headers["Location"].endswith("#m2")
    assert "شكرًا لك" in client.get(f"/messages/{conversation.id}").text


def test_a_refusal_keeps_what_was_typed_and_says_why(client, auth):
    auth.login(make_user())
    refused = client.post("/messages/new", data={"to": "nobody-here", "subject": "موضوع", "raw": "نص طويل كتبته"})
    assert refused.status_code == 422 and "nobody-here" in refused.text and "نص طويل كتبته" in refused.text
    empty = client.post("/messages/new", data={"to": "", "subject": "موضوع", "raw": "نص"})
    assert empty.status_code == 422
    assert db.session.scalars(select(Conversation)).all() == []


def test_others_reach_no_conversation(client, auth):
    author, reader = make_user(), make_user()
    conversation = messages.start_conversation(author, [reader], "سرية", "نص سري جدًا")
    message = db.session.scalars(select(Message)).one()
    auth.login(make_user(role="admin"))
    assert client.get(f"/messages/{conversation.id}").status_code == 404, "not even an administrator"
    assert client.post(f"/messages/{conversation.id}", data={"raw": "تدخل"}).status_code == 404
    assert client.post(f"/messages/m/{message.id}/flag", data={"reason": "x"}).status_code == 404
    assert client.get("/messages/99999999999999999999").status_code == 404
    assert "سرية" not in client.get("/messages").text
    auth.logout()
    assert client.get(f"/messages/{conversation.id}").status_code == 302, "signing in first"


def test_blocking_from_a_profile(client, auth):
    teacher, pest = make_user(), make_user()
    auth.login(teacher)
    assert client.post(f"/u/{pest.username}/block").status_code == 302
    assert 'name="undo"' in client.get(f"/u/{pest.username}").text
    auth.logout()
    auth.login(pest)
    refused = client.post("/messages/new", data={"to": teacher.username, "subject": "مرحبا", "raw": "نص"})
    assert refused.status_code == 403
    auth.logout()
    auth.login(teacher)
    client.post(f"/u/{pest.username}/block", data={"undo": "1"})
    auth.logout()
    auth.login(pest)
    assert (
        client.post("/messages/new", data={"to": teacher.username, "subject": "مرحبا", "raw": "نص"}).status_code == 302
    )


def test_a_flagged_message_reaches_the_site_moderators_alone(client, auth):
    author, reader = make_user(), make_user()
    conversation = messages.start_conversation(author, [reader], "موضوع", "رسالة عادية")
    flagged = messages.reply(author, conversation, "رسالة مسيئة")
    auth.login(reader)
    assert client.post(f"/messages/m/{flagged.id}/flag", data={"reason": "إساءة"}).status_code == 302
    auth.logout()
    coordinator = make_member(make_community(), role="coordinator")
    auth.login(coordinator)
    assert client.get("/review/messages").status_code == 403
    auth.logout()
    auth.login(make_user(role="moderator"))
    queue = client.get("/review/messages").text
    assert "رسالة مسيئة" in queue and "إساءة" in queue and "رسالة عادية" not in queue and "موضوع" not in queue
    entry = db.session.scalars(select(MessageFlag)).one()
    assert client.post(f"/review/messages/{entry.id}", data={"decision": "remove"}).status_code == 302
    auth.logout()
    auth.login(reader)
    page = client.get(f"/messages/{conversation.id}").text
    assert "رسالة مسيئة" not in page and "رسالة عادية" in page


def test_anonymous_posts_offer_no_way_to_message_their_author(client, auth, community):
    author = make_member(community)
    topic = make_topic(community, author, kind="failures", anonymous=True)
    auth.login(make_member(community))
    page = client.get(f"/t/{topic.slug}/{topic.id}").text
    assert "/messages/new" not in page and author.username not in page


def test_a_sent_message_drops_its_draft_and_a_preview_sends_nothing(client, auth):
    author, reader = make_user(), make_user()
    auth.login(author)
    previewed = client.post(
        "/messages/new", data={"to": reader.username, "subject": "موضوع", "raw": "**نص**", "preview": "1"}
    )
    assert previewed.status_code == 200 and "<strong>نص</strong>" in previewed.text
    assert db.session.scalars(select(Conversation)).all() == []
    client.post("/messages/new", data={"to": reader.username, "subject": "موضوع", "raw": "نص"})
    conversation = db.session.scalars(select(Conversation)).one()
    page = client.get(f"/messages/{conversation.id}").text
    assert f'name="sent-drafts" content="/messages/new:{author.id}' in page


def test_too_many_names_are_refused_before_anyone_is_looked_up(app, client, auth, count_queries):
    auth.login(make_user())
    client.get("/messages")
    names = ", ".join(f"name{n}" for n in range(500))
    with count_queries() as statements:
        refused = client.post("/messages/new", data={"to": names, "subject": "موضوع", "raw": "نص"})
    assert refused.status_code == 422 and len(statements) < 10
