"""Uploading from the composer, with its script or without, and who is served which file."""

import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, Upload
from forum.services import messages, moderation, recooking, revising, uploads
from forum.services.errors import StorageUnavailable
from tests.factories import make_community, make_member, make_reply, make_topic, make_user, topic_url
from tests.uploads import files


def upload(client, name, data):
    return client.post("/uploads", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def writer(app):
    return make_member(make_community("open"))


def test_an_image_uploaded_from_the_composer_shows_in_the_post(app, client, auth, writer, store):
    auth.login(writer)
    response = upload(client, "board.jpg", files.photo(1600, 1200, gps=True))
    assert response.status_code == 201
    answer = response.get_json()
    assert answer["image"] and answer["name"] == "board.jpg"
    assert re.fullmatch(r"!\[board\.jpg\]\(/uploads/[0-9a-f]{64}\.jpg\)", answer["markdown"])
    community = communities_of(writer)
    topic = make_topic(community, writer, raw="صورة السبورة:\n\n" + answer["markdown"])
    page = client.get(topic_url(topic)).text
    image = re.search(r"<img [^>]*>", page).group()
    sha = answer["url"][9:73]
    assert f'src="/uploads/{sha}-640.webp"' in image
    assert f"/uploads/{sha}-320.webp 320w" in image and f"/uploads/{sha}-1280.webp 1280w" in image
    assert 'width="1600"' in image and 'height="1200"' in image and 'loading="lazy"' in image
    assert re.search(rf'<a (?=[^>]*href="/uploads/{sha}\.jpg")(?=[^>]*class="upload-image")', page), (
        "a tap opens it whole"
    )

    thumb = client.get(f"/uploads/{sha}-640.webp")
    assert thumb.status_code == 200 and thumb.mimetype == "image/webp"
    assert Image.open(io.BytesIO(thumb.data)).width == 640
    whole = client.get(answer["url"])
    assert whole.status_code == 200 and whole.mimetype == "image/jpeg"
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in whole.headers["Content-Security-Policy"]
    assert whole.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert "attachment" not in whole.headers.get("Content-Disposition", "")
    assert client.get(answer["url"], headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304


def communities_of(user):
    from forum.models import Community, Membership

    return db.session.scalars(select(Community).join(Membership).where(Membership.user_id == user.id)).first()


def test_a_document_downloads_with_its_name_type_and_size(app, client, auth, writer, store):
    auth.login(writer)
    answer = upload(client, "خطة الدرس.pdf", files.pdf("lesson plan")).get_json()
    assert answer["markdown"].startswith("[خطة الدرس.pdf](/uploads/")
    topic = make_topic(communities_of(writer), writer, raw="الخطة: " + answer["markdown"])
    page = client.get(topic_url(topic)).text
    assert 'class="attachment"' in page and "PDF, 1 KB" in page
    assert 'class="post-files"' in page, "listed under the post"
    response = client.get(answer["url"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]


def test_a_refused_file_gets_its_reason_in_the_members_language(app, client, auth, writer, store):
    auth.login(writer)
    response = upload(client, "page.png", files.HTML)
    assert response.status_code == 422
    assert "لا يمكن مشاركة" in response.get_json()["error"]
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    assert upload(client, "", b"").status_code == 400


def test_a_file_over_the_size_limit_is_refused(app, client, auth, writer, store):
    app.config.update(UPLOAD_MAX_BYTES=1000, MAX_CONTENT_LENGTH=2000)
    auth.login(writer)
    response = upload(client, "big.txt", b"x" * 1001)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    too_big = upload(client, "huge.txt", b"x" * 10_000)  # past what any form may carry
    assert too_big.status_code == 413


def test_signed_out_visitors_cannot_upload(client, store):
    response = upload(client, "a.txt", b"hello")
    assert response.status_code in (302, 401)
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0


def test_without_javascript_the_files_go_with_the_form(app, client, auth, writer, store):
    auth.login(writer)
    topic = make_topic(communities_of(writer), writer)
    response = client.post(
        f"/t/{topic.id}/reply",
        data={
            "raw": "مرفق ورقة العمل",
            "files": [(io.BytesIO("سؤال ١".encode()), "ورقة.txt"), (io.BytesIO(files.png()), "شكل.png")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    reply = db.session.scalars(select(Post).where(Post.topic_id == topic.id, Post.post_number == 2)).one()
    assert reply.raw.startswith("مرفق ورقة العمل\n\n[ورقة.txt](/uploads/") and "![شكل.png](/uploads/" in reply.raw
    assert "<img " in reply.cooked and 'class="attachment"' in reply.cooked


def test_without_javascript_a_refused_file_shows_the_form_again_with_the_text(app, client, auth, writer, store):
    auth.login(writer)
    topic = make_topic(communities_of(writer), writer)
    response = client.post(
        f"/t/{topic.id}/reply",
        data={"raw": "نص أحرص عليه", "files": [(io.BytesIO(files.SVG), "a.svg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "نص أحرص عليه" in response.text and "a.svg" in response.text
    assert db.session.scalar(select(func.count()).select_from(Post).where(Post.topic_id == topic.id)) == 1


def test_a_members_only_communitys_files_reach_only_its_readers(app, client, auth, store):
    closed = make_community("closed", visibility="members")
    member = make_member(closed)
    image = uploads.receive(member, "a.png", files.png(700, 500))
    make_topic(closed, member, raw=uploads.markdown(image))
    addresses = [uploads.address(image), uploads.address(image, 320), uploads.address(image, 640)]
    readers = [None, make_member(make_community("elsewhere")), make_member(closed)]
    for url in addresses:
        assert statuses(client, auth, url, readers) == [404, 404, 200]
    assert client.get(uploads.address(image, 1280)).status_code == 404, "no such thumbnail: the image is 700 wide"
    assert client.get(uploads.address(image).replace(".png", ".jpg")).status_code == 404


def statuses(client, auth, url, readers):
    """The status each reader (None: signed out) gets for url."""
    found = []
    for reader in readers:
        auth.logout()
        if reader is not None:
            auth.login(reader)
        found.append(client.get(url).status_code)
    return found


def test_a_draft_upload_is_its_uploaders_alone(app, client, auth, writer, store):
    draft = uploads.receive(writer, "draft.txt", "مسودة".encode())
    other = make_member(communities_of(writer))
    # Writing its address into a post neither shows the file nor opens it to anyone.
    topic = make_topic(communities_of(writer), other, raw=f"انظر {uploads.markdown(draft)}")
    cooked = db.session.scalars(select(Post.cooked).where(Post.topic_id == topic.id)).one()
    assert 'class="attachment"' not in cooked
    assert statuses(client, auth, uploads.address(draft), [None, other, writer]) == [404, 404, 200]


def test_a_hidden_or_deleted_posts_files_follow_the_post(app, client, auth, store):
    community = make_community("c")
    author, reader = make_member(community), make_member(community)
    coordinator = make_member(community, role="coordinator")
    topic = make_topic(community, author)
    sheet = uploads.receive(author, "a.txt", b"answers")
    reply = make_reply(topic, author, raw=uploads.markdown(sheet))
    url = uploads.address(sheet)
    assert statuses(client, auth, url, [None, reader]) == [200, 200]
    moderation.hide_post(coordinator, reply, "خارج الموضوع")
    assert statuses(client, auth, url, [None, reader, author, coordinator]) == [404, 404, 200, 200]
    moderation.delete_post(coordinator, reply, "مكرر")
    assert statuses(client, auth, url, [None, reader, coordinator]) == [404, 404, 200]


def test_a_private_messages_files_reach_its_participants_only(app, client, auth, store):
    community = make_community("c")
    mentor, teacher, outsider = make_member(community), make_member(community), make_member(community)
    note = uploads.receive(mentor, "ملاحظات الزيارة.docx", files.docx("ملاحظات"))
    messages.start_conversation(mentor, [teacher], "زيارة صفية", f"ملاحظاتي {uploads.markdown(note)}")
    assert statuses(client, auth, uploads.address(note), [None, outsider, teacher]) == [404, 404, 200]


@pytest.mark.parametrize("name", ["x" * 64 + ".png", "../../secret_key", "%2e%2e", "a" * 1000, "1" * 70 + ".jpg"])
def test_an_address_that_names_no_file_is_a_404(client, name, store):
    assert client.get("/uploads/" + name).status_code == 404


def test_a_moderators_edit_shows_no_file_the_author_could_not(app, client, auth, store):
    closed, open_circle = make_community("closed", visibility="members"), make_community("open")
    alice = make_member(closed)
    secret = uploads.receive(alice, "secret.pdf", files.pdf("secret"))
    make_topic(closed, alice, raw=uploads.markdown(secret))
    carol = make_member(open_circle)
    topic = make_topic(open_circle, carol, raw=f"look [here]({uploads.address(secret)})")
    post = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).one()
    admin = make_user(role="admin")
    revising.revise_post(admin, post, post.raw + " (typo fixed)", base_version=post.version)
    assert 'class="attachment"' not in db.session.get(Post, post.id).cooked
    assert statuses(client, auth, uploads.address(secret), [None, carol]) == [404, 404]


def test_cooking_again_shows_no_new_file(app, client, store):
    community = make_community()
    dave, carol = make_member(community), make_member(community)
    draft = uploads.receive(dave, "draft.jpg", files.photo(400, 300))
    make_topic(community, carol, raw=uploads.markdown(draft))
    shown = uploads.receive(carol, "mine.png", files.png())
    make_topic(community, carol, raw=uploads.markdown(shown))
    recooking.recook_posts(everything=True)
    assert client.get(uploads.address(draft)).status_code == 404
    assert client.get(uploads.address(shown)).status_code == 200, "what a post showed, it shows still"


def test_another_members_name_for_the_same_file_is_never_shown(app, client, auth, store):
    closed, open_circle = make_community("closed", visibility="members"), make_community("open")
    alice, bob = make_member(closed), make_member(open_circle)
    letter = files.pdf("letter")
    secret = uploads.receive(alice, "Disciplinary letter Tom Smith.pdf", letter)
    make_topic(closed, alice, raw=uploads.markdown(secret))
    public = uploads.receive(bob, "worksheet.pdf", letter)
    topic = make_topic(open_circle, bob, title="ورقة عمل عامة", raw=uploads.markdown(public))
    assert "Tom Smith" not in client.get(topic_url(topic)).text
    download = client.get(uploads.address(public))
    assert download.status_code == 200 and "worksheet.pdf" in download.headers["Content-Disposition"]
    assert "Tom" not in download.headers["Content-Disposition"]
    auth.login(alice)
    assert "Tom" in client.get(uploads.address(public)).headers["Content-Disposition"], "the uploader's own name"


def test_a_store_that_does_not_answer_is_a_503_with_the_reason_and_nothing_kept(
    app, client, auth, writer, store, monkeypatch
):
    def refuse(*args, **kwargs):
        raise StorageUnavailable()

    monkeypatch.setattr(type(store), "put", refuse)
    auth.login(writer)
    response = upload(client, "a.txt", b"hello")
    assert response.status_code == 503 and response.get_json()["error"]
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0


def test_a_signed_out_visitor_cannot_send_a_large_body(app, protected_client, store):
    # Read by the CSRF check before any view: the limit for files is a signed-in member's.
    response = protected_client.post(
        "/uploads",
        data={"file": (io.BytesIO(b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
