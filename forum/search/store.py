"""Opening the index directory, its single writer, and the searchers that read it."""

import os
import threading
import time
from contextlib import contextmanager

from flask import current_app
from whoosh import index
from whoosh.index import LockError

from forum.search.schema import SCHEMA

__all__ = ["LockError", "create_index", "open_index", "ready", "searcher"]

_local = threading.local()


def _directory():
    return current_app.config["SEARCH_INDEX_DIR"]


def create_index():
    """An empty index, replacing any existing one."""
    os.makedirs(_directory(), exist_ok=True)
    return index.create_in(_directory(), SCHEMA)


def _stamp(directory):
    """Which table of contents is current (the newest .toc file: its time and name), or
    None when there is no index. Decided by the files, not by trying to open them: a
    failed open during someone else's commit must never look like "no index" and get the
    index recreated empty. For the same reason a file that another process's commit deletes
    between the listing and its stat is skipped (the new table of contents is written before
    old ones are deleted, so listing again finds it); only a directory with no table of
    contents at all means no index."""
    for _ in range(20):
        try:
            with os.scandir(directory) as entries:
                tocs = [entry for entry in entries if entry.name.endswith(".toc")]
        except FileNotFoundError:
            return None
        if not tocs:
            return None
        found = []
        for entry in tocs:
            try:
                found.append((entry.stat().st_mtime_ns, entry.name))
            except FileNotFoundError:
                continue
        if found:
            return max(found)
    raise FileNotFoundError(f"No readable table of contents in {directory}, though some are listed")


def open_index(attempts=5):
    """The index, created empty on first use.

    Opening reads the table of contents without the retry Whoosh's readers have: a writer
    committing in another thread or process may just have replaced it. Reading again gets
    the new one. (Searchers opened from the index retry on their own.)
    """
    directory = _directory()
    if _stamp(directory) is None:
        return create_index()
    for attempt in range(attempts):
        try:
            return index.open_dir(directory)
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


@contextmanager
def searcher():
    """A searcher on the latest committed index, kept by the thread between requests.

    Opening one reads every segment's files, which costs more than most queries, so it is
    reopened only when a commit (or a rebuild) has written a new table of contents.
    (Whoosh's own Searcher.refresh() is not used: when reusing readers it also keeps
    segments that a merge replaced.)"""
    directory = _directory()
    stamp = _stamp(directory)
    kept = getattr(_local, "kept", None)
    if kept is None or kept[:2] != (directory, stamp):
        if kept is not None:
            kept[2].close()
        kept = _local.kept = (directory, stamp, open_index().searcher())
    yield kept[2]


def ready():
    """Raise unless the index can be read (a readiness check)."""
    with searcher() as reader:
        reader.doc_count()
