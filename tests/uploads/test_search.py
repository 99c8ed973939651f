"""Search finds posts by the names of the files they show and by the text inside their
documents, read in the background; never by a file a reader may not have."""

import pytest

from forum.extensions import db
from forum.models import Upload
from forum.search import search
from forum.services import uploads
from tests.factories import make_community, make_member, make_topic, make_user
from tests.uploads import files

pytestmark = pytest.mark.usefixtures("search")


def titles(user, text):
    return [hit.post.topic.title for hit in search(user, text).hits]


@pytest.mark.parametrize(
    "name, data",
    [
        ("plan.pdf", files.pdf("photosynthesis worksheet")),
        ("plan.docx", files.docx("خطة درس التمثيل الضوئي photosynthesis")),
        ("plan.odt", files.odt("خطة درس التمثيل الضوئي photosynthesis")),
    ],
    ids=["pdf", "docx", "odt"],
)
def test_the_text_inside_a_document_finds_its_post(app, store, name, data):
    community = make_community()
    author = make_member(community)
    document = uploads.receive(author, name, data)
    assert "photosynthesis" in db.session.get(Upload, document.id).text
    make_topic(community, author, title="خطة مشتركة للعلوم", raw=f"المرفق: {uploads.markdown(document)}")
    assert titles(author, "photosynthesis") == ["خطة مشتركة للعلوم"]


def test_a_file_name_finds_its_post_and_a_members_only_file_stays_hidden(app, store):
    open_circle, closed = make_community("open"), make_community("closed", visibility="members")
    author = make_member(open_circle)
    sheet = uploads.receive(author, "سلم تقدير الكتابة.csv", "المعيار,الدرجة\n".encode())
    make_topic(open_circle, author, title="أداة للتقييم", raw=uploads.markdown(sheet))
    insider = make_member(closed)
    secret = uploads.receive(insider, "notes.txt", b"confidential appraisal")
    make_topic(closed, insider, title="ملاحظات داخلية", raw=uploads.markdown(secret))
    outsider = make_user()
    assert titles(outsider, "تقدير الكتابة") == ["أداة للتقييم"]
    assert titles(outsider, "appraisal") == []
    assert titles(insider, "appraisal") == ["ملاحظات داخلية"]
