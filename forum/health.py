"""Whether this process is alive (/healthz) and ready to serve (/readyz): for load balancers and
orchestrators, unauthenticated, cheap, and telling nothing but the name and state of each part
(what went wrong is logged, never shown)."""

import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from forum import search
from forum.extensions import db
from forum.jobs import huey
from forum.storage import storage

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def alive():
    """The process answers; nothing else is asked."""
    return jsonify(status="ok")


@bp.get("/readyz")
def ready():
    """Each part the forum needs, asked once: 200 when all answer, else 503 naming the parts
    that did not."""
    checks = {"database": _database, "search": search.ready, "jobs": _jobs, "uploads": _uploads}
    for name, url in _redis_urls().items():
        checks[name] = lambda url=url: _redis(url)
    states = {}
    for name, check in checks.items():
        try:
            check()
            states[name] = "ok"
        except Exception:
            log.warning("Readiness check %s failed", name, exc_info=True)
            states[name] = "failing"
    healthy = all(state == "ok" for state in states.values())
    return jsonify(status="ok" if healthy else "failing", checks=states), 200 if healthy else 503


def _database():
    db.session.execute(text("SELECT 1"))
    db.session.rollback()


def _jobs():
    huey.pending_count()


def _uploads():
    storage().ready()


def _redis_urls() -> dict:
    config = current_app.config
    urls = {
        "redis_jobs": config.get("JOBS_REDIS_URL"),
        "redis_page_cache": config.get("PAGE_CACHE_REDIS_URL"),
        "redis_rate_limits": config.get("RATELIMIT_STORAGE_URI"),
    }
    return {name: url for name, url in urls.items() if url and url.startswith(("redis://", "rediss://"))}


def _redis(url):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
