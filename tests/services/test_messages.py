"""Private messages without HTTP: who may write to whom, unread counts, email, blocking,
flags, limits, and what deleting an account takes with it."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Conversation, Message, MessageFlag, Participant, StaffAction, User
from forum.models.base import utcnow
from forum.services import deletion, emails, messages, moderation
from forum.services.errors import AlreadyDone, InvalidInput, LimitReached, NotAllowed
from tests.factories import PASSWORD, make_user, sent_mail
from tests.services.test_emails import body, choose


def unread(user):
    return db.session.scalar(select(User.unread_conversations).where(User.id == user.id))


def test_a_conversation_reaches_its_people_by_count_and_by_email_in_their_language(app):
    mentor = make_user(display_name="هالة ناصر")
    teacher, colleague = make_user(), make_user()
    colleague.locale = "en"
    db.session.commit()
    conversation = messages.start_conversation(
        mentor, [teacher, colleague], "ملاحظات الزيارة الصفية", "شكرًا على **الحصة**."
    )
    assert [p.user_id for p in conversation.participants] == [mentor.id, teacher.id, colleague.id]
    assert (unread(mentor), unread(teacher), unread(colleague)) == (0, 1, 1)
    arabic, english = sorted(sent_mail(), key=lambda m: m["To"] != teacher.email)
    assert arabic["To"] == teacher.email and "هالة ناصر" in arabic["Subject"] and "ملاحظات الزيارة" in arabic["Subject"]
    assert "شكرًا على الحصة." in body(arabic, "html") and f"/messages/{conversation.id}" in body(arabic)
    assert "wrote to you" in english["Subject"]

    messages.reply(teacher, conversation, "سأجرب ذلك الأسبوع القادم.")
    assert (unread(mentor), unread(teacher), unread(colleague)) == (1, 0, 1), "one unread conversation, not two"
    messages.mark_read(colleague, conversation)
    messages.mark_read(colleague, conversation)
    assert unread(colleague) == 0


def test_only_a_participant_answers_and_people_are_bounded(app):
    author = make_user()
    conversation = messages.start_conversation(author, [make_user()], "موضوع", "نص")
    with pytest.raises(NotAllowed):
        messages.reply(make_user(), conversation, "أنا لست هنا")
    app.config["MAX_CONVERSATION_PEOPLE"] = 3
    with pytest.raises(InvalidInput):
        messages.start_conversation(author, [make_user() for _ in range(3)], "كثيرون", "نص")
    for recipients, subject, raw in (([], "موضوع", "نص"), ([author], "موضوع", "نص"), ([make_user()], "", "نص")):
        with pytest.raises(InvalidInput):
            messages.start_conversation(author, recipients, subject, raw)
    with pytest.raises(InvalidInput):
        messages.start_conversation(author, [make_user()], "موضوع", "   ")
    assert db.session.scalar(select(Conversation.id).where(Conversation.subject == "كثيرون")) is None


def test_a_block_stops_new_conversations_and_one_to_one_answers(app):
    teacher, pest = make_user(), make_user(display_name="مزعج")
    conversation = messages.start_conversation(pest, [teacher], "مرحبا", "نص")
    messages.block(teacher, pest)
    with pytest.raises(AlreadyDone):
        messages.block(teacher, pest)
    with pytest.raises(NotAllowed) as refused:
        messages.start_conversation(pest, [teacher], "مرة أخرى", "نص")
    assert "مزعج" not in refused.value.message
    with pytest.raises(NotAllowed):
        messages.reply(pest, conversation, "رد")
    messages.reply(teacher, conversation, "الأخيرة مني")  # the one who blocked may still write
    messages.unblock(teacher, pest)
    messages.reply(pest, conversation, "شكرًا")
    with pytest.raises(NotAllowed):
        messages.block(teacher, make_user(role="moderator"))


def test_nobody_writes_to_a_suspended_or_deleted_account_nor_while_silenced_or_unconfirmed(app):
    author, target = make_user(), make_user()
    moderation.restrict_user(make_user(role="moderator"), target, "suspend", utcnow() + timedelta(days=3), "مخالفة")
    with pytest.raises(NotAllowed):
        messages.start_conversation(author, [target], "موضوع", "نص")
    silenced = make_user()
    moderation.restrict_user(make_user(role="moderator"), silenced, "silence", utcnow() + timedelta(days=3), "مخالفة")
    with pytest.raises(NotAllowed):
        messages.start_conversation(silenced, [author], "موضوع", "نص")
    unconfirmed = make_user()
    unconfirmed.email_confirmed_at = None
    db.session.commit()
    with pytest.raises(NotAllowed):
        messages.start_conversation(unconfirmed, [author], "موضوع", "نص")


def test_a_new_account_writes_a_bounded_number_of_messages_a_day(app):
    app.config["NEW_USER_MESSAGES_PER_DAY"] = 2
    newcomer, other = make_user(), make_user()
    newcomer.trust_level = 0
    db.session.commit()
    conversation = messages.start_conversation(newcomer, [other], "موضوع", "١")
    messages.reply(newcomer, conversation, "٢")
    with pytest.raises(LimitReached):
        messages.reply(newcomer, conversation, "٣")
    db.session.execute(Message.__table__.update().values(created_at=utcnow() - timedelta(days=2)))
    db.session.commit()
    messages.reply(newcomer, conversation, "٣")


def test_never_wanting_message_emails_sends_none_and_daily_puts_them_in_the_summary(app):
    author, reader = make_user(), make_user()
    choose(reader, message="daily")
    messages.start_conversation(author, [reader], "في الملخص", "نص")
    assert sent_mail() == []
    assert emails.send_digest(reader.id)
    [summary] = sent_mail()
    assert "في الملخص" in body(summary)
    choose(author, message="never")
    messages.reply(reader, db.session.scalars(select(Conversation)).one(), "رد")
    assert len(sent_mail()) == 1


def test_a_flag_shows_one_message_to_the_site_moderators_who_may_remove_it(app):
    author, reader = make_user(), make_user()
    conversation = messages.start_conversation(author, [reader], "موضوع", "رسالة مسيئة")
    message = db.session.scalars(select(Message)).one()
    with pytest.raises(InvalidInput):
        messages.flag(author, message, "أبلغ عن نفسي")
    with pytest.raises(NotAllowed):
        messages.flag(make_user(), message, "لست في المحادثة")
    entry = messages.flag(reader, message, "إساءة")
    with pytest.raises(AlreadyDone):
        messages.flag(reader, message, "مرة أخرى")
    with pytest.raises(NotAllowed):
        messages.settle_flag(author, entry, agree=True)
    messages.settle_flag(make_user(role="moderator"), entry, agree=True)
    db.session.refresh(message)
    assert message.removed_at is not None and message.raw == message.cooked == ""
    assert db.session.scalars(select(MessageFlag.outcome)).one() == "agreed"
    assert db.session.scalars(select(StaffAction.action)).all()[-1] == "remove_message"
    with pytest.raises(AlreadyDone):
        messages.settle_flag(make_user(role="moderator"), entry, agree=False)
    assert conversation.id


def test_deleting_an_account_removes_its_messages_and_conversations_nobody_is_left_in(app):
    leaving, staying = make_user(), make_user()
    shared = messages.start_conversation(leaving, [staying], "مشتركة", "من المغادر")
    messages.reply(staying, shared, "من الباقي")
    alone = messages.start_conversation(leaving, [staying], "وحيدة", "نص")
    messages.leave(staying, alone)
    messages.block(leaving, staying)
    deletion.delete_own_account(leaving, PASSWORD)
    assert db.session.scalars(select(Message.raw)).all() == ["من الباقي"]
    assert db.session.scalars(select(Conversation.subject)).all() == ["مشتركة"]
    assert db.session.scalars(select(Participant.user_id)).all() == [staying.id]
    messages.start_conversation(staying, [make_user()], "بعد الحذف", "نص")


def test_leaving_takes_the_conversation_out_of_the_inbox_and_its_unread_count(app):
    author, reader = make_user(), make_user()
    conversation = messages.start_conversation(author, [reader], "موضوع", "نص")
    messages.leave(reader, conversation)
    assert unread(reader) == 0
    with pytest.raises(AlreadyDone):
        messages.leave(reader, conversation)
    with pytest.raises(NotAllowed):
        messages.reply(reader, conversation, "عودة")


def test_nobody_answers_into_a_conversation_everyone_else_left(app):
    author, reader = make_user(), make_user()
    conversation = messages.start_conversation(author, [reader], "موضوع", "نص")
    messages.leave(reader, conversation)
    db.session.refresh(conversation)
    with pytest.raises(NotAllowed):
        messages.reply(author, conversation, "هل من أحد؟")


def test_reading_counts_a_reply_that_came_while_the_page_was_loading(app):
    author, reader = make_user(), make_user()
    conversation = messages.start_conversation(author, [reader], "موضوع", "١")
    # What the reader's request loaded, before the reply below committed.
    loaded = SimpleNamespace(
        id=conversation.id, last_number=1, participants=[SimpleNamespace(user_id=reader.id, read_number=0)]
    )
    messages.reply(author, conversation, "٢")
    assert messages.mark_read(reader, loaded)
    assert unread(reader) == 0
    assert db.session.get(Participant, (conversation.id, reader.id)).read_number == 2
    messages.reply(author, conversation, "٣")
    assert unread(reader) == 1, "the count still follows the conversation"
