"""A profile picture in place of the letter, and one's files in the ZIP of one's data."""

import io
import json
import zipfile

from PIL import Image

from forum.extensions import db
from forum.services import deletion, uploads
from tests.factories import PASSWORD, emailed_path, make_community, make_member, make_topic, make_user, sent_mail
from tests.uploads import files


def test_a_member_chooses_a_picture_cut_square_and_everyone_sees_it(app, client, auth, store):
    community = make_community()
    rania = make_member(community, make_user("rania", display_name="رانيا"))
    topic = make_topic(community, rania)
    auth.login(rania)
    page = client.get("/my/preferences").text
    assert 'name="avatar"' in page and 'enctype="multipart/form-data"' in page
    response = client.post(
        "/my/avatar",
        data={"avatar": (io.BytesIO(files.photo(900, 600, gps=True)), "me.jpg")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    db.session.refresh(rania)
    picture = f"/uploads/{rania.avatar_sha256}.webp"
    auth.logout()
    assert picture in client.get(f"/t/{topic.slug}/{topic.id}").text, "beside their posts, signed out too"
    served = client.get(picture)
    assert served.status_code == 200
    image = Image.open(io.BytesIO(served.data))
    assert image.size == (256, 256) and dict(image.getexif()) == {}


def test_a_picture_that_is_not_an_image_is_refused_with_the_reason(client, auth, store):
    rania = make_member(make_community())
    auth.login(rania)
    response = client.post(
        "/my/avatar",
        data={"avatar": (io.BytesIO(files.pdf("x")), "me.jpg")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "JPEG" in response.text and "PNG" in response.text
    db.session.refresh(rania)
    assert rania.avatar_sha256 is None


def test_removing_the_picture_or_the_account_brings_the_letter_back(app, client, auth, store):
    rania = make_member(make_community())
    uploads.receive_avatar(rania, "me.png", files.png(300, 300))
    picture = f"/uploads/{rania.avatar_sha256}.webp"
    auth.login(rania)
    client.post("/my/avatar", data={"remove": "1"})
    db.session.refresh(rania)
    assert rania.avatar_sha256 is None
    uploads.receive_avatar(rania, "me.png", files.png(300, 300))
    deletion.delete_own_account(rania, PASSWORD)
    auth.logout()
    assert client.get(picture).status_code == 404


def test_the_zip_of_ones_data_holds_ones_files(app, client, auth, store):
    community = make_community()
    rania = make_member(community, make_user("rania", email="rania@example.org"))
    sheet = uploads.receive(rania, "ورقة عمل.docx", files.docx("ورقة"))
    make_topic(community, rania, raw=uploads.markdown(sheet))
    uploads.receive(make_user(), "other.txt", b"not hers")
    auth.login(rania)
    client.post("/my/export")
    (message,) = [m for m in sent_mail() if "/my/export/" in m.get_body(("plain",)).get_content()]
    archive = zipfile.ZipFile(io.BytesIO(client.get(emailed_path(message, "/my/export/")).data))
    (listed,) = json.loads(archive.read("files.json"))
    assert listed["name"] == "ورقة عمل.docx" and listed["file"] == f"files/{sheet.sha256}.docx"
    with uploads.open_file(sheet) as stored:
        assert archive.read(listed["file"]) == stored.read()
