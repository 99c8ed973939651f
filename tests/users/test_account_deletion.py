"""Deleting an account: its owner with their password, or an administrator on request. What the
member wrote stays, signed "a former member"; who they were is erased everywhere."""

from urllib.parse import quote

import pytest

from forum.extensions import db
from forum.search import apply_changes
from forum.models import Bookmark, Membership, Notification, StaffAction, User
from forum.services import bookmarks, deletion, reactions
from tests.factories import (
    PASSWORD,
    emailed_path,
    database_rows,
    make_member,
    make_reply,
    make_topic,
    make_user,
    sent_mail,
)

ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def hala(community):
    user = make_member(community, make_user("hala.nasser", display_name="هالة ناصر", email="hala@example.org"))
    return user


@pytest.fixture
def her_topic(community, hala):
    topic = make_topic(community, hala, title="ما تعلمته من حصة فاشلة", raw="قصة حصة لم تنجح")
    reply = make_reply(topic, make_member(community), raw="شكرًا على المشاركة @hala.nasser")
    reactions.react(hala, reply, "thanks")
    bookmarks.bookmark(hala, reply, "")
    return topic


def test_a_member_deletes_their_account_and_their_posts_stay_signed_a_former_member(app, client, auth, hala, her_topic):
    auth.login(hala)
    assert client.get("/my/delete").status_code == 200
    done = client.post("/my/delete", data={"password": PASSWORD}, headers=ENGLISH)
    assert done.status_code == 302
    assert client.get("/my/preferences").status_code == 302, "signed out"

    page = client.get(f"/t/{quote(her_topic.slug)}/{her_topic.id}", headers=ENGLISH).text
    assert "قصة حصة لم تنجح" in page and "A former member" in page
    assert "هالة ناصر" not in page and "/u/hala.nasser" not in page.split("cooked")[0]
    assert client.get("/u/hala.nasser").status_code == 404
    assert client.post("/login", data={"login": "hala.nasser", "password": PASSWORD}).status_code == 422

    db.session.expire_all()
    hala = db.session.get(User, hala.id)
    assert (hala.email, hala.display_name, hala.password_hash) == ("", "", None)
    for model in (Bookmark, Notification, Membership):
        assert db.session.scalars(db.select(model).where(model.user_id == hala.id)).all() == []
    (entry,) = db.session.scalars(db.select(StaffAction)).all()
    assert (entry.action, entry.actor_id, entry.target_user_id) == ("delete_account", hala.id, hala.id)
    assert "hala" not in repr((entry.details, entry.reason))


def test_the_name_and_address_are_free_again(client, hala, her_topic):
    client.post("/login", data={"login": "hala.nasser", "password": PASSWORD})
    client.post("/my/delete", data={"password": PASSWORD})
    again = make_user("hala.nasser", email="hala@example.org")
    assert again.id != hala.id


def test_a_wrong_password_deletes_nothing(client, auth, hala, her_topic):
    auth.login(hala)
    client.get("/my/delete")  # the visit is recorded before the form is sent
    before = database_rows()
    refused = client.post("/my/delete", data={"password": "not-my-password"})
    assert refused.status_code == 422
    assert database_rows() == before


def test_an_administrator_deletes_an_account_on_request_after_typing_its_name(client, auth, hala, her_topic):
    admin = make_user(role="admin")
    auth.login(admin)
    assert 'action="/u/hala.nasser/delete"' in client.get("/u/hala.nasser").text
    before = database_rows()
    assert client.post("/u/hala.nasser/delete", data={"confirm": "hala"}).status_code == 422
    assert database_rows() == before
    assert client.post("/u/hala.nasser/delete", data={"confirm": "Hala.Nasser"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, hala.id).deleted_at is not None


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_only_administrators_delete_others_accounts(client, auth, hala, role):
    auth.login(make_user(role=role))
    assert client.post("/u/hala.nasser/delete", data={"confirm": "hala.nasser"}).status_code == 403
    assert db.session.get(User, hala.id).deleted_at is None


def test_the_last_administrator_cannot_delete_their_account(client, auth):
    admin = make_user("only.admin", role="admin")
    auth.login(admin)
    refused = client.post("/my/delete", data={"password": PASSWORD}, headers=ENGLISH)
    assert refused.status_code == 422 and "last administrator" in refused.text
    make_user(role="admin")
    assert client.post("/my/delete", data={"password": PASSWORD}).status_code == 302


def test_who_reacted_names_a_former_member(client, auth, community, hala, her_topic):
    auth.login(hala)
    client.post("/my/delete", data={"password": PASSWORD})
    page = client.get(f"/t/{quote(her_topic.slug)}/{her_topic.id}", headers=ENGLISH).text
    reactors = page.split('class="reactors"')[1].split("</details>")[0]
    assert "A former member" in reactors and "هالة" not in reactors


def test_a_deleted_account_is_never_suggested_for_a_mention(client, auth, community, hala, her_topic):
    auth.login(hala)
    client.post("/my/delete", data={"password": PASSWORD})
    auth.login(make_member(community))
    for term in ("hala", "~", "هالة"):
        suggested = client.get(f"/users/search.json?term={quote(term)}").json["users"]
        assert [u for u in suggested if u["username"] == f"~{hala.id}"] == []


def test_an_anonymous_post_stays_anonymous_after_its_author_leaves(client, auth, community, hala):
    topic = make_topic(community, hala, kind="failures", title="إخفاق أرويه دون اسمي", anonymous=True)
    auth.login(hala)
    client.post("/my/delete", data={"password": PASSWORD})
    page = client.get(f"/t/{quote(topic.slug)}/{topic.id}", headers=ENGLISH).text
    assert "A member of this community" in page


def test_search_no_longer_finds_posts_by_the_former_name(app, client, auth, search, community, hala, her_topic):
    auth.login(make_member(community))
    assert her_topic.title in client.get("/search?q=%40hala.nasser").text
    deletion.delete_own_account(hala, PASSWORD)
    apply_changes()
    assert her_topic.title not in client.get("/search?q=%40hala.nasser").text
    assert her_topic.title in client.get("/search?q=" + quote("حصة فاشلة")).text


def test_a_link_to_a_new_address_asked_before_deleting_confirms_nothing(client, auth, hala):
    auth.login(hala)
    client.post("/my/email", data={"email": "hala.new@example.org", "password": PASSWORD})
    (message,) = [m for m in sent_mail() if m["To"] == "hala.new@example.org"]
    link = emailed_path(message, "/email/confirm/")
    client.post("/my/delete", data={"password": PASSWORD})
    assert client.get(link).status_code == 404
    db.session.expire_all()
    assert db.session.get(User, hala.id).email == "" and db.session.get(User, hala.id).pending_email is None
    assert make_user(email="hala.new@example.org"), "the address is free"


def test_a_former_members_posts_cannot_be_gathered_by_their_new_name(client, auth, search, community, hala, her_topic):
    deletion.delete_own_account(hala, PASSWORD)
    apply_changes()
    auth.login(make_member(community))
    assert client.get(f"/search.json?q=%40~{hala.id}").json["total"] == 0
    found = client.get("/search.json?q=" + quote("حصة فاشلة")).json["results"]
    (hers,) = [hit for hit in found if hit["topic_id"] == her_topic.id and hit["post_number"] == 1]
    assert hers["author"] is None
