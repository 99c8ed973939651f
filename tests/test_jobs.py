"""Jobs through a real queue, as served: the SQLite file of the embedded default and Redis.
Elsewhere tests run jobs immediately."""

import os
import threading
import time

import pytest
import redis
from sqlalchemy import func, select

from forum import jobs
from forum.extensions import db
from forum.models import Notification
from tests.factories import make_member, make_reply, make_topic

# A Redis database of each parallel test worker's own (15, 14, ...): tests empty it.
REDIS_URL = f"redis://127.0.0.1:6379/{15 - int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0')[2:])}"


def redis_available():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queued(request, app):
    """The app's jobs go through a real queue; a worker thread runs them."""
    if request.param == "redis-queue":
        if not redis_available():
            pytest.skip("Redis is not running")
        redis.Redis.from_url(REDIS_URL).flushdb()
        app.config["JOBS_REDIS_URL"] = REDIS_URL
    app.config.update(JOBS_IMMEDIATE=False, JOBS_IN_PROCESS=False)
    jobs.init_jobs(app)
    consumer = jobs.start_worker_threads()
    yield
    consumer.stop(graceful=True)
    for sweep in [t for t in threading.enumerate() if t.name == "jobs-sweep"]:
        sweep.join(timeout=5)
        assert not sweep.is_alive(), "the sweep stops with its consumer"
    app.config["JOBS_IMMEDIATE"] = True
    jobs.init_jobs(app)


def notifications_within(seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()
        count = db.session.scalar(select(func.count(Notification.id)))
        if count:
            return count
        time.sleep(0.05)
    return 0


def test_a_reply_is_notified_by_a_worker_after_the_request(queued, community):
    starter = make_member(community)
    make_reply(make_topic(community, starter))
    assert notifications_within(10) == 1


@pytest.fixture
def quick_sweep(app):
    app.config["JOBS_SWEEP_SECONDS"] = 0.2
    app.config["JOBS_SWEEP_GRACE_SECONDS"] = 0


def test_the_workers_sweep_tells_a_reply_whose_job_was_lost_and_stops_with_them(
    quick_sweep, queued, community, monkeypatch
):
    monkeypatch.setattr(jobs, "run_after_commit", lambda target, *args: None)  # the queue loses the job
    starter = make_member(community)
    make_reply(make_topic(community, starter))
    assert notifications_within(10) == 1
