"""Bookmarks without HTTP."""

import pytest
from sqlalchemy import func, select

from forum import permissions, queries
from forum.extensions import db
from forum.models import Bookmark, Membership
from forum.services import bookmarks
from forum.services.errors import AlreadyDone, InvalidInput
from tests.factories import make_community, make_member, make_reply, make_topic


def test_a_bookmark_keeps_a_cleaned_note_and_a_second_one_changes_it(community, member):
    post = make_reply(make_topic(community))
    bookmarks.bookmark(member, post, "  فكرة \u202eجيدة\u200b للصف السابع ")
    bookmarks.bookmark(member, post, "أجرّبها الأسبوع القادم")
    marks = db.session.scalars(select(Bookmark)).all()
    assert [(m.user_id, m.post_id, m.note) for m in marks] == [(member.id, post.id, "أجرّبها الأسبوع القادم")]


def test_bidi_overrides_and_invisible_characters_leave_the_note(community, member):
    post = make_reply(make_topic(community))
    assert bookmarks.bookmark(member, post, "فكرة \u202eجيدة\u200b").note == "فكرة جيدة"


def test_an_overlong_note_is_refused_and_the_old_note_kept(community, member):
    post = make_reply(make_topic(community))
    bookmarks.bookmark(member, post, "قديم")
    with pytest.raises(InvalidInput):
        bookmarks.bookmark(member, post, "ن" * 501)
    db.session.expire_all()
    assert db.session.scalars(select(Bookmark.note)).one() == "قديم"


def test_removing_twice_is_already_done(community, member):
    post = make_reply(make_topic(community))
    bookmarks.bookmark(member, post)
    bookmarks.remove_bookmark(member, post)
    with pytest.raises(AlreadyDone):
        bookmarks.remove_bookmark(member, post)
    assert db.session.scalar(select(func.count(Bookmark.id))) == 0


def test_the_list_leaves_out_posts_the_user_can_no_longer_see(community, member):
    private = make_community(visibility="members")
    insider = make_member(private, make_member(community))
    kept = make_reply(make_topic(community))
    hidden = make_reply(make_topic(private))
    deleted = make_reply(make_topic(community))
    for post in (kept, hidden, deleted):
        bookmarks.bookmark(insider, post)
    deleted.deleted_at = deleted.created_at
    db.session.commit()
    assert [m.post_id for m in queries.bookmarks_of(insider).items] == [hidden.id, kept.id]
    db.session.delete(db.session.get(Membership, (insider.id, private.id)))
    db.session.commit()
    permissions.forget_community_roles(insider)
    assert [m.post_id for m in queries.bookmarks_of(insider).items] == [kept.id]
