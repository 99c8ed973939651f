"""The unsubscribe link of every email, opened without logging in."""

from forum.extensions import db
from forum.services import emails, preferences


def test_the_link_asks_then_stops_that_kind_of_email(client, member):
    url = f"/email/unsubscribe/{emails.unsubscribe_token(member, 'reply')}"
    page = client.get(url)
    assert page.status_code == 200 and member.email in page.text
    db.session.expire_all()
    assert preferences.email_choice(member, "reply") == "now", "opening the link changes nothing"
    done = client.post(url)
    assert done.status_code == 200 and 'role="status"' in done.text
    db.session.expire_all()
    assert preferences.email_choice(member, "reply") == "never"
    assert preferences.email_choice(member, "mention") == "now"


def test_the_summarys_link_stops_the_summary(client, member):
    client.post(f"/email/unsubscribe/{emails.unsubscribe_token(member, 'digest')}")
    db.session.expire_all()
    assert member.email_digest is False


def test_a_forged_link_is_a_clear_404_and_changes_nothing(client, member):
    token = emails.unsubscribe_token(member, "reply")
    for forged in (token[:-3] + "abc", "eyJ1IjoxfQ", "..."):
        response = client.post(f"/email/unsubscribe/{forged}")
        assert response.status_code == 404
        assert "رابط إلغاء الاشتراك هذا غير صالح" in response.text
    db.session.expire_all()
    assert preferences.email_choice(member, "reply") == "now" and member.email_digest


def test_one_click_unsubscribe_needs_no_form_token(protected_client, member):
    """Mail programs post to the List-Unsubscribe address with no CSRF token (RFC 8058)."""
    response = protected_client.post(
        f"/email/unsubscribe/{emails.unsubscribe_token(member, 'posted')}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert preferences.email_choice(member, "posted") == "never"
