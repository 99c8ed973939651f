"""Preferences without HTTP: defaults, saving, refusing, and what they change."""

import pytest

from forum.extensions import db
from forum.models import TopicUser, User
from forum.models.reading import NORMAL, TRACKING, WATCHING
from forum.services import accounts, preferences
from forum.services.errors import InvalidInput
from tests.factories import PASSWORD, make_reply, make_topic, make_user

SAVED = dict(
    display_name="منى القاسم",
    bio="معلمة رياضيات",
    locale="en",
    email={
        "mention": "now",
        "quote": "daily",
        "reply": "never",
        "posted": "never",
        "new_topic": "daily",
        "reaction": "daily",
        "answer_accepted": "never",
        "curated": "daily",
        "moderation": "daily",
        "flag": "now",
        "message": "never",
    },
    email_digest=False,
    on_start="tracking",
    on_reply="normal",
)


def level(user, topic):
    db.session.expire_all()
    return db.session.get(TopicUser, (user.id, topic.id)).notification_level


def test_defaults_follow_discourse(member):
    assert preferences.email_choices(member) == {
        "mention": "now",
        "quote": "now",
        "reply": "now",
        "posted": "daily",
        "new_topic": "daily",
        "reaction": "never",
        "answer_accepted": "now",
        "curated": "now",
        "moderation": "now",
        "flag": "never",
        "message": "now",
    }
    assert member.email_digest
    assert preferences.post_level_name(member, starting=True) == "watching"
    assert preferences.post_level_name(member, starting=False) == "tracking"


def test_saved_preferences_are_read_back_and_cleaned(member):
    preferences.update_preferences(member, **{**SAVED, "display_name": " منى\u200b القاسم \u202e"})
    db.session.expire_all()
    assert (member.display_name, member.bio, member.locale, member.email_digest) == (
        "منى القاسم",
        "معلمة رياضيات",
        "en",
        False,
    )
    assert preferences.email_choices(member) == SAVED["email"]


def test_levels_given_on_posting_follow_the_preferences(community, member):
    preferences.update_preferences(member, **SAVED)
    started = make_topic(community, member)
    assert level(member, started) == TRACKING
    other = make_topic(community)
    make_reply(other, member)
    assert level(member, other) == NORMAL
    preferences.update_preferences(member, **{**SAVED, "on_start": "watching"})
    assert level(member, make_topic(community, member)) == WATCHING


@pytest.mark.parametrize(
    "change",
    [
        {"locale": "de"},
        {"email": {"mention": "hourly"}},
        {"email": {"gossip": "now"}},
        {"on_start": "muted"},
        {"display_name": "ن" * 81},
        {"bio": "ن" * 256},
    ],
)
def test_anything_out_of_range_is_refused_whole(member, change):
    before = (member.display_name, member.locale, dict(member.preferences or {}))
    with pytest.raises(InvalidInput):
        preferences.update_preferences(member, **{**SAVED, **change})
    db.session.expire_all()
    assert (member.display_name, member.locale, dict(member.preferences or {})) == before


def test_stopping_one_kind_keeps_the_other_choices(member):
    preferences.update_preferences(member, **SAVED)
    preferences.stop_email(member, "mention")
    preferences.stop_email(member, "digest")
    db.session.expire_all()
    assert preferences.email_choices(member) == {**SAVED["email"], "mention": "never"}
    assert not member.email_digest
    with pytest.raises(InvalidInput):
        preferences.stop_email(member, "everything")


def test_moderation_outcomes_are_chosen_by_group(member):
    preferences.update_preferences(member, **SAVED)
    assert (
        preferences.email_choice(member, "post_hidden") == preferences.email_choice(member, "post_deleted") == "daily"
    )
    assert preferences.email_choice(member, "flag_disagreed") == "now"
    preferences.stop_email(member, "flag_agreed")  # an email's unsubscribe link names its notification's kind
    assert preferences.email_choice(member, "flag_disagreed") == "never"


def test_changing_the_password_needs_the_current_one(member):
    with pytest.raises(InvalidInput) as refused:
        preferences.change_password(member, "wrong-password", "a-new-password")
    assert refused.value.field == "current_password"
    assert accounts.authenticate(member.username, "a-new-password") is None
    preferences.change_password(member, PASSWORD, "a-new-password")
    assert accounts.authenticate(member.username, "a-new-password") == member
    with pytest.raises(InvalidInput):
        preferences.change_password(member, "a-new-password", "short")


@pytest.fixture
def administrator(app):
    return make_user("admin", display_name="مدير الموقع", role="admin")


@pytest.mark.parametrize("display_name", ["admin", "ADMIN", "\u0430dmin", "adrnin", "مدير الموقع", "مدير  الموقع"])
def test_a_name_that_looks_like_another_members_is_refused(member, administrator, display_name):
    before = member.display_name
    with pytest.raises(InvalidInput) as refused:
        preferences.update_preferences(member, **{**SAVED, "display_name": display_name})
    assert refused.value.field == "display_name"
    db.session.expire_all()
    assert member.display_name == before


def test_members_may_take_a_name_like_their_own_username_or_keep_an_old_lookalike(member, administrator):
    preferences.update_preferences(member, **{**SAVED, "display_name": member.username.upper()})
    preferences.update_preferences(administrator, **{**SAVED, "display_name": "Admin"})
    # Names given before the rule existed stay; saving other choices does not refuse them.
    db.session.execute(db.update(User).where(User.id == member.id).values(display_name="مدير الموقع"))
    db.session.commit()
    db.session.expire_all()
    preferences.update_preferences(member, **{**SAVED, "display_name": "مدير الموقع", "locale": "fr"})
    assert member.locale == "fr"


def test_a_new_name_is_checked_against_names_changed_since(member, administrator):
    preferences.update_preferences(administrator, **{**SAVED, "display_name": "Head of the forum"})
    with pytest.raises(InvalidInput):
        preferences.update_preferences(member, **{**SAVED, "display_name": "H\u0435\u0430d of the forum"})
    preferences.update_preferences(member, **{**SAVED, "display_name": "مدير الموقع"})
