"""Taking one's data: a ZIP prepared in the background, its link emailed, for the member alone."""

import io
import os
import time
import json
import zipfile

from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
from forum.services import bookmarks, deletion, export, messages, reactions
from tests.factories import PASSWORD, emailed_path, make_member, make_reply, make_topic, make_user, sent_mail

ENGLISH = {"Accept-Language": "en"}


def test_a_member_downloads_a_zip_of_what_they_wrote_and_kept(client, auth, community):
    rania = make_member(community, make_user("rania", email="rania@example.org"))
    topic = make_topic(
        community, rania, kind="failures", title="تجربتي مع التعلم بالمشاريع", raw="بدأنا **بمشروع** صغير"
    )
    reply = make_reply(topic, make_member(community), raw="ما المدة التي استغرقها؟")
    make_reply(topic, rania, raw="ثلاثة أسابيع", anonymous=True)
    reactions.react(rania, reply, "thanks")
    bookmarks.bookmark(rania, reply, "للعودة إليه")
    mentor = make_user()
    conversation = messages.start_conversation(rania, [mentor], "سؤال للموجهة", "هل أبدأ بالمشروع الصغير؟")
    messages.reply(mentor, conversation, "نعم، ابدئي به")
    auth.login(rania)
    assert "/my/export" in client.get("/my/preferences").text
    asked = client.post("/my/export", headers=ENGLISH, follow_redirects=True)
    assert "being prepared" in asked.text
    (message,) = [m for m in sent_mail() if "/my/export/" in m.get_body(("plain",)).get_content()]
    assert message["To"] == "rania@example.org"

    download = client.get(emailed_path(message, "/my/export/"))
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    posts = sorted(name for name in archive.namelist() if name.startswith("posts/"))
    assert posts == [f"posts/{topic.id}-1.md", f"posts/{topic.id}-3.md"], "their own anonymous post too"
    assert "بدأنا **بمشروع** صغير" in archive.read(posts[0]).decode() and topic.title in archive.read(posts[0]).decode()
    assert json.loads(archive.read("bookmarks.json"))[0]["note"] == "للعودة إليه"
    assert json.loads(archive.read("reactions.json"))[0]["kind"] == "thanks"
    assert json.loads(archive.read("profile.json"))["email"] == "rania@example.org"
    assert isinstance(json.loads(archive.read("notifications.json")), list)
    (written,) = [name for name in archive.namelist() if name.startswith("messages/")]
    text = archive.read(written).decode()
    assert "سؤال للموجهة" in text and "هل أبدأ بالمشروع الصغير؟" in text, "their messages, not the others'"


def test_the_link_is_for_the_member_alone(app, client, auth, community):
    rania = make_member(community, make_user("rania"))
    auth.login(rania)
    client.post("/my/export")
    link = emailed_path(sent_mail()[0], "/my/export/")
    other = app.test_client()
    assert other.get(link).status_code == 302, "signed out: to the login page"
    other.post("/login", data={"login": make_user().username, "password": PASSWORD})
    assert other.get(link).status_code == 404
    assert client.get(link + "x").status_code == 404


def test_a_link_expires(app, client, auth):
    auth.login(make_user("rania"))
    client.post("/my/export")
    link = emailed_path(sent_mail()[0], "/my/export/")
    app.config["EXPORT_LINK_SECONDS"] = -1
    assert client.get(link).status_code == 410


def test_asking_while_one_is_being_prepared_is_a_friendly_already_done(client, auth):
    rania = make_user("rania")
    rania.export_requested_at = utcnow()
    db.session.commit()
    auth.login(rania)
    answer = client.post("/my/export", headers=ENGLISH, follow_redirects=True)
    assert answer.status_code == 200 and "being prepared" in answer.text
    assert sent_mail() == []


def test_deleting_the_account_removes_its_zips(client, auth):
    rania = make_user("rania")
    auth.login(rania)
    client.post("/my/export")
    assert list(export.folder().glob(f"{rania.id}-*.zip"))
    deletion.delete_own_account(db.session.get(User, rania.id), PASSWORD)
    assert list(export.folder().glob(f"{rania.id}-*.zip")) == []


def test_zips_whose_link_expired_are_removed_every_hour(app):
    export.folder().mkdir(parents=True)
    old, fresh = export.folder() / "1-old.zip", export.folder() / "2-fresh.zip"
    for path in (old, fresh):
        path.write_bytes(b"zip")
    stale = time.time() - app.config["EXPORT_LINK_SECONDS"] - 60
    os.utime(old, (stale, stale))
    export.remove_expired_exports()
    assert sorted(p.name for p in export.folder().iterdir()) == ["2-fresh.zip"]


def test_an_account_deleted_while_its_zip_is_made_gets_no_zip_and_no_email(client, auth, monkeypatch):
    rania = make_user("rania")
    write = export._write_zip

    def deleted_meanwhile(user, path):
        write(user, path)
        with db.engine.begin() as connection:
            connection.execute(
                db.text("UPDATE users SET deleted_at = CURRENT_TIMESTAMP, email = '' WHERE id = :id"), {"id": user.id}
            )

    monkeypatch.setattr(export, "_write_zip", deleted_meanwhile)
    auth.login(rania)
    client.post("/my/export")
    assert sent_mail() == [] and list(export.folder().glob("*.zip")) == []
