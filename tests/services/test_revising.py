from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import Post, PostRevision
from forum.models.base import utcnow
from forum.services import revising
from forum.services.errors import EditConflict, NotAllowed
from tests.factories import make_member, make_topic, make_user


def first_post(topic):
    return db.session.scalars(db.select(Post).where(Post.topic_id == topic.id, Post.post_number == 1)).one()


def test_an_edit_keeps_the_old_text_as_a_revision_and_recooks(community, member):
    post = first_post(make_topic(community, member, raw="النص الأول"))
    revision = revising.revise_post(member, post, "النص **المعدل**", reason="تصحيح")
    assert (revision.number, revision.raw_before, revision.raw_after, revision.reason) == (
        2,
        "النص الأول",
        "النص **المعدل**",
        "تصحيح",
    )
    assert post.version == 2 and "<strong>المعدل</strong>" in post.cooked


def test_quick_successive_edits_by_the_author_amend_the_last_revision(app, community, member):
    post = first_post(make_topic(community, member, raw="الأصل"))
    now = utcnow()
    revising.revise_post(member, post, "تعديل أول", at=now)
    revising.revise_post(member, post, "تعديل ثان", at=now + timedelta(seconds=60))
    revisions = revising.post_revisions(post)
    assert [(r.number, r.raw_before, r.raw_after) for r in revisions] == [(2, "الأصل", "تعديل ثان")]
    assert post.version == 2


def test_an_edit_after_the_grace_window_adds_a_revision(app, community, member):
    post = first_post(make_topic(community, member, raw="الأصل"))
    now = utcnow()
    revising.revise_post(member, post, "تعديل أول", at=now)
    later = now + timedelta(seconds=app.config["EDIT_GRACE_SECONDS"] + 1)
    revising.revise_post(member, post, "تعديل ثان", at=later)
    assert [(r.number, r.raw_before) for r in revising.post_revisions(post)] == [(2, "الأصل"), (3, "تعديل أول")]


def test_an_edit_by_someone_else_within_the_window_is_its_own_revision(community, member):
    coordinator = make_member(community, role="coordinator")
    post = first_post(make_topic(community, member, raw="الأصل"))
    revising.revise_post(member, post, "تعديل الكاتبة")
    revising.revise_post(coordinator, post, "تعديل المنسق")
    assert [r.editor_id for r in revising.post_revisions(post)] == [member.id, coordinator.id]


@pytest.mark.parametrize("who", ["another member", "outsider"])
def test_people_other_than_the_author_and_staff_cannot_edit(community, member, who):
    post = first_post(make_topic(community, member, raw="الأصل"))
    editor = make_member(community) if who == "another member" else make_user()
    with pytest.raises(NotAllowed):
        revising.revise_post(editor, post, "تخريب")
    db.session.refresh(post)
    assert post.raw == "الأصل" and post.version == 1


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_site_staff_can_edit_any_post(community, member, role):
    post = first_post(make_topic(community, member, raw="الأصل"))
    revising.revise_post(make_user(role=role), post, "تصحيح من الإشراف")
    assert post.raw == "تصحيح من الإشراف"


def test_an_edit_started_from_an_older_version_is_refused_without_writing(community, member):
    post = first_post(make_topic(community, member, raw="الأصل"))
    revising.revise_post(member, post, "تعديل أول")
    with pytest.raises(EditConflict):
        revising.revise_post(member, post, "تعديل من نسخة قديمة", base_version=1)
    db.session.refresh(post)
    assert post.raw == "تعديل أول"


def test_editing_the_opening_post_can_retitle_the_topic(community, member):
    topic = make_topic(community, member, title="عنوان أول طويل")
    revision = revising.revise_post(member, first_post(topic), "النص", title="عنوان أوضح للموضوع")
    assert (revision.title_before, revision.title_after) == ("عنوان أول طويل", "عنوان أوضح للموضوع")
    db.session.refresh(topic)
    assert topic.title == "عنوان أوضح للموضوع" and topic.slug == "عنوان-أوضح-للموضوع"


def test_saving_unchanged_text_writes_no_revision(community, member):
    post = first_post(make_topic(community, member, raw="الأصل"))
    assert revising.revise_post(member, post, "الأصل\n") is None
    assert db.session.scalar(db.select(db.func.count(PostRevision.id))) == 0


def test_word_diff_shows_what_was_removed_and_added():
    assert revising.diff_words("جربت النشاط مع الصف الثامن", "جربت النشاط مع الصف التاسع") == [
        ("same", "جربت النشاط مع الصف"),
        ("removed", "الثامن"),
        ("added", "التاسع"),
    ]
