"""Faults while people post: a serving process or the job worker killed with -9 in the middle
of a load, and the Redis queue unreachable. Every reply the forum acknowledged must end with
all its notifications, none twice, within 30 s of the fault (the sweep's grace included).
The sweep runs every second here, and leaves a post's job two seconds before telling its
readers itself (5 and 10 s by default)."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification, Post
from forum.services import reading
from tests import live
from tests.factories import PASSWORD, make_member, make_topic
from tests.test_jobs import REDIS_URL, redis_available

WRITERS = 3
REPLIES_EACH = 6
TOLD_WITHIN = 30.0
QUICK_SWEEP = {"FORUM_JOBS_SWEEP_SECONDS": 1, "FORUM_JOBS_SWEEP_GRACE_SECONDS": 2}
REPLY_URL = re.compile(r"/t/[^/]+/(\d+)/(\d+)")


@pytest.fixture
def watched_topic(community):
    starter = make_member(community)
    topic = make_topic(community, starter, title="موضوع يتابعه كثيرون")
    watchers = [make_member(community) for _ in range(3)]
    for watcher in watchers:
        reading.set_topic_level(watcher, topic, "watching")
    writers = [make_member(community) for _ in range(WRITERS)]
    db.session.commit()
    return topic, {starter.id, *(w.id for w in watchers)}, writers


def _write(base, username, topic_id, acknowledged, halfway):
    session = live.Session(base)
    if session.submit("/login", {"login": username, "password": PASSWORD})[0] != 302:
        return
    for n in range(REPLIES_EACH):
        try:
            status, location = session.submit(f"/t/{topic_id}/reply", {"raw": f"رد رقم {n} من {username}"})
        except (OSError, AssertionError):
            continue  # the process serving it was killed: not acknowledged
        if status == 302 and (match := REPLY_URL.search(location)):
            acknowledged.append(int(match.group(2)))
        if n == REPLIES_EACH // 2:
            halfway.wait(timeout=30)


def _load(base, topic, writers, fault):
    """Writers reply at once; halfway through, fault() strikes. Returns the acknowledged post numbers."""
    acknowledged, halfway = [], threading.Barrier(len(writers) + 1)
    threads = [
        threading.Thread(target=_write, args=(base, w.username, topic.id, acknowledged, halfway)) for w in writers
    ]
    for thread in threads:
        thread.start()
    halfway.wait(timeout=60)
    fault()
    for thread in threads:
        thread.join(timeout=120)
    assert len(acknowledged) >= WRITERS * REPLIES_EACH // 2, "most replies went through"
    return acknowledged


def _all_told_once(topic, numbers, audience):
    """Waits until every acknowledged reply told its whole audience; nobody is told twice."""
    deadline = time.monotonic() + TOLD_WITHIN
    while True:
        db.session.rollback()
        posts = dict(db.session.execute(select(Post.post_number, Post.id).where(Post.topic_id == topic.id)).all())
        assert set(numbers) <= set(posts), "every acknowledged reply is stored"
        rows = db.session.execute(
            select(Notification.post_id, Notification.user_id).where(Notification.topic_id == topic.id)
        ).all()
        told = Counter(rows)
        assert max(told.values(), default=1) == 1, [row for row, n in told.items() if n > 1]
        missing = [(n, user) for n in numbers for user in audience if (posts[n], user) not in told]
        if not missing:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"not told within {TOLD_WITHIN} s: {missing[:10]} of {len(numbers) * len(audience)}")
        time.sleep(0.5)


def _kill(pid):
    os.kill(pid, signal.SIGKILL)


def test_a_serving_process_killed_mid_load_loses_no_notification(app, watched_topic):
    """The embedded default: a SQLite job queue and worker threads inside the serving processes."""
    topic, audience, writers = watched_topic
    env = live.forum_environment(app, **QUICK_SWEEP)
    with live.gunicorn(env, workers=2) as base:
        numbers = _load(base, topic, writers, lambda: _kill(base.worker_pids()[0]))
        _all_told_once(topic, numbers, audience)


def _worker(env):
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "forum", "worker"],
        cwd=live.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_the_job_worker_killed_mid_load_and_restarted_loses_no_notification(app, watched_topic):
    """Redis as the queue and a `forum worker` beside the serving processes, killed with -9."""
    if not redis_available():
        pytest.skip("Redis is not running")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    topic, audience, writers = watched_topic
    env = live.forum_environment(app, FORUM_JOBS_REDIS_URL=REDIS_URL, **QUICK_SWEEP)
    workers = [_worker(env)]
    try:
        with live.gunicorn(env, workers=2) as base:

            def fault():
                workers[0].send_signal(signal.SIGKILL)
                workers[0].wait()
                workers.append(_worker(env))  # restarted, as a supervisor would

            numbers = _load(base, topic, writers, fault)
            _all_told_once(topic, numbers, audience)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()


def test_with_redis_unreachable_replies_succeed_and_are_told(app, watched_topic):
    """The queue is down for the whole load: replies are acknowledged all the same, and their
    notifications arrive from the sweep rather than being lost with the jobs never queued."""
    topic, audience, writers = watched_topic
    env = live.forum_environment(app, FORUM_JOBS_REDIS_URL=f"redis://127.0.0.1:{live.free_port()}/0", **QUICK_SWEEP)
    worker = _worker(env)
    try:
        with live.gunicorn(env, workers=2) as base:
            numbers = _load(base, topic, writers, lambda: None)
            assert len(numbers) == WRITERS * REPLIES_EACH, "every reply went through"
            _all_told_once(topic, numbers, audience)
    finally:
        worker.kill()
        worker.wait()
