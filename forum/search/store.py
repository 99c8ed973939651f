"""Opening the index directory, its single writer, and the searchers that read it."""
import os
import threading
import time
from contextlib import contextmanager

from flask import current_app
from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError

from forum.search.schema import SCHEMA

__all__ = ["LockError", "create_index", "open_index", "searcher"]

_local = threading.local()

def _directory():
    return current_app.config["SEARCH_INDEX_DIR"]


def create_index():
    """An empty index, replacing any existing one."""
    os.makedirs(_directory(), exist_ok=True)
    return index.create_in(_directory(), SCHEMA)


def _has_index(directory):
    # Decided by the files, not by trying to open them: a failed open during someone
    # else's commit must never look like "no index" and get the index recreated empty.
    return os.path.isdir(directory) and any(name.endswith(".toc") for name in os.listdir(directory))


def open_index(attempts=5):
    """The index, created empty on first use.

    Opening reads the table of contents without the retry Whoosh's readers have: a writer
    committing in another thread or process may just have replaced it. Reading again gets
    the new one. (Searchers opened from the index retry on their own.)
    """
    directory = _directory()
    if not _has_index(directory):
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
    """A searcher on the latest committed index, kept per thread between requests.

    Opening one reads every segment's files, which costs more than most queries, so it is
    reopened only when a commit (or a rebuild) has changed the index's table of contents.
    (Whoosh's own Searcher.refresh() is not used: when reusing readers it also keeps
    segments that a merge replaced.)"""
    directory = _directory()
    kept = _local.__dict__.setdefault("searchers", {})
    stamp = _stamp(directory)
    entry = kept.get(directory)
    if entry is None or entry[0] != stamp:
        if entry is not None:
            entry[1].close()
        entry = kept[directory] = (stamp, open_index().searcher())
    yield entry[1]


def _stamp(directory):
    """Which table of contents is current: its generation and when it was written."""
    try:
        generation = index.FileIndex(FileStorage(directory)).latest_generation()
        return generation, os.stat(os.path.join(directory, TOC._filename(index._DEF_INDEX_NAME, generation))).st_mtime_ns
    except (OSError, index.EmptyIndexError):
        return None
