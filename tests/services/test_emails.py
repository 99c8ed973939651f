"""Email, without HTTP: who gets what, when, in which language; nothing lost when sending fails.
Jobs run immediately in tests; with no mail server set, messages land in the mail folder."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import mail, permissions
from forum.extensions import db
from forum.models import Notification, User
from forum.models.base import utcnow
from forum.services import emails, preferences, reading
from tests.factories import make_community, make_member, make_reply, make_topic, make_user, sent_mail


def body(message, subtype="plain"):
    return message.get_body((subtype,)).get_content()


def choose(user, **choices):
    preferences.update_preferences(
        user,
        display_name=user.display_name,
        bio=user.bio,
        locale=user.locale,
        email={**preferences.email_choices(user), **choices},
        email_digest=user.email_digest,
        on_start="watching",
        on_reply="tracking",
    )


def test_a_reply_is_emailed_at_once_in_the_readers_language(community):
    starter = make_member(community, make_user(display_name="منى القاسم"))
    replier = make_member(community, make_user(display_name="خالد الحداد"))
    topic = make_topic(community, starter, title="كيف نحفز القراءة الحرة؟")
    make_reply(topic, replier, raw="جرّبنا **ركن القراءة** في الصف.")
    [message] = sent_mail()
    assert message["To"] == starter.email
    assert "خالد الحداد" in message["Subject"] and "كيف نحفز القراءة الحرة؟" in message["Subject"]
    html = body(message, "html")
    assert '<html lang="ar" dir="rtl">' in html and "جرّبنا ركن القراءة في الصف." in html
    assert "/notifications/" in body(message) and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert db.session.scalars(select(Notification.emailed_at)).one() is not None


def test_an_english_reader_gets_english(community):
    starter = make_member(community)
    starter.locale = "en"
    db.session.commit()
    make_reply(make_topic(community, starter))
    [message] = sent_mail()
    assert "replied to you" in message["Subject"] and '<html lang="en" dir="ltr">' in body(message, "html")


def test_never_and_daily_send_nothing_at_once_and_a_read_notification_is_not_emailed(community):
    starter, replier = make_member(community), make_member(community)
    choose(starter, reply="never")
    topic = make_topic(community, starter)
    make_reply(topic, replier)
    choose(starter, reply="daily")
    make_reply(topic, replier)
    assert sent_mail() == []
    notification = db.session.scalars(select(Notification).order_by(Notification.id)).first()
    notification.read = True
    db.session.commit()
    emails.send_notification_email(notification.id)
    assert sent_mail() == []


def test_nobody_is_emailed_about_a_topic_they_can_no_longer_read(community):
    private = make_community(visibility="members")
    starter, replier = make_member(private), make_member(private)
    choose(starter, reply="daily")
    make_reply(make_topic(private, starter), replier)
    notification = db.session.scalars(select(Notification)).one()
    choose(starter, reply="now")
    db.session.execute(db.text("DELETE FROM memberships WHERE user_id = :u"), {"u": starter.id})
    db.session.commit()
    permissions.forget_community_roles(starter)
    emails.send_notification_email(notification.id)
    assert sent_mail() == []


def test_the_daily_summary_gathers_daily_notifications_and_active_topics_once(community):
    reader, writer = make_member(community, make_user(display_name="سلمى")), make_member(community)
    choose(reader, posted="daily")
    watched = make_topic(community, writer, title="تقويم القراءة الجهرية")
    reading.set_topic_level(reader, watched, "watching")
    make_reply(watched, writer)
    make_topic(community, writer, title="نشاط جديد في العلوم")
    assert sent_mail() == []
    assert emails.send_digest(reader.id) is True
    [message] = sent_mail()
    text = body(message)
    assert "سلمى" in text and "تقويم القراءة الجهرية" in text and "نشاط جديد في العلوم" in text
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/email/unsubscribe/")
    assert db.session.scalars(select(Notification.emailed_at).where(Notification.user_id == reader.id)).one()
    assert emails.send_digest(reader.id) is False, "at most once a day"
    assert reader.id not in emails.due_digests()
    later = utcnow() + timedelta(days=1)
    assert reader.id in emails.due_digests(later)
    assert emails.send_digest(reader.id, now=later) is False, "nothing new: no email"
    assert len(sent_mail()) == 1


def test_a_summary_of_nothing_is_not_sent(community, member):
    member.email_digest = False
    db.session.commit()
    assert emails.send_digest(member.id) is False
    assert sent_mail() == []


def test_a_failed_send_loses_nothing_and_the_summary_sends_it(community, monkeypatch):
    starter, replier = make_member(community), make_member(community)
    real_deliver = mail.deliver

    def broken(message):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(mail, "deliver", broken)
    make_reply(make_topic(community, starter), replier)  # the email job fails (and is queued again)
    notification = db.session.scalars(select(Notification)).one()
    assert notification.emailed_at is None and not notification.read
    later = utcnow() + emails.IMMEDIATE_GRACE
    with pytest.raises(ConnectionRefusedError):
        emails.send_digest(starter.id, now=later)
    db.session.expire_all()
    assert db.session.get(User, starter.id).digest_sent_at is None, "the summary is given back"
    monkeypatch.setattr(mail, "deliver", real_deliver)
    assert emails.send_digest(starter.id, now=later) is True, "an email that kept failing goes in the summary"
    db.session.expire_all()
    assert db.session.get(Notification, notification.id).emailed_at is not None
    emails.send_notification_email(notification.id)  # a late retry of the failed job
    assert len(sent_mail()) == 1


def test_unsubscribe_tokens_are_signed(member):
    token = emails.unsubscribe_token(member, "mention")
    assert emails.read_unsubscribe_token(token) == (member, "mention")
    for forged in (token[:-2] + "xx", "W10", "not-a-token", token.replace(".", "")):
        with pytest.raises(emails.InvalidLink):
            emails.read_unsubscribe_token(forged)


def test_many_unread_never_emailed_notifications_do_not_crowd_daily_ones_out_of_the_summary(community):
    reader, writer = make_member(community), make_member(community)
    reader.email_digest = False
    db.session.commit()
    topic = make_topic(community, reader)
    post = make_reply(topic, writer)  # a "reply" notification, emailed at once
    choose(reader, posted="daily")
    reading.set_topic_level(reader, topic, "watching")
    daily = make_reply(make_topic(community, writer), writer)
    db.session.add(
        Notification(
            user_id=reader.id,
            kind="posted",
            topic_id=daily.topic_id,
            post_id=daily.id,
            actor_id=writer.id,
            created_at=utcnow() - timedelta(hours=2),
        )
    )
    # Reactions are "never" by default: unread, they stay unemailed for good.
    db.session.add_all(
        Notification(user_id=reader.id, kind="reaction", topic_id=topic.id, post_id=post.id, actor_id=writer.id)
        for _ in range(80)
    )
    db.session.commit()
    assert emails.send_digest(reader.id) is True
    assert "/notifications/" in body(sent_mail()[-1])
