"""Opening the index directory and its single writer."""
import os
import time
from contextlib import contextmanager

from flask import current_app
from whoosh import index
from whoosh.index import LockError

from forum.search.schema import SCHEMA

__all__ = ["LockError", "create_index", "open_index", "searching"]


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

    A writer committing in another thread or process replaces the table of contents and
    deletes the files it no longer needs; a reader that read the old one then finds a file
    gone. Reading again gets the new one.
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
def searching(attempts=5):
    """A searcher on the latest index, retried across a concurrent commit (see open_index)."""
    for attempt in range(attempts):
        try:
            searcher = open_index().searcher()
            break
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    with searcher:
        yield searcher
