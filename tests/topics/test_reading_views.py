"""Read state through the pages: lists, jumping to the first unread post, levels, dismissing."""

import re
from urllib.parse import unquote

from forum.extensions import db
from forum.models import TopicUser
from forum.models.reading import WATCHING
from tests.factories import make_community, make_member, make_reply, make_topic, topic_url


def level_of(user, topic):
    db.session.expire_all()
    row = db.session.get(TopicUser, (user.id, topic.id))
    return row and row.notification_level


def test_lists_need_a_signed_in_user(client):
    for path in ("/unread", "/new"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location
    assert client.get("/latest").status_code == 200


def test_a_reader_sees_unread_counts_and_the_title_opens_the_first_unread_post(member_client, member, community):
    topic = make_topic(community, title="كيف نتابع الواجبات المنزلية؟")
    member_client.get(topic_url(topic))  # read post 1: the topic is now tracked
    make_reply(topic)
    make_reply(topic)
    page = member_client.get("/unread")
    assert "كيف نتابع الواجبات المنزلية؟" in page.text
    assert "منشوران غير مقروءين" in page.text  # Arabic dual: "2 unread posts"
    link = re.search(r'class="topic-title" dir="auto" href="([^"]+)"', page.text).group(1)
    assert unquote(link) == unquote(topic_url(topic, "/2"))
    landing = member_client.get(link)
    assert landing.status_code == 302 and landing.location.endswith("#post-2")
    shown = member_client.get(landing.location)
    assert shown.text.count('class="post post-unread"') == 2, "posts since the last visit are marked"
    assert "لا شيء غير مقروء" in member_client.get("/unread").text  # read by looking at the page


def test_the_latest_tab_marks_topics_new_and_new_can_be_dismissed(member_client, community):
    make_topic(community, title="تجربة جديدة في التعلم باللعب")
    home = member_client.get("/")
    assert 'class="mark-new"' in home.text and 'href="/new"' in home.text
    new = member_client.get("/new")
    assert "تجربة جديدة في التعلم باللعب" in new.text
    response = member_client.post("/new/dismiss")
    assert response.status_code == 302 and response.location == "/new"
    assert "تجربة جديدة في التعلم باللعب" not in member_client.get("/new").text


def test_mark_all_read_empties_the_unread_list(member_client, community):
    topic = make_topic(community)
    member_client.get(topic_url(topic))
    make_reply(topic)
    member_client.post("/unread/dismiss")
    assert "لا شيء غير مقروء" in member_client.get("/unread").text


def test_a_reader_changes_how_they_follow_a_topic_in_one_click(member_client, member, community):
    topic = make_topic(community)
    shown = member_client.get(topic_url(topic))
    assert 'name="level" value="watching"' in shown.text
    response = member_client.post(f"/t/{topic.id}/level", data={"level": "watching"})
    assert response.status_code == 302
    assert level_of(member, topic) == WATCHING
    assert member_client.post(f"/t/{topic.id}/level", data={"level": "<script>"}).status_code == 422
    assert level_of(member, topic) == WATCHING


def test_nobody_follows_a_topic_they_cannot_see(client, auth):
    hidden = make_community(visibility="members")
    topic = make_topic(hidden)
    outsider = make_member(make_community())
    auth.login(outsider)
    assert client.post(f"/t/{topic.id}/level", data={"level": "watching"}).status_code == 404
    assert level_of(outsider, topic) is None


def test_members_mute_a_community_and_outsiders_cannot(member_client, member, community, client):
    make_topic(community, title="موضوع من مجتمع سيكتم")
    assert member_client.post(f"/communities/{community.slug}/level", data={"level": "muted"}).status_code == 302
    assert "موضوع من مجتمع سيكتم" not in member_client.get("/").text
    assert "موضوع من مجتمع سيكتم" in member_client.get(f"/communities/{community.slug}").text
    member_client.post(f"/communities/{community.slug}/leave")
    assert member_client.post(f"/communities/{community.slug}/level", data={"level": "watching"}).status_code == 403
