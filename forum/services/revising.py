"""Editing posts. Every edit is kept as a PostRevision; quick successive edits by the same
person within the grace window amend their last revision instead of adding one."""

import difflib
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from forum import events, permissions
from forum.extensions import db
from forum.markup import COOK_VERSION
from forum.models import Post, PostRevision
from forum.models.post import mark_topic_for_search
from forum.models.base import utcnow
from forum.services import moderation, transaction, uploads
from forum.services.content import cook_post, valid_body, valid_title
from forum.services.errors import EditConflict, NotAllowed
from forum.services.posting import topic_slug


def revise_post(editor, post, raw, *, title=None, reason="", base_version=None, at=None):
    """Change a post's source (and, for an opening post, its topic's title).

    base_version is the version the editor started from; if the post moved on since,
    EditConflict is raised and nothing is written. Returns the revision written or
    amended, or None when nothing changed.
    """
    topic = post.topic
    if not permissions.can_edit_post(editor, post, topic):
        raise NotAllowed()
    raw = valid_body(raw)
    new_title = valid_title(title) if (title is not None and post.is_first) else topic.title
    if base_version is not None and base_version != post.version:
        raise EditConflict()
    if raw == post.raw and new_title == topic.title:
        return None
    cooked = cook_post(
        raw, writer=editor, files_of=post.author, kept_files=uploads.files_shown_by([post.id]).get(post.id, ())
    )
    now = at or utcnow()
    old_title = topic.title if new_title != topic.title else None
    with transaction():
        revision = _amendable_revision(post, editor, now)
        if revision is None:
            revision = _add_revision(post, editor, raw, now, reason)
            if editor.id != post.user_id:
                # Only moderators edit others' posts (permissions.can_edit_post): the staff log keeps it.
                moderation.log(editor, "edit_post", post=post, reason=reason)
        revision.raw_after = raw
        revision.updated_at = now
        revision.reason = reason or revision.reason
        if old_title is not None:
            revision.title_before = revision.title_before or old_title
            revision.title_after = new_title
            _retitle(topic, new_title)
        post.raw, post.cooked, post.cook_version = raw, str(cooked), COOK_VERSION
        uploads.link(cooked, post=post)
        post.updated_at, post.search_dirty = now, True
    events.post_revised.send(post_id=post.id)
    return revision


def post_revisions(post) -> list[PostRevision]:
    stmt = (
        select(PostRevision)
        .where(PostRevision.post_id == post.id)
        .options(db.joinedload(PostRevision.editor))
        .order_by(PostRevision.number)
    )
    return list(db.session.scalars(stmt))


def diff_words(before: str, after: str) -> list[tuple[str, str]]:
    """A word-level diff as (op, text) pieces, op in 'same', 'removed', 'added'."""
    a, b = before.split(" "), after.split(" ")
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", " ".join(b[j1:j2])))
    return pieces


def _amendable_revision(post, editor, now):
    if post.version == 1:
        return None
    last = db.session.scalars(
        select(PostRevision).where(PostRevision.post_id == post.id, PostRevision.number == post.version)
    ).one()
    grace = timedelta(seconds=current_app.config["EDIT_GRACE_SECONDS"])
    if last.editor_id == editor.id and now - last.created_at <= grace:
        return last
    return None


def _add_revision(post, editor, raw, now, reason):
    # Claiming the next version with a compare-and-set keeps two simultaneous editors
    # from both writing revision N: the second one gets EditConflict.
    claimed = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.version == post.version)
        .values(version=Post.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise EditConflict()
    post.version += 1
    revision = PostRevision(
        post_id=post.id,
        number=post.version,
        editor_id=editor.id,
        raw_before=post.raw,
        raw_after=raw,
        reason=reason,
        created_at=now,
    )
    db.session.add(revision)
    return revision


def _retitle(topic, title):
    topic.title, topic.slug = title, topic_slug(title)
    mark_topic_for_search(topic.id)  # every post of the topic carries its title in search
