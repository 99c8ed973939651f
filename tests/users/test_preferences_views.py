"""The preferences page through HTTP."""

from forum.extensions import db
from forum.services import accounts, preferences
from tests.factories import PASSWORD

FORM = {
    "display_name": "منى القاسم",
    "bio": "معلمة رياضيات",
    "locale": "",
    "email_mention": "now",
    "email_quote": "now",
    "email_reply": "daily",
    "email_posted": "never",
    "email_new_topic": "daily",
    "email_reaction": "never",
    "email_answer_accepted": "now",
    "email_curated": "now",
    "email_moderation": "now",
    "email_flag": "never",
    "email_message": "daily",
    "email_digest": "y",
    "on_start": "watching",
    "on_reply": "tracking",
}


def test_the_page_shows_the_current_choices_and_saves_new_ones(member_client, member):
    page = member_client.get("/my/preferences")
    assert page.status_code == 200 and "التفضيلات" in page.text
    assert '<option selected value="never">' in page.text  # reactions: never, by default
    response = member_client.post("/my/preferences", data=FORM)
    assert response.status_code == 302
    db.session.expire_all()
    assert member.display_name == "منى القاسم" and preferences.email_choice(member, "reply") == "daily"
    assert "منى القاسم" in member_client.get("/my/preferences").text


def test_choosing_a_language_changes_the_pages(member_client, member):
    member_client.post("/my/preferences", data={**FORM, "locale": "en"})
    page = member_client.get("/my/preferences")
    assert '<html lang="en" dir="ltr">' in page.text and "Preferences" in page.text


def test_unticking_the_summary_stops_it(member_client, member):
    form = dict(FORM)
    del form["email_digest"]
    member_client.post("/my/preferences", data=form)
    db.session.expire_all()
    assert member.email_digest is False


def test_a_forged_choice_is_a_422_and_nothing_is_saved(member_client, member):
    response = member_client.post("/my/preferences", data={**FORM, "email_mention": "hourly", "display_name": "تغيير"})
    assert response.status_code == 422
    db.session.expire_all()
    assert member.display_name == "" and preferences.email_choice(member, "mention") == "now"


def test_changing_the_password(member_client, member):
    wrong = member_client.post(
        "/my/password",
        data={"current_password": "nope-nope", "new_password": "a-new-password", "confirm": "a-new-password"},
    )
    assert wrong.status_code == 422 and "كلمة المرور الحالية غير صحيحة" in wrong.text
    mismatch = member_client.post(
        "/my/password",
        data={"current_password": PASSWORD, "new_password": "a-new-password", "confirm": "another-password"},
    )
    assert mismatch.status_code == 422
    done = member_client.post(
        "/my/password",
        data={"current_password": PASSWORD, "new_password": "a-new-password", "confirm": "a-new-password"},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert accounts.authenticate(member.username, "a-new-password") is not None


def test_preferences_need_a_signed_in_user(client):
    assert "/login" in client.get("/my/preferences").location
    assert "/login" in client.post("/my/password").location
