"""Opening the index directory and its single writer."""
import os

from flask import current_app
from whoosh import index
from whoosh.index import LockError

from forum.search.schema import SCHEMA

__all__ = ["LockError", "open_index", "create_index"]


def _directory():
    return current_app.config["SEARCH_INDEX_DIR"]


def create_index():
    """An empty index, replacing any existing one."""
    os.makedirs(_directory(), exist_ok=True)
    return index.create_in(_directory(), SCHEMA)


def open_index():
    """The index, created empty on first use."""
    directory = _directory()
    if not index.exists_in(directory):
        return create_index()
    return index.open_dir(directory)
