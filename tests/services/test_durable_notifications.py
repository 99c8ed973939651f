"""Notifications are durable: a post's readers are told once, even when its job is lost
(a worker killed, the queue unreachable), runs twice, or dies midway."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from config import TestingConfig
from forum import jobs
from forum.extensions import db
from forum.models import Notification, Post
from forum.models.base import utcnow
from forum.services import communities, moderation, notifications, reading
from tests.factories import make_member, make_reply, make_topic, make_user

LATER = timedelta(seconds=TestingConfig.JOBS_SWEEP_GRACE_SECONDS + 1)


def told(post):
    return sorted(db.session.scalars(select(Notification.user_id).where(Notification.post_id == post.id)))


@pytest.fixture
def lost_jobs(monkeypatch):
    """The queue loses every job from now on (Redis down, or the worker killed holding them)."""
    monkeypatch.setattr(jobs, "run_after_commit", lambda target, *args: None)


@pytest.fixture
def watched(community):
    topic = make_topic(community)
    watcher = make_member(community)
    reading.set_topic_level(watcher, topic, "watching")
    return topic, watcher


def test_a_reply_whose_job_was_lost_is_told_by_the_sweep_once(community, watched, lost_jobs):
    topic, watcher = watched
    reply = make_reply(topic)
    assert told(reply) == []
    assert notifications.sweep_pending() == 0, "its job may still come: the sweep waits"
    assert notifications.sweep_pending(now=utcnow() + LATER) == 1
    assert told(reply) == sorted([watcher.id, topic.user_id])
    assert notifications.sweep_pending(now=utcnow() + LATER) == 0
    notifications.notify_post(reply.id)  # the lost job, back after all
    assert told(reply) == sorted([watcher.id, topic.user_id])


def test_a_job_that_dies_midway_leaves_the_post_to_the_sweep(community, watched, lost_jobs, monkeypatch):
    topic, watcher = watched
    reply = make_reply(topic)

    def crash(*args, **kwargs):
        raise OSError("killed")

    with monkeypatch.context() as patched:
        patched.setattr(notifications, "_notify", crash)
        with pytest.raises(OSError):
            notifications.notify_post(reply.id)
    db.session.rollback()  # as the dead worker's transaction is
    assert told(reply) == [] and db.session.get(Post, reply.id).notify_pending
    notifications.sweep_pending(now=utcnow() + LATER)
    assert told(reply) == sorted([watcher.id, topic.user_id])


def test_a_held_post_is_told_of_when_approved_even_if_that_job_is_lost(community, watched, lost_jobs):
    topic, watcher = watched
    communities.change_settings(make_member(community, role="coordinator"), community, hold_new_posts=True)
    reply = make_reply(topic, make_member(community, make_user()))
    assert reply.held
    notifications.sweep_pending(now=utcnow() + LATER)
    assert told(reply) == [], "nobody hears of a post waiting for approval"
    moderation.approve_post(make_user(role="moderator"), reply)
    notifications.sweep_pending(now=utcnow() + LATER)
    assert watcher.id in told(reply) and told(reply).count(watcher.id) == 1


def test_a_post_told_at_once_leaves_nothing_pending(community):
    post = make_reply(make_topic(community))
    assert not db.session.get(Post, post.id).notify_pending, "told at once: nothing left pending"
