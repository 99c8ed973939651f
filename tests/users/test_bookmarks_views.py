"""Bookmarking from a post, the bookmarks page, and what a stranger's post id gets."""

from urllib.parse import quote

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Bookmark
from tests.factories import make_community, make_member, make_reply, make_topic


def test_bookmark_a_post_with_a_note_and_find_it_on_the_bookmarks_page(member_client, member, community):
    topic = make_topic(community, title="خطة علاجية للقراءة في الصف الثالث")
    post = make_reply(topic, raw="جرّبنا **القراءة الثنائية** عشر دقائق يوميًا.")
    response = member_client.post(f"/p/{post.id}/bookmark", data={"note": "أجرّبها مع الصف الثالث"})
    assert response.status_code == 302 and response.location.endswith(f"/{topic.id}/2")
    shown = member_client.get(f"/t/{quote(topic.slug)}/{topic.id}")
    assert 'class="menu-button bookmarked"' in shown.text and 'value="أجرّبها مع الصف الثالث"' in shown.text
    page = member_client.get("/bookmarks")
    assert "خطة علاجية للقراءة في الصف الثالث" in page.text
    assert "أجرّبها مع الصف الثالث" in page.text and "جرّبنا القراءة الثنائية عشر دقائق يوميًا." in page.text
    removed = member_client.post(f"/p/{post.id}/bookmark/remove", data={"next": "/bookmarks"})
    assert removed.status_code == 302 and removed.location == "/bookmarks"
    assert "خطة علاجية" not in member_client.get("/bookmarks").text


def test_a_post_the_user_cannot_see_cannot_be_bookmarked(member_client, member):
    private = make_community(visibility="members")
    post = make_reply(make_topic(private))
    assert member_client.post(f"/p/{post.id}/bookmark", data={"note": "x"}).status_code == 404
    assert member_client.post("/p/999999/bookmark").status_code == 404
    assert db.session.scalar(select(func.count(Bookmark.id))) == 0


def test_bad_input_is_a_clear_4xx_and_nothing_changes(member_client, member, community):
    post = make_reply(make_topic(community))
    member_client.post(f"/p/{post.id}/bookmark", data={"note": "ملاحظتي"})
    too_long = member_client.post(f"/p/{post.id}/bookmark", data={"note": "ن" * 600})
    assert too_long.status_code == 422 and "500" in too_long.text
    again = member_client.post(f"/p/{post.id}/bookmark/remove")
    assert again.status_code == 302
    twice = member_client.post(f"/p/{post.id}/bookmark/remove")
    assert twice.status_code == 409
    assert db.session.scalar(select(func.count(Bookmark.id))) == 0


def test_bookmarks_need_a_signed_in_user(client, community):
    post = make_reply(make_topic(community))
    assert "/login" in client.get("/bookmarks").location
    assert "/login" in client.post(f"/p/{post.id}/bookmark").location
    assert db.session.scalar(select(func.count(Bookmark.id))) == 0


def test_another_members_bookmarks_stay_theirs(client, auth, community):
    post = make_reply(make_topic(community, title="موضوع يحفظه عضو آخر"))
    owner, other = make_member(community), make_member(community)
    auth.login(owner)
    client.post(f"/p/{post.id}/bookmark", data={"note": "سرّي"})
    auth.logout()
    auth.login(other)
    assert "سرّي" not in client.get("/bookmarks").text
    assert "سرّي" not in client.get(f"/t/{quote(post.topic.slug)}/{post.topic_id}").text
