"""The bell, the notifications page, reactions and @mention suggestions through HTTP."""

from urllib.parse import quote

from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification, Post
from tests.factories import make_community, make_member, make_reply, make_topic, make_user


def test_the_bell_counts_and_the_page_lists_what_happened(client, auth, community):
    starter = make_member(community, make_user(display_name="منى القاسم"))
    replier = make_member(community, make_user(display_name="خالد الحداد"))
    topic = make_topic(community, starter, title="كيف نحفز القراءة الحرة؟")
    make_reply(topic, replier)
    auth.login(starter)
    home = client.get("/")
    assert 'class="count" aria-hidden="true">1<' in home.text
    page = client.get("/notifications")
    assert "خالد الحداد" in page.text and "ردّ من" in page.text and "كيف نحفز القراءة الحرة؟" in page.text
    notification = db.session.scalars(select(Notification)).one()
    opened = client.get(f"/notifications/{notification.id}")
    assert opened.status_code == 302 and f"/{topic.id}/2" in opened.location
    assert 'class="count" aria-hidden="true">' not in client.get("/").text


def test_another_users_notification_is_404_and_stays_unread(client, auth, community):
    starter = make_member(community)
    make_reply(make_topic(community, starter))
    notification = db.session.scalars(select(Notification)).one()
    auth.login(make_member(community))
    assert client.get(f"/notifications/{notification.id}").status_code == 404
    assert client.get("/notifications/999999").status_code == 404
    db.session.expire_all()
    assert not db.session.get(Notification, notification.id).read


def test_mark_all_read(client, auth, community):
    starter = make_member(community)
    topic = make_topic(community, starter)
    make_reply(topic)
    make_reply(topic)
    auth.login(starter)
    assert client.post("/notifications/read").status_code == 302
    db.session.expire_all()
    assert all(n.read for n in db.session.scalars(select(Notification)))


def test_a_reader_reacts_and_takes_it_back_and_bad_reactions_are_refused(client, auth, community, member):
    post = make_reply(make_topic(community))
    auth.login(member)
    url = f"/p/{post.id}/react"
    assert client.post(url, data={"kind": "thanks"}).status_code == 302
    shown = client.get(f"/t/{quote(post.topic.slug)}/{post.topic_id}")
    assert 'name="undo" value="thanks"' in shown.text and 'aria-pressed="true"' in shown.text
    assert client.post(url, data={"kind": "thanks"}).status_code == 409
    assert client.post(url, data={"kind": "<b>"}).status_code == 422
    assert client.post(url, data={"undo": "thanks"}).status_code == 302
    assert client.post(url, data={"undo": "thanks"}).status_code == 409
    own = make_reply(post.topic, member)
    assert client.post(f"/p/{own.id}/react", data={"kind": "like"}).status_code == 403


def test_nobody_reacts_to_or_learns_of_a_post_they_cannot_see(client, auth):
    hidden = make_community(visibility="members")
    post = make_reply(make_topic(hidden))
    auth.login(make_member(make_community()))
    assert client.post(f"/p/{post.id}/react", data={"kind": "like"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Post, post.id).like_count == 0


def test_mention_suggestions_find_arabic_and_latin_names_for_signed_in_users(client, auth, community, member):
    make_user("منى.القاسم", display_name="منى القاسم")
    make_user("mona_k", display_name="Mona K")
    make_user("khalid")
    assert client.get("/users/search.json?term=mo").status_code == 302  # signed-in only
    auth.login(member)

    def names(term):
        return [u["username"] for u in client.get(f"/users/search.json?term={quote(term)}").json["users"]]

    assert names("منى") == ["منى.القاسم"]
    assert names("MO") == ["mona_k"]
    assert names("%") == [] and names("") == [] and names("_") == []
