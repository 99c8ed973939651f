"""What happens to a file between the member's upload and the store: its type read from its
content, images cleaned and made smaller, limits, names, and files nothing shows removed."""

import io
from datetime import timedelta

import pytest
from flask_babel import force_locale
from PIL import Image
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import PostUpload, Upload
from forum.models.base import utcnow
from forum import textread
from forum.services import uploads
from forum.services.errors import InvalidInput, NotAllowed
from forum.services import accounts
from tests.factories import PASSWORD, make_community, make_member, make_reply, make_topic
from tests.uploads import files


@pytest.fixture(autouse=True)
def english(app):
    """The messages asserted here are the English ones."""
    with force_locale("en"):
        yield


@pytest.fixture
def member(app):
    return make_member(make_community())


def stored(store, upload, width=None):
    handle = store.open(uploads.key(upload.sha256, upload.extension, width))
    with handle:
        return handle.read()


def refused(member, name, data, store):
    with pytest.raises(InvalidInput) as error:
        uploads.receive(member, name, data)
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    assert store.keys() == []
    return error.value.message


def test_a_photo_is_stored_upright_without_where_it_was_taken(member, store):
    # Taken with the phone turned (EXIF orientation 6: the pixels lie on their side).
    upload = uploads.receive(member, "السبورة.jpg", files.photo(1600, 1200, orientation=6, gps=True))
    image = Image.open(io.BytesIO(stored(store, upload)))
    assert (image.width, image.height) == (upload.width, upload.height) == (1200, 1600)
    assert dict(image.getexif()) == {}, "no EXIF at all: no GPS, no maker, no orientation left to apply"
    assert "xmp" not in image.info and "exif" not in image.info
    assert upload.content_type == "image/jpeg" and upload.filename == "السبورة.jpg"
    assert upload.thumbnail_widths == [320, 640]
    for width in upload.thumbnail_widths:
        thumb = Image.open(io.BytesIO(stored(store, upload, width)))
        assert thumb.format == "WEBP" and thumb.width == width and dict(thumb.getexif()) == {}


def test_the_same_file_twice_is_stored_once(member, store):
    first = uploads.receive(member, "a.png", files.png())
    again = uploads.receive(member, "b.png", files.png())
    other = uploads.receive(make_member(make_community()), "c.png", files.png())
    assert again.id == first.id and other.id != first.id and other.sha256 == first.sha256
    assert store.keys() == [uploads.key(first.sha256, "png")]


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("page.png", files.HTML, "cannot be shared"),
        ("drawing.png", files.SVG, "cannot be shared"),
        ("drawing.svg", files.SVG, "cannot be shared"),
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 200, "cannot be shared"),
        ("archive.docx", files.zipped({"a.txt": "x"}), "cannot be shared"),
        ("empty.jpg", b"", "empty"),
        ("cut.jpg", files.photo()[:3000], "damaged"),
        ("bomb.png", files.huge_png(), "too large"),
        ("latin1.txt", "café crème".encode("latin-1"), "UTF-8"),
    ],
    ids=["html-as-png", "svg-as-png", "svg", "program", "zip", "empty", "truncated", "bomb", "not-utf8"],
)
def test_a_file_that_is_not_what_the_forum_takes_is_refused_and_nothing_is_stored(member, store, name, data, says):
    with pytest.raises(InvalidInput) as error:
        uploads.receive(member, name, data)
    assert says in error.value.message
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    assert store.keys() == []


def test_a_gif_carrying_script_is_stored_as_its_pixels_only(member, store):
    polyglot = files.gif() + b"\n/*" + b"*/=1;alert(document.domain)//"
    upload = uploads.receive(member, "x.gif", polyglot)
    assert b"alert" not in stored(store, upload)
    assert upload.content_type == "image/gif"


def test_a_zip_bomb_dressed_as_a_document_is_refused(app, member, store):
    bomb = files.zipped({"[Content_Types].xml": "x", "word/document.xml": "a" * (uploads.ZIP_MAX_UNPACKED + 1)})
    assert len(bomb) < 100_000
    refused(member, "big.docx", bomb, store)


@pytest.mark.parametrize(
    "name, data, content_type, extension",
    [
        ("lesson.PDF", files.pdf("lesson plan"), "application/pdf", "pdf"),
        (
            "plan",
            files.docx("خطة الدرس"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        ("plan.doc", files.odt("خطة"), "application/vnd.oasis.opendocument.text", "odt"),
        ("marks.csv", "الاسم,العلامة\nعلي,18\n".encode(), "text/csv", "csv"),
        ("notes.md", "ملاحظات الاجتماع".encode(), "text/plain", "txt"),
    ],
    ids=["pdf", "docx", "odt", "csv", "text"],
)
def test_documents_are_typed_by_their_content_and_named_by_it(member, store, name, data, content_type, extension):
    upload = uploads.receive(member, name, data)
    assert (upload.content_type, upload.extension) == (content_type, extension)
    assert upload.filename.endswith("." + extension) and upload.width is None
    assert stored(store, upload) == data


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\hala\\خطة.txt", "خطة.txt"),
        ("exe\u202etxt.exe.txt", "exetxt.exe.txt"),
        ("a\x00b\nc.txt", "abc.txt"),
        ("...", "file.txt"),
        ("ملف" * 100 + ".txt", ("ملف" * 100)[:116] + ".txt"),
    ],
    ids=["path", "windows-path", "bidi-override", "controls", "dots", "long"],
)
def test_file_names_are_cleaned(member, store, sent, kept):
    assert uploads.receive(member, sent, "نص".encode()).filename == kept


def test_limits_a_day_and_in_all(app, member, store):
    member.created_at = utcnow() - timedelta(days=30)
    member.trust_level = 1
    db.session.commit()
    app.config.update(UPLOAD_DAY_BYTES=4000, UPLOAD_TOTAL_BYTES=5000)
    uploads.receive(member, "a.txt", b"a" * 2000)
    with pytest.raises(InvalidInput, match="a day"):
        uploads.receive(member, "b.txt", b"b" * 2500)
    db.session.execute(db.update(Upload).values(created_at=utcnow() - timedelta(days=2)))
    uploads.receive(member, "c.txt", b"c" * 2000)
    with pytest.raises(InvalidInput, match="most one member may keep"):
        uploads.receive(member, "d.txt", b"d" * 1500)
    app.config["UPLOAD_MAX_BYTES"] = 100
    with pytest.raises(InvalidInput, match="too large"):
        uploads.receive(member, "e.txt", b"e" * 101)


def test_a_new_account_uploads_less_a_day(app, member, store):
    app.config.update(UPLOAD_DAY_BYTES=10_000, NEW_USER_UPLOAD_DAY_BYTES=1000)
    with pytest.raises(InvalidInput, match="a day"):
        uploads.receive(member, "a.txt", b"a" * 2000)


def test_an_account_that_may_not_post_may_not_upload(app, store):
    with pytest.raises(NotAllowed):
        unconfirmed = accounts.register_user("newcomer", "newcomer@example.org", PASSWORD, email_confirmed=False)
        uploads.receive(unconfirmed, "a.txt", b"hello")


def test_files_nothing_shows_are_removed_after_the_grace_period(app, member, store):
    community = make_community("files")
    author = make_member(community)
    kept = uploads.receive(author, "kept.png", files.png())
    make_topic(community, author, raw=f"الصورة {uploads.markdown(kept)}")
    gone = {uploads.receive(author, "draft.jpg", files.photo(800, 600)).id}
    gone.add(uploads.receive(member, "forgotten.txt", b"forgotten").id)
    assert uploads.remove_orphans() == 0, "within the grace period"
    later = utcnow() + timedelta(hours=app.config["UPLOAD_ORPHAN_HOURS"] + 1)
    assert uploads.remove_orphans(now=later) == 2
    assert db.session.scalars(select(Upload.id)).all() == [kept.id]
    assert store.keys() == [uploads.key(kept.sha256, "png")], "the photo's thumbnails too"
    assert gone.isdisjoint(db.session.scalars(select(Upload.id)))


def test_a_post_records_the_files_it_shows_and_an_edit_changes_them(app, member, store):
    community = make_community("shown")
    author = make_member(community)
    image, sheet = uploads.receive(author, "a.jpg", files.photo(700, 500)), uploads.receive(author, "s.csv", b"a,b\n")
    topic = make_topic(community, author, raw=f"{uploads.markdown(image)}\n\n{uploads.markdown(sheet)}")
    rows = db.session.scalars(select(PostUpload).order_by(PostUpload.filename)).all()
    assert [(r.filename, r.is_image) for r in rows] == [("a.jpg", True), ("s.csv", False)]
    from forum.services import revising
    from forum.models import Post

    post = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).one()
    revising.revise_post(author, post, f"بلا صورة {uploads.markdown(sheet)}", base_version=post.version)
    assert db.session.scalars(select(PostUpload.filename)).all() == ["s.csv"]
    reply = make_reply(topic, author, raw=uploads.markdown(image))
    assert db.session.scalars(select(PostUpload.post_id).where(PostUpload.sha256 == image.sha256)).all() == [reply.id]


@pytest.mark.parametrize(
    "data, says",
    [
        (files.gif_growing(), "too large"),
        (files.gif_animation(frames=320, width=8, height=8), "too large"),
        (files.gif_animation(frames=3)[:-40] + b"\x00" * 39 + b";", "damaged"),
    ],
    ids=["frame-larger-than-canvas", "too-many-frames", "broken-later-frame"],
)
def test_an_animation_that_would_decode_past_the_limits_is_refused(member, store, data, says):
    assert says in refused(member, "a.gif", data, store)


def test_an_animation_keeps_its_frames_and_has_no_still_thumbnails(member, store):
    upload = uploads.receive(member, "a.gif", files.gif_animation(frames=3, width=700, height=400))
    assert upload.thumbnail_widths == []
    assert Image.open(io.BytesIO(stored(store, upload))).n_frames == 3


@pytest.mark.parametrize(
    "data",
    [
        files.zipped({"mimetype": "application/vnd.oasis.opendocument.text"})[:60] + b"\xff" * 200,
        b"PK\x03\x04" + b"\x00" * 100,
    ],
    ids=["damaged-zip", "zip-header-only"],
)
def test_a_damaged_document_is_refused_not_a_crash(member, store, data):
    assert "cannot be shared" in refused(member, "a.odt", data, store)


def test_the_text_of_a_document_too_large_to_read_is_left_unread(member, store):
    big = files.zipped(
        {
            "[Content_Types].xml": "x",
            "word/document.xml": "<w:document>" + "a" * (textread.PART_MAX + 1) + "</w:document>",
        }
    )
    upload = uploads.receive(member, "big.docx", big)
    assert db.session.get(Upload, upload.id).text == ""


def test_uploading_a_file_again_gives_it_the_new_name_and_a_new_grace_period(app, member, store):
    first = uploads.receive(member, "أمل حداد - ملاحظات.txt", b"notes")
    db.session.execute(db.update(Upload).values(created_at=utcnow() - timedelta(days=3)))
    db.session.commit()
    again = uploads.receive(member, "notes.txt", b"notes")
    assert again.id == first.id and again.filename == "notes.txt" and "أمل" not in uploads.markdown(again)
    assert uploads.remove_orphans() == 0, "just uploaded again"


def test_the_same_text_as_txt_and_as_csv_is_served_as_each(app, client, store):
    community = make_community()
    alice, bob = make_member(community), make_member(community)
    as_csv, as_txt = uploads.receive(alice, "x.csv", b"a,b\n"), uploads.receive(bob, "x.txt", b"a,b\n")
    make_topic(community, alice, raw=uploads.markdown(as_csv))
    make_topic(community, bob, raw=uploads.markdown(as_txt))
    assert client.get(uploads.address(as_csv)).status_code == 200
    assert client.get(uploads.address(as_txt)).status_code == 200


def test_a_document_that_would_take_the_reader_too_long_is_left_unread(monkeypatch):
    monkeypatch.setattr(textread, "TIMEOUT_SECONDS", 0.001)
    assert textread.read("docx", files.docx("never read")) == ""
    assert textread.read("pdf", b"%PDF-1.4 not really") == ""
