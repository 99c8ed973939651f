"""Likes and supportive reactions to posts."""

from flask_babel import gettext as _
from sqlalchemy import delete, update

from forum import events, permissions
from forum.extensions import db
from forum.models import Post, Reaction, Topic
from forum.models.reaction import REACTIONS
from forum.services import add_once
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed


def react(user, post, kind) -> Reaction:
    """user reacts to post with kind; each kind once per person, never to one's own post."""
    _check(user, post, kind)
    reaction = Reaction(post_id=post.id, user_id=user.id, kind=kind)
    add_once(reaction, _("You have already reacted to this post this way."))
    if kind == "like":
        _count_like(post, +1)
    db.session.commit()
    events.reaction_added.send(reaction_id=reaction.id)
    return reaction


def unreact(user, post, kind):
    _check(user, post, kind)
    removed = db.session.execute(
        delete(Reaction).where(Reaction.post_id == post.id, Reaction.user_id == user.id, Reaction.kind == kind)
    ).rowcount
    if not removed:
        raise AlreadyDone(_("You had not reacted to this post this way."))
    if kind == "like":
        _count_like(post, -1)
    db.session.commit()


def _check(user, post, kind):
    if kind not in REACTIONS:
        raise InvalidInput(_("Unknown reaction."), field="kind")
    if post.user_id == user.id:
        raise NotAllowed(_("You cannot react to your own post."))
    if not permissions.can_react(user, post.topic):
        raise NotAllowed()


def _count_like(post, step):
    db.session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(like_count=Post.like_count + step)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Topic)
        .where(Topic.id == post.topic_id)
        .values(like_count=Topic.like_count + step)
        .execution_options(synchronize_session=False)
    )
