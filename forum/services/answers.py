"""Hard questions: the reply that answers one, or the synthesis that closes one.

The question's author or a coordinator accepts one reply; a coordinator may instead write a
synthesis, a reply that solves the topic and closes it to new replies. Either is shown under
the question. Accepting, changing or unmarking by anyone but the author is logged.
"""

from flask_babel import gettext as _

from forum import events, permissions
from forum.models import Post
from forum.models.post import mark_topic_for_search
from forum.services import moderation, notifications, posting, transaction
from forum.services.content import cook_post, valid_body
from forum.services.errors import AlreadyDone, InvalidInput, NotAllowed


def accept_answer(actor, post):
    """Mark a reply as the answer to its question, in place of any earlier solution."""
    topic = post.topic
    if not permissions.can_accept_answer(actor, topic):
        raise NotAllowed()
    if post.is_first:
        raise InvalidInput(_("The question itself cannot be its answer."))
    if post.hidden or post.is_removed:
        raise InvalidInput(_("A hidden or deleted post cannot be the accepted answer."))
    if topic.accepted_post_id == post.id:
        raise AlreadyDone(_("This reply is already the accepted answer."))
    topic.set_solution(post, "answer", actor)
    mark_topic_for_search(topic.id)
    if actor.id != topic.user_id:
        moderation.log(actor, "accept_answer", post=post)
    notified = notifications.tell([post.user_id], "answer_accepted", post, actor=actor)
    moderation.committed(topic.id, notified)


def unmark_solution(actor, post):
    """The topic is unsolved again; the post stays as it is."""
    topic = post.topic
    if not permissions.can_unmark_solution(actor, topic):
        raise NotAllowed()
    if topic.accepted_post_id != post.id:
        raise AlreadyDone(_("This post is not the topic's solution."))
    kind = topic.solution
    topic.clear_solution()
    mark_topic_for_search(topic.id)
    if actor.id != topic.user_id or kind == "synthesis":
        moderation.log(actor, "unmark_solution", post=post, solution=kind)
    moderation.committed(topic.id)


def write_synthesis(actor, topic, raw) -> Post:
    """A coordinator's synthesis: a reply that solves the question and closes the topic."""
    raw = valid_body(raw)
    if not permissions.can_write_synthesis(actor, topic):
        raise NotAllowed()
    cooked = cook_post(raw, writer=actor)
    with transaction():
        post = posting.add_reply(actor, topic, raw, cooked, even_closed=True)
        topic.set_solution(post, "synthesis", actor)
        topic.closed = True
        mark_topic_for_search(topic.id)
        moderation.log(actor, "write_synthesis", post=post)
    events.visibility_changed.send(topic_id=topic.id)
    events.post_created.send(post_id=post.id)
    return post
