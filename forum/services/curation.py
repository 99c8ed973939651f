"""The best-practice library: curators promote posts, retire entries and settle the
members' nominations.

Curators are a community's coordinators, the mentors assigned to it, and site staff
(permissions.can_curate). Promoting the opening post puts the whole discussion in the
library; promoting a reply puts that reply. Every curator's act is in the staff log, in
the transaction of the change; the author is told when their post enters the library.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from forum import permissions, queries
from forum.extensions import db
from forum.markup import cook
from forum.models import LibraryEntry, Nomination, Post, Topic
from forum.models.post import mark_topic_for_search
from forum.models.base import utcnow
from forum.models.library import GRADES, NOMINATION_REASON_MAX, SUBJECTS, SUMMARY_MAX
from forum.services import add_once, moderation, notifications
from forum.services.content import valid_choice, valid_title
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed
from forum.text import clean_body, clean_line


def live_entry(post_id) -> LibraryEntry | None:
    return db.session.scalar(
        select(LibraryEntry).where(LibraryEntry.post_id == post_id, LibraryEntry.retired_at.is_(None))
    )


def _valid_summary(raw) -> str:
    raw = clean_body(raw)
    if not raw:
        raise InvalidInput(_("Write a short summary: what the practice is, and why it works."), field="raw")
    if len(raw) > SUMMARY_MAX:
        raise InvalidInput(_("A summary has at most %(max)d characters.", max=SUMMARY_MAX), field="raw")
    return raw


def _require_live(post):
    if post.hidden or post.is_removed:
        raise InvalidInput(_("A hidden or deleted post cannot enter the library."))


def _mark(post):
    """Search finds a curated opening post's whole topic with status:curated, or the one reply."""
    if post.is_first:
        mark_topic_for_search(post.topic_id)
    else:
        post.search_dirty = True


def promote(actor, post, *, title, summary, subject, grade) -> LibraryEntry:
    """Put a post (an opening post: its whole topic) in the library. Pending nominations of
    the post are settled as promoted."""
    topic = post.topic
    if not permissions.can_promote(actor, post, topic):
        raise NotAllowed()
    _require_live(post)
    title, summary = valid_title(title), _valid_summary(summary)
    subject, grade = valid_choice(subject, SUBJECTS, "subject"), valid_choice(grade, GRADES, "grade")
    entry = LibraryEntry(
        post_id=post.id,
        topic_id=topic.id,
        community_id=topic.community_id,
        title=title,
        summary_raw=summary,
        summary_cooked=str(cook(summary)),
        subject=subject,
        grade=grade,
        curator_id=actor.id,
    )
    add_once(entry, _("This post is already in the library."))
    _settle_nominations(actor, post, "promoted")
    _mark(post)
    moderation.log(actor, "promote", post=post, entry=entry.id)
    moderation.committed(topic.id, notifications.tell([post.user_id], "curated", post, actor=actor))
    return entry


def retire(actor, entry, reason=""):
    """Take an entry out of the library; the row stays, with who retired it and why."""
    if not permissions.can_curate(actor, entry.community):
        raise NotAllowed()
    reason = moderation.valid_reason(reason)
    if entry.retired_at is not None:
        raise AlreadyDone(_("This entry is already retired."))
    entry.retired_at, entry.retired_by_id, entry.retire_reason = utcnow(), actor.id, reason
    _mark(entry.post)
    moderation.log(actor, "retire_entry", post=entry.post, reason=reason, entry=entry.id)
    moderation.committed(entry.topic_id)


# Nominations -------------------------------------------------------------------------------


def nominate(user, post, reason="") -> Nomination:
    if not permissions.can_nominate(user, post, post.topic):
        raise NotAllowed(_("You cannot nominate this post."))
    _require_live(post)
    reason = clean_line(reason)
    if len(reason) > NOMINATION_REASON_MAX:
        raise InvalidInput(_("A reason has at most %(max)d characters.", max=NOMINATION_REASON_MAX), field="reason")
    if live_entry(post.id) is not None:
        raise AlreadyDone(_("This post is already in the library."))
    nomination = Nomination(post_id=post.id, user_id=user.id, reason=reason)
    add_once(nomination, _("You have already nominated this post; the curators will consider it."))
    db.session.commit()
    return nomination


def decline(actor, post, note=""):
    """Settle a post's pending nominations without promoting it."""
    if not permissions.can_curate(actor, post.topic.community):
        raise NotAllowed()
    note = moderation.valid_reason(note)
    count = _settle_nominations(actor, post, "declined")
    if not count:
        raise AlreadyDone(_("These nominations were already settled, perhaps by someone else."))
    moderation.log(actor, "decline_nomination", post=post, reason=note, nominations=count)
    db.session.commit()


def _settle_nominations(actor, post, outcome) -> int:
    return db.session.execute(
        update(Nomination)
        .where(Nomination.post_id == post.id, Nomination.outcome.is_(None))
        .values(outcome=outcome, settled_by_id=actor.id, settled_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount


@dataclass
class Nominated:
    post: Post
    nominations: list[Nomination]


def _pending_posts(user):
    return (
        select(Nomination.post_id)
        .join(Post, Post.id == Nomination.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(
            Nomination.outcome.is_(None),
            Post.deleted_at.is_(None),
            Post.hidden.is_(False),
            Topic.deleted_at.is_(None),
            permissions.curated_communities_clause(user, Topic.community_id),
        )
    )


def count_pending(user) -> int:
    """How many nominated posts wait for the user."""
    if not permissions.is_curator(user):
        return 0
    return db.session.scalar(select(func.count()).select_from(_pending_posts(user).distinct().subquery()))


def nominations_queue(user, page, per_page) -> queries.Page:
    """Nominated posts of the communities the user curates, the longest waiting first, each
    with its pending nominations."""
    return queries.waiting_posts(_pending_posts(user), Nomination, Nominated, page, per_page)
