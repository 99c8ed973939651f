from urllib.parse import unquote

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, PostRevision, Topic
from tests.factories import make_community, make_member, make_reply, make_topic, topic_url


def test_a_member_starts_a_topic_from_the_community_page(member_client, community):
    page = member_client.get(f"/communities/{community.slug}")
    assert f"/communities/{community.slug}/new-topic" in page.text
    response = member_client.post(
        f"/communities/{community.slug}/new-topic",
        data={"category": "hard-questions", "title": "كيف نقيّم العمل الجماعي بعدل؟", "raw": "سؤال **مهم**"},
    )
    topic = db.session.scalars(db.select(Topic)).one()
    assert response.status_code == 302 and unquote(response.location) == f"/t/{topic.slug}/{topic.id}"
    assert topic.slug == "كيف-نقيم-العمل-الجماعي-بعدل"
    shown = member_client.get(response.location)
    assert "كيف نقيّم العمل الجماعي بعدل؟" in shown.text and "<strong>مهم</strong>" in shown.text


def test_new_topic_form_shows_translated_errors_and_keeps_what_was_typed(member_client, community):
    response = member_client.post(
        f"/communities/{community.slug}/new-topic",
        data={"category": "best-practices", "title": "  ", "raw": "نص طويل كتبته بعناية"},
    )
    assert response.status_code == 422
    assert "لا يمكن أن يكون العنوان فارغًا." in response.text
    assert "نص طويل كتبته بعناية" in response.text
    assert db.session.scalar(db.select(db.func.count(Topic.id))) == 0


def test_a_body_over_the_limit_is_refused_with_the_text_kept(app, member_client, community):
    app.config["MAX_POST_LENGTH"] = 50
    response = member_client.post(
        f"/communities/{community.slug}/new-topic",
        data={"category": "best-practices", "title": "عنوان مناسب", "raw": "ك" * 51},
    )
    assert response.status_code == 422
    assert "ك" * 51 in response.text and "الحد الأقصى المسموح 50" in response.text


def test_a_request_body_over_the_server_limit_gets_a_friendly_413(member_client, community):
    response = member_client.post(
        f"/communities/{community.slug}/new-topic",
        data={"category": "best-practices", "title": "عنوان", "raw": "x" * 2_000_000},
    )
    assert response.status_code == 413
    assert "كبير جدًا" in response.text


def test_an_unknown_category_is_a_form_error_not_a_crash(member_client, community):
    response = member_client.post(
        f"/communities/{community.slug}/new-topic", data={"category": "nope", "title": "عنوان مناسب", "raw": "نص"}
    )
    assert response.status_code == 422


def test_outsiders_cannot_open_the_new_topic_form(client, auth, community):
    outsider = make_member(make_community())
    auth.login(outsider)
    assert client.get(f"/communities/{community.slug}/new-topic").status_code == 403


def test_reply_to_a_specific_post_lands_on_it(member_client, community, member):
    topic = make_topic(community)
    response = member_client.post(f"/t/{topic.id}/reply", data={"raw": "أتفق مع هذا", "reply_to": 1})
    assert response.status_code == 302 and response.location == topic_url(topic, "/2")
    page = member_client.get(response.location, follow_redirects=True)
    assert 'id="post-2"' in page.text and "ردًّا على المشاركة رقم 1" in page.text


def test_replying_to_a_closed_topic_says_so(member_client, community):
    topic = make_topic(community)
    topic.closed = True
    db.session.commit()
    response = member_client.post(f"/t/{topic.id}/reply", data={"raw": "رد متأخر"})
    assert response.status_code == 403
    assert "هذا الموضوع مغلق" in response.text
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 1


def test_topic_page_shows_twenty_posts_and_post_links_land_on_the_right_page(client, community):
    topic = make_topic(community)
    author = make_member(community)
    for n in range(44):
        make_reply(topic, author, raw=f"الرد رقم {n + 2}")
    first = client.get(topic_url(topic))
    assert first.text.count('class="post"') == 20
    response = client.get(topic_url(topic, "/42"))
    assert response.status_code == 302 and response.location == topic_url(topic, "?page=3#post-42")
    third = client.get(topic_url(topic, "?page=3"))
    assert 'id="post-42"' in third.text and third.text.count('class="post"') == 5


def test_old_or_wrong_slugs_redirect_to_the_canonical_topic_url(client, community):
    topic = make_topic(community)
    assert client.get(f"/t/{topic.id}").location == topic_url(topic)
    assert client.get(f"/t/wrong-slug/{topic.id}").location == topic_url(topic)


@pytest.mark.parametrize(
    "path",
    [
        "/t/999999",
        "/t/x/999999",
        "/t/x/999999/2",
        "/p/999999/revisions",
        "/t/x/abc",
        "/communities/nope",
        "/categories/nope",
        "/communities/{slug}?category=nope",
        "/u/nobody",
    ],
)
def test_unknown_ids_and_slugs_are_404_pages(client, community, path):
    response = client.get(path.format(slug=community.slug))
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.text


def test_page_numbers_out_of_range_are_handled(client, community):
    topic = make_topic(community)
    assert client.get(topic_url(topic) + "?page=99").status_code == 404
    assert client.get(topic_url(topic) + "?page=abc").status_code == 200
    assert client.get("/?page=-4").status_code == 200


def test_members_only_communities_and_their_topics_are_404_for_outsiders(client, auth):
    closed = make_community(visibility="members")
    topic = make_topic(closed, title="شأن داخلي للمديرين")
    post = db.session.scalars(db.select(Post).where(Post.topic_id == topic.id)).one()
    paths = [
        f"/communities/{closed.slug}",
        topic_url(topic),
        f"/t/{topic.id}/reply",
        f"/p/{post.id}/revisions",
        topic_url(topic, "/1"),
    ]
    auth.login(make_member(make_community()))
    for path in paths:
        assert client.get(path).status_code == 404, path
    for listing in ("/", "/categories/hard-questions", f"/u/{topic.author.username}"):
        assert "شأن داخلي للمديرين" not in client.get(listing).text
    auth.logout()
    auth.login(make_member(closed))
    assert client.get(topic_url(topic)).status_code == 200
    assert "شأن داخلي للمديرين" in client.get("/").text


def test_the_author_edits_a_post_and_the_revision_can_be_viewed(member_client, community, member):
    topic = make_topic(community, member, raw="جربت النشاط مع الصف الثامن")
    post = db.session.scalars(db.select(Post).where(Post.topic_id == topic.id)).one()
    form = member_client.get(f"/p/{post.id}/edit")
    assert form.status_code == 200 and "جربت النشاط مع الصف الثامن" in form.text
    response = member_client.post(
        f"/p/{post.id}/edit",
        data={"title": topic.title, "raw": "جربت النشاط مع الصف التاسع", "reason": "تصحيح الصف", "base_version": 1},
    )
    assert response.status_code == 302
    history = member_client.get(f"/p/{post.id}/revisions")
    assert "<del>الثامن</del>" in history.text and "<ins>التاسع</ins>" in history.text
    assert "تصحيح الصف" in history.text
    assert f"/p/{post.id}/revisions" in member_client.get(topic_url(topic)).text


def test_editing_someone_elses_post_is_forbidden(member_client, community):
    topic = make_topic(community)
    post = db.session.scalars(db.select(Post).where(Post.topic_id == topic.id)).one()
    assert member_client.get(f"/p/{post.id}/edit").status_code == 403
    assert member_client.post(f"/p/{post.id}/edit", data={"raw": "تخريب", "title": topic.title}).status_code == 403
    db.session.refresh(post)
    assert post.raw != "تخريب"


def test_a_stale_edit_form_is_a_409_that_keeps_the_editors_text(member_client, community, member):
    topic = make_topic(community, member, raw="الأصل")
    post = db.session.scalars(db.select(Post).where(Post.topic_id == topic.id)).one()
    member_client.post(f"/p/{post.id}/edit", data={"title": topic.title, "raw": "تعديل أول", "base_version": 1})
    response = member_client.post(
        f"/p/{post.id}/edit", data={"title": topic.title, "raw": "تعديل من صفحة قديمة", "base_version": 1}
    )
    assert response.status_code == 409
    assert "تعديل من صفحة قديمة" in response.text and "تعديل أول" in response.text
    assert db.session.scalar(db.select(db.func.count(PostRevision.id))) == 1


def test_live_preview_uses_the_same_cooking_as_saving(member_client):
    response = member_client.post("/preview", data={"raw": "**عريض** <script>x</script> https://example.org"})
    html = response.get_json()["html"]
    assert "<strong>عريض</strong>" in html and "<script>" not in html
    assert 'rel="nofollow ugc noopener"' in html


def test_preview_without_javascript_renders_on_the_form_page(member_client, community):
    response = member_client.post(
        f"/communities/{community.slug}/new-topic",
        data={"category": "best-practices", "title": "عنوان مناسب", "raw": "- بند", "preview": "Preview"},
    )
    assert response.status_code == 200 and "<li>بند</li>" in response.text
    assert db.session.scalar(db.select(db.func.count(Topic.id))) == 0


def test_posts_are_shown_with_their_own_direction(client, community):
    topic = make_topic(community, raw="An English post in an Arabic community")
    assert '<div class="cooked" dir="auto"><p>An English post' in client.get(topic_url(topic)).text


def test_a_post_permalink_leads_to_the_post_and_hides_what_the_reader_cannot_see(client):
    topic = make_topic(make_community())
    reply = make_reply(topic)
    hidden_topic = make_topic(make_community(visibility="members"))
    db.session.commit()
    response = client.get(f"/p/{reply.id}")
    assert response.status_code == 302
    assert unquote(response.location) == f"/t/{topic.slug}/{topic.id}/2"
    hidden_post = db.session.scalars(select(Post).where(Post.topic_id == hidden_topic.id)).one()
    assert client.get(f"/p/{hidden_post.id}").status_code == 404
    assert client.get("/p/999999").status_code == 404


def test_a_post_lists_the_replies_to_it_with_links_wherever_they_are(app, client, community):
    app.config["POSTS_PER_PAGE"] = 3
    topic = make_topic(community)
    answerer = make_member(community)
    for _ in range(3):
        make_reply(topic)
    make_reply(topic, answerer, reply_to=1)  # post 5, on the second page
    first_page = client.get(topic_url(topic)).text
    assert "ردّ واحد على هذه المشاركة" in first_page
    assert f'href="{topic_url(topic, "/5")}">#5' in first_page
