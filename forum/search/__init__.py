"""Search: analysis, index schema, indexer and queries (the only importers of whoosh), and the
search pages (`forum.search.views`, its blueprint, loaded only by the app's assembly, so that
services reach the indexer without loading any view)."""
