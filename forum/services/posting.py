"""Starting topics and replying to them."""

import unicodedata

from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import select, update

from forum import events, permissions
from forum.extensions import db
from forum.markup import COOK_VERSION
from forum.models import Post, Topic
from forum.models.base import MAX_ID, utcnow
from forum.services import moderation, reading, transaction, uploads
from forum.services.content import cook_post, valid_body, valid_title
from forum.services.errors import InvalidInput, NotAllowed, TopicClosed


def topic_slug(title: str) -> str:
    """A URL slug that keeps Arabic letters; ids, not slugs, identify topics.

    Diacritics and tatweel go first, or the slugger would cut words at them."""
    bare = "".join(ch for ch in title if unicodedata.category(ch) != "Mn" and ch != "\u0640")
    return slugify(bare, allow_unicode=True, max_length=80, word_boundary=True) or "topic"


def create_topic(author, community, category, title, raw, *, anonymous=False, at=None) -> Topic:
    """Start a topic in a community and category with its opening post."""
    title, raw = valid_title(title), valid_body(raw)
    if not permissions.can_create_topic(author, community):
        raise NotAllowed(_("Only members of this community can start topics in it."))
    _check_anonymity(anonymous, community, category)
    cooked = cook_post(raw, writer=author)
    now = at or utcnow()
    with transaction():
        topic = Topic(
            title=title,
            slug=topic_slug(title),
            community_id=community.id,
            category_id=category.id,
            user_id=author.id,
            posts_count=1,
            highest_post_number=1,
            anonymous=bool(anonymous),
            created_at=now,
            bumped_at=now,
            last_posted_at=now,
            last_post_user_id=author.id,
        )
        db.session.add(topic)
        db.session.flush()
        post = _new_post(topic.id, author, 1, raw, cooked, now, anonymous=anonymous)
        if permissions.must_hold(author, community):
            _hold(post)
        reading.note_post(author, topic.id, 1)
    events.topic_created.send(topic_id=topic.id)
    events.post_created.send(post_id=post.id)
    return topic


def create_reply(author, topic, raw, *, reply_to=None, anonymous=False, at=None) -> Post:
    """Reply to a topic, or to one of its posts by number. Numbers the post, bumps the topic."""
    raw = valid_body(raw)
    check_can_reply(author, topic)
    _check_anonymity(anonymous, topic.community, topic.category)
    if reply_to is not None and not (0 < reply_to <= MAX_ID and _post_exists(topic.id, reply_to)):
        raise InvalidInput(_("The post you are replying to does not exist."), field="reply_to")
    cooked = cook_post(raw, writer=author)
    with transaction():
        post = add_reply(author, topic, raw, cooked, reply_to=reply_to, anonymous=anonymous, at=at)
    events.post_created.send(post_id=post.id)
    return post


def add_reply(author, topic, raw, cooked, *, reply_to=None, anonymous=False, at=None, even_closed=False) -> Post:
    """Number and add a checked and cooked reply without committing: the caller commits it
    with its own change, then sends events.post_created. even_closed lets moderators write in
    closed topics. Cooking comes first, outside the transaction: the number's claim takes the
    topic's row lock (on SQLite, the database's), which nothing slow may hold."""
    now = at or utcnow()
    held = permissions.must_hold(author, topic.community)
    number = _claim_post_number(topic.id, author.id, now, even_closed=even_closed, counted=not held)
    post = _new_post(topic.id, author, number, raw, cooked, now, reply_to=reply_to, anonymous=anonymous)
    if held:
        _hold(post)
    reading.note_post(author, topic.id, number)
    return post


def _hold(post):
    """A new account's post, where the community holds them, is hidden until approved (an
    opening post keeps its topic out of the lists; a reply neither counts nor bumps its
    topic); nobody is told of it before then."""
    post.held, post.notify_pending = True, False  # told of when approved
    moderation.hide(post)
    if post.is_first:
        post.topic.held = True


def check_can_reply(author, topic):
    """Raise the precise reason why author may not reply to topic, if any."""
    if topic.closed or topic.archived:
        raise TopicClosed()
    if not permissions.can_reply(author, topic):
        raise NotAllowed(_("Only members of this community can reply here."))


def _claim_post_number(topic_id, author_id, now, *, even_closed=False, counted=True) -> int:
    # One UPDATE takes the topic row's write lock, so concurrent replies queue here and
    # each leaves with its own number; the counters move in the same statement (not for a
    # post held for approval: it counts when approved). A topic closed meanwhile matches no row.
    counters = (
        dict(posts_count=Topic.posts_count + 1, bumped_at=now, last_posted_at=now, last_post_user_id=author_id)
        if counted
        else {}
    )
    stmt = (
        update(Topic)
        .where(Topic.id == topic_id, *(() if even_closed else (Topic.closed.is_(False),)))
        .values(highest_post_number=Topic.highest_post_number + 1, **counters)
        .returning(Topic.highest_post_number)
        .execution_options(synchronize_session=False)
    )
    number = db.session.execute(stmt).scalar_one_or_none()
    if number is None:
        raise TopicClosed()
    return number


def _check_anonymity(anonymous, community, category):
    if anonymous and not permissions.can_post_anonymously(community, category):
        raise InvalidInput(
            _("Posting anonymously is offered only in failures and mistakes, where the community allows it."),
            field="anonymous",
        )


def _new_post(topic_id, author, number, raw, cooked, now, *, reply_to=None, anonymous=False) -> Post:
    post = Post(
        topic_id=topic_id,
        user_id=author.id,
        post_number=number,
        reply_to_post_number=reply_to,
        anonymous=bool(anonymous),
        raw=raw,
        cooked=str(cooked),
        cook_version=COOK_VERSION,
        created_at=now,
        updated_at=now,
        search_dirty=True,
        notify_pending=True,
    )
    db.session.add(post)
    db.session.flush()
    uploads.link(cooked, post=post)
    return post


def _post_exists(topic_id, post_number) -> bool:
    stmt = select(Post.id).where(Post.topic_id == topic_id, Post.post_number == post_number)
    return db.session.execute(stmt).first() is not None
