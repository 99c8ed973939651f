"""Search: analysis, index schema, indexer and queries (the only importers of whoosh),
and the search pages."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from forum.search import views  # noqa: E402,F401  (routes attach to bp)
