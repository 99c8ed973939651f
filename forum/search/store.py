"""Opening the index directory and its single writer."""
import os
import time

from flask import current_app
from whoosh import index
from whoosh.index import LockError

from forum.search.schema import SCHEMA

__all__ = ["LockError", "create_index", "open_index"]

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
