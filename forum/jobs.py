"""Background jobs, with huey: work that must not slow a request down (notifying readers,
sending email) runs after the request's commit, in a job.

- Embedded default: the queue is a SQLite file in the instance folder and each serving
  process runs a worker thread, so `make run` needs nothing else.
- FORUM_JOBS_REDIS_URL set: the queue lives in Redis and a separate worker runs the jobs:
  `flask --app wsgi forum worker`.
- Tests run jobs immediately, in the caller (JOBS_IMMEDIATE).

A job that fails is retried (JOB_RETRIES times, JOB_RETRY_DELAY seconds apart). Periodic
jobs (the daily email summary) run in every worker, so they claim their work atomically.
Work that must not be lost is marked in the database by the write it follows (an outbox), and
sweeps, run every few seconds by every worker, finish what no job finished.
"""

import logging
import threading

from flask import current_app, has_app_context
from huey import Huey, crontab
from huey.consumer import Consumer
from huey.storage import RedisStorage, SqliteStorage

log = logging.getLogger(__name__)

# Configured by init_jobs from the app's settings; until then it runs jobs immediately.
huey = Huey("halaqa", immediate=True, results=False)
_state = {"app": None}
# The functions every worker calls every JOBS_SWEEP_SECONDS (see sweep).
_sweeps = []

JOB_RETRIES = 5
JOB_RETRY_DELAY = 30


def job(function):
    """Make function a job: `function.enqueue(*args)` queues it; calling it runs it now.
    The job runs in an app context of the app that configured the queue."""

    @huey.task(retries=JOB_RETRIES, retry_delay=JOB_RETRY_DELAY, name=_name(function))
    def task(*args):
        return _in_app(function, *args)

    function.enqueue = task
    return function


def periodic(**when):
    """Make function a periodic job, run by the workers at times given as for huey's
    crontab (minute, hour, ...). Several workers may each run it: it must be idempotent."""

    def decorate(function):
        function.periodic = huey.periodic_task(crontab(**when), name=_name(function))(lambda: _in_app(function))
        return function

    return decorate


def sweep(function):
    """Make function a sweep: every worker (each serving process's threads, or `forum worker`)
    calls it every JOBS_SWEEP_SECONDS, whatever the queue's health, to finish what jobs did
    not (a job lost with a killed worker, or never queued while Redis was down). It must be
    idempotent: several workers sweep at once."""
    _sweeps.append(function)
    return function


def _sweep_until(stopped):
    every = _state["app"].config["JOBS_SWEEP_SECONDS"]
    while not stopped.wait(every):
        for function in _sweeps:
            try:
                _in_app(function)
            except Exception:
                log.exception("The sweep %s failed; it runs again in %s s", _name(function), every)


def _name(function):
    return f"{function.__module__}.{function.__name__}"


def _in_app(function, *args):
    if has_app_context():
        return function(*args)
    from forum.extensions import db

    with _state["app"].app_context():
        try:
            return function(*args)
        finally:
            db.session.remove()


class _SweepingConsumer(Consumer):
    """huey's consumer, with a thread that runs the sweeps until the consumer stops."""

    def start(self):
        super().start()
        threading.Thread(target=_sweep_until, args=(self.stop_flag,), daemon=True, name="jobs-sweep").start()


class _InProcessConsumer(_SweepingConsumer):
    def _set_signal_handlers(self):
        """The serving process (gunicorn) owns its signals; its worker threads are daemons."""


def start_worker_threads(workers=1):
    # Each serving process also runs the periodic jobs, which is why they are idempotent.
    consumer = _InProcessConsumer(huey, workers=workers, worker_type="thread", periodic=True)
    consumer.start()
    return consumer


def run_worker(workers):
    """A separate worker process's main loop (the `forum worker` command)."""
    _SweepingConsumer(huey, workers=workers, worker_type="thread", periodic=True).run()


def init_jobs(app):
    _state["app"] = app
    redis_url = app.config.get("JOBS_REDIS_URL")
    if redis_url:
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": redis_url}
    else:
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": str(app.config["INSTANCE_DIR"] / "jobs.sqlite3")}
    # Setting immediate makes huey create the storage chosen above (or memory, if immediate).
    huey.immediate = app.config["JOBS_IMMEDIATE"]
    if app.config["JOBS_IMMEDIATE"] or not app.config["JOBS_IN_PROCESS"]:
        return
    started = threading.Lock()

    @app.before_request
    def start_in_process_worker():
        # Started by the first request, so CLI commands and forked workers each get
        # exactly the threads they need.
        if started.acquire(blocking=False):
            start_worker_threads()


def run_after_commit(target, *args):
    """Queue target's job; a failure to queue is logged, never turned into a failed request
    (the write it follows is already committed)."""
    try:
        target.enqueue(*args)
    except Exception:
        if current_app.config.get("JOBS_IMMEDIATE"):
            raise
        log.exception("Could not queue %s%r", target.__name__, args)
