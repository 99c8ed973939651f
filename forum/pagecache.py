"""Pages served from a cache to visitors who are not signed in (Flask-Caching: in each serving
process by default, Redis when FORUM_PAGE_CACHE_REDIS_URL is set).

A cached page is keyed by everything it shows or depends on, never by an invalidation to send:
- the stamps database triggers renew in the very transaction of every change (a topic's
  `page_stamp`, the site's for names and labels: migration 0017), so no write, crash or second
  machine can leave a page served after its content changed;
- the visitor's language, the address asked for (path and page), and the code that renders
  it (a digest of the forum's code, templates, catalogs and static files, so a deployment
  never serves the previous version's pages);
- no person: only visitors who are signed out, with nothing in their session but their CSRF
  token (no message waiting), are served from it or fill it. Who may see the topic at all is
  checked on every request, before the cache is asked.

The page's CSRF token is the reader's own: it is stored as a placeholder and filled in per
request. Pages live at most PAGE_CACHE_SECONDS, so times such as "3 minutes ago" stay right.
"""

import hashlib
from pathlib import Path

from flask import current_app, request, session
from flask_caching import Cache
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from forum import queries
from forum.extensions import db
from forum.templating import current_language

cache = Cache()

# Stands for the reader's CSRF token in stored pages.
TOKEN_PLACEHOLDER = "\x00reader-csrf-token\x00"
# What a visitor's session may hold for a cached page to be right for them (Flask-Login marks
# every session with whether its sign-in is fresh).
ANONYMOUS_SESSION_KEYS = {"csrf_token", "_fresh"}


def init_page_cache(app):
    config = app.config
    redis_url = config.get("PAGE_CACHE_REDIS_URL")
    cache.init_app(
        app,
        config={
            "CACHE_TYPE": "RedisCache" if redis_url else "SimpleCache",
            "CACHE_REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": "halaqa-page:",
            "CACHE_DEFAULT_TIMEOUT": config["PAGE_CACHE_SECONDS"],
            "CACHE_THRESHOLD": config["PAGE_CACHE_PAGES"],
        },
    )
    app.extensions["page_cache_build"] = _build_digest(Path(app.root_path).parent)


def _build_digest(root):
    """What renders pages, as one digest: any change to it makes new keys."""
    digest = hashlib.sha256()
    for folder in ("forum", "templates", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cacheable(arguments):
    return (
        current_app.config["PAGE_CACHE_SECONDS"] > 0
        and request.method == "GET"
        and not current_user.is_authenticated
        and set(request.args) <= arguments
        and set(session) <= ANONYMOUS_SESSION_KEYS
    )


def cached(stamp, render, arguments=("page",)):
    """The page render() makes (an HTML string), from the cache when a visitor who is signed out
    asks for it again with nothing changed. `stamp` is the page's own (Topic.page_stamp for a
    topic's page, Community.page_stamp for its list), or a function that reads it; the page may
    be asked with the query `arguments` (others are served fresh)."""
    if not _cacheable(set(arguments)):
        return render()
    parts = (
        current_app.extensions["page_cache_build"],
        current_language(),
        queries.site_page_stamp(),
        stamp() if callable(stamp) else stamp,
        request.host_url,
        request.full_path,
    )
    key = hashlib.sha256(repr(parts).encode()).hexdigest()
    stored = cache.get(key)
    if stored is not None:
        return _for_reader(stored), {"X-Page-Cache": "hit"}
    # What the view loaded before the stamps were read may be older than they are: read it again,
    # so that a page is never stored under stamps newer than its content.
    db.session.expire_all()
    page = render()
    if not isinstance(page, str):  # a redirect, or a page with a status of its own
        return page
    cache.set(key, page.replace(generate_csrf(), TOKEN_PLACEHOLDER))
    return page, {"X-Page-Cache": "miss"}


def _for_reader(stored):
    return stored.replace(TOKEN_PLACEHOLDER, generate_csrf())
