"""Search: the forum's one way in. Everything outside this package uses these names only:

- `search(user, text, ...)` and `similar_topics(user, title)`: what the user may find;
- `apply_changes()`, `rebuild()` and `check()`: bringing the index up to the database;
- `ready()`: raises unless the index can be read (the /readyz check);
- `init_search(app)`: indexing after each post write, and the periodic sweep.

Inside: Arabic-aware analysis (`analysis`), the index's schema and storage (`schema`, `store`),
the indexer and the query side (the only importers of Whoosh), and the search pages (`views`,
its blueprint, loaded only by the app's assembly).
"""

from forum.search.indexer import apply_changes, check, init_search, rebuild
from forum.search.query import search, similar_topics
from forum.search.store import ready

__all__ = ["apply_changes", "check", "init_search", "ready", "rebuild", "search", "similar_topics"]
