"""Keeping the index in step with the database, which is the truth.

Every write of a post sets its search_dirty flag in the write's own transaction. The
indexer claims dirty posts (clearing their flags) inside a database transaction, writes
them to the index, commits the index, then commits the claim. If anything fails in between,
the claim rolls back and the posts stay dirty for the next run: nothing is ever lost. An
edit that lands while a post is claimed waits for the claim's commit, then sets the flag
again.

Whoosh has one writer at a time (an OS file lock, released if its process dies, so a
crash leaves no stale lock). Requests never write the index: each serving process has an
indexer thread that a post's write wakes, and that also sweeps every few seconds for what
other processes left; whoever holds the writer keeps claiming until no dirty post is left,
so a burst of posts is indexed in a few batches. Nothing is opened while nothing waits.
"""

import logging
import threading
import time

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from forum import events, permissions
from forum.extensions import db
from forum.markup import to_text
from forum.models import LibraryEntry, Post, PostUpload, Topic, Upload
from forum.search.schema import FIRST_POST_BOOST, SCHEMA
from forum.search.store import LockError, create_index, open_index

log = logging.getLogger(__name__)
BATCH = 500
# Bulk work (imports, rebuilds) commits fewer, larger segments. While a batch is written its
# posts stay claimed (on SQLite, the database's write lock is held).
BULK_BATCH = 2000
# How soon the indexer thread tries again for posts it could not claim yet.
RETRY_SECONDS = 0.5
# Once woken, how long the indexer thread lets posts gather: one index commit for many posts
# costs little more than for one (Whoosh writes a segment per commit).
GATHER_SECONDS = 0.5


def apply_changes(*, wait=0.0, progress=None, bulk=False) -> int | None:
    """Index every dirty post. Returns how many were applied, or None when another
    process holds the index writer (it will pick these posts up). `bulk` (rebuilds,
    imports) takes larger batches."""
    ix = None
    done = 0
    while _any_dirty():
        ix = ix or open_index()
        try:
            writer = ix.writer(timeout=wait)
        except LockError:
            return None if done == 0 else done
        try:
            count = _apply_batch(writer, BULK_BATCH if bulk else BATCH)
        except Exception:
            writer.cancel()
            db.session.rollback()
            raise
        if count == 0:
            writer.cancel()
            db.session.rollback()
            return done
        done += count
        if progress:
            progress(count)
    if done:
        _merge_segments(ix, wait)
    return done


def _merge_segments(ix, wait):
    """Merge the small segments the batches left (Whoosh's usual policy), holding the index's
    writer but no database transaction: a merge can take seconds on a large index, and on
    SQLite a claim held that long would stall every writer of the forum."""
    try:
        ix.writer(timeout=wait).commit(merge=True)
    except LockError:
        pass  # another process holds the writer: its next merge will do


def _any_dirty() -> bool:
    """Whether any post waits (ix_posts_search_dirty). Asked before opening a writer: Whoosh
    leaves the files of a writer opened and cancelled behind."""
    found = db.session.scalar(select(Post.id).where(Post.search_dirty.is_(True)).limit(1)) is not None
    db.session.rollback()
    return found


def rebuild(progress=None) -> int:
    """Rebuild the index from the database: every post is marked dirty, then applied."""
    create_index()
    db.session.execute(update(Post).values(search_dirty=True).execution_options(synchronize_session=False))
    db.session.commit()
    return apply_changes(wait=30.0, progress=progress, bulk=True) or 0


def check() -> dict:
    """Compare index and database: searchable posts missing from the index, documents
    for posts that should not be there, and posts waiting to be applied."""
    with open_index().searcher() as searcher:
        indexed = {int(fields["post_id"]) for fields in searcher.all_stored_fields()}
    searchable = set(
        db.session.scalars(
            select(Post.id)
            .join(Post.topic)
            .where(Post.deleted_at.is_(None), Post.hidden.is_(False), Topic.deleted_at.is_(None))
        )
    )
    dirty = set(db.session.scalars(select(Post.id).where(Post.search_dirty.is_(True))))
    return {
        "missing": sorted(searchable - indexed - dirty),
        "extra": sorted(indexed - searchable - dirty),
        "pending": sorted(dirty),
    }


def _apply_batch(writer, size) -> int:
    """Index up to size claimed posts and commit the index, then the claim. The commit writes
    a new segment only (quick, merging comes after), so the claim is held briefly."""
    claimed = _claim(size)
    if not claimed:
        return 0
    _add_new_fields(writer)
    posts = {p.id: p for p in _load(claimed)}
    curated = _curated(posts.values())
    files = _files(posts)
    for post_id in claimed:
        post = posts.get(post_id)
        if post is not None and _searchable(post):
            writer.update_document(**document(post, curated=post_id in curated, files=files.get(post_id, "")))
        else:
            writer.delete_by_term("post_id", str(post_id))
    writer.commit(merge=False)
    db.session.commit()
    return len(claimed)


def _add_new_fields(writer):
    """An index made before a field joined SCHEMA gets the field with its next write. The
    fields added so far (status, files) had no value on any post when they were added, so the
    index needs no rebuild for them; nor did "curated", a later value of status: the
    library began empty."""
    for name in SCHEMA.names():
        if name not in writer.schema:
            writer.add_field(name, SCHEMA[name])


def _claim(limit) -> list[int]:
    dirty = select(Post.id).where(Post.search_dirty.is_(True)).order_by(Post.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        dirty = dirty.with_for_update(skip_locked=True)
    stmt = (
        update(Post)
        .where(Post.id.in_(dirty.scalar_subquery()))
        .values(search_dirty=False)
        .returning(Post.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(db.session.scalars(stmt))


def _load(ids):
    return db.session.scalars(
        select(Post)
        .where(Post.id.in_(ids))
        .options(joinedload(Post.topic).joinedload(Topic.category), joinedload(Post.author))
        .execution_options(populate_existing=True)
    )


def _curated(posts) -> set[int]:
    """Of these posts, those in the best-practice library: entered on their own, or with
    their whole topic (its opening post's entry). One statement."""
    posts = list(posts)
    if not posts:
        return set()
    opening = select(Post.id).where(Post.topic_id == LibraryEntry.topic_id, Post.post_number == 1)
    rows = db.session.execute(
        select(LibraryEntry.post_id, LibraryEntry.topic_id, LibraryEntry.post_id.in_(opening.scalar_subquery())).where(
            LibraryEntry.retired_at.is_(None), LibraryEntry.topic_id.in_({p.topic_id for p in posts})
        )
    ).all()
    entered = {post_id for post_id, _, _ in rows}
    whole = {topic_id for _, topic_id, is_opening in rows if is_opening}
    return {p.id for p in posts if p.id in entered or p.topic_id in whole}


def _files(posts) -> dict[int, str]:
    """For each of these posts that shows files, their names and the text read from them
    (forum.services.uploads.read_text), as one text. One statement."""
    if not posts:
        return {}
    text = select(Upload.text).where(Upload.sha256 == PostUpload.sha256, Upload.text.is_not(None)).limit(1)
    rows = db.session.execute(
        select(PostUpload.post_id, PostUpload.filename, text.scalar_subquery()).where(
            PostUpload.post_id.in_(list(posts))
        )
    )
    found: dict[int, list[str]] = {}
    for post_id, filename, content in rows:
        found.setdefault(post_id, []).extend([filename.rsplit(".", 1)[0], content or ""])
    return {post_id: "\n".join(parts) for post_id, parts in found.items()}


def _searchable(post) -> bool:
    return post.deleted_at is None and not post.hidden and post.topic.deleted_at is None


def document(post, *, curated=False, files="") -> dict:
    """A post as the index holds it; an anonymous post without its author, so that no
    search by author finds it. status holds "solved" (its topic answers a hard question)
    and "curated" (it is in the best-practice library); files the names and text of the
    files it shows."""
    topic, text = post.topic, to_text(post.cooked)
    return {
        "post_id": str(post.id),
        "topic_id": topic.id,
        "community": str(topic.community_id),
        "category": topic.category.slug,
        "author": "" if permissions.shown_author(post) is None else post.author.username_key,
        "is_first": post.post_number == 1,
        "created_at": post.created_at.replace(tzinfo=None),
        "status": " ".join(name for name, on in (("solved", topic.solution), ("curated", curated)) if on),
        "title": topic.title,
        "title_exact": topic.title,
        "body": text,
        "files": files,
        "_boost": FIRST_POST_BOOST if post.post_number == 1 else 1.0,
    }


def _after_commit(sender=None, **ids):
    """Receiver of post events (SEARCH_INDEXING): wake this process's indexer, or index now in
    the writer's thread; never fail the request."""
    how = current_app.config["SEARCH_INDEXING"]
    if how == "background":
        _background.wake()
    elif how == "immediate":
        try:
            apply_changes(wait=0.0)
        except Exception:
            if current_app.config.get("SEARCH_RAISE_ERRORS"):
                raise
            log.exception("Indexing failed; the posts stay dirty for the next sweep")


class _BackgroundIndexer:
    """The serving process's indexer thread: indexes when woken by a write of this process,
    and every `every` seconds (if not 0) for the writes of others or a batch that failed."""

    def __init__(self):
        self.started = threading.Lock()
        self.woken = threading.Event()

    def start(self, app, every):
        if self.started.acquire(blocking=False):
            threading.Thread(target=self._run, args=(app, every), daemon=True, name="search-indexer").start()

    def wake(self):
        self.woken.set()

    def _run(self, app, every):
        timeout = every or None
        while True:
            if self.woken.wait(timeout):
                time.sleep(GATHER_SECONDS)  # the posts written meanwhile join the same batch
            self.woken.clear()
            with app.app_context():
                try:
                    # Waits for the writer another process holds (its batch may have missed this
                    # process's posts). Posts still waiting after are claimed elsewhere or locked by
                    # another transaction (PostgreSQL's claim skips those rows): soon again.
                    applied = apply_changes(wait=every or 1.0)
                    timeout = RETRY_SECONDS if applied is None or _any_dirty() else every or None
                except Exception:
                    log.exception("Indexing failed; will retry")
                    timeout = every or None
                finally:
                    db.session.remove()


_background = _BackgroundIndexer()


def init_search(app):
    """Index after every post write; in serving processes, an indexer thread (started by the
    first request, so that CLI commands and forked workers each get exactly the threads they
    need)."""
    for signal in (events.post_created, events.post_revised, events.visibility_changed, events.search_changed):
        signal.connect(_after_commit, weak=False)
    if app.config["SEARCH_INDEXING"] == "background":
        every = app.config.get("SEARCH_SWEEP_SECONDS") or 0
        app.before_request(lambda: _background.start(app, every))
