"""The search index's schema: each visible post is one document."""

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from forum.search.analysis import STEMMED, SURFACE

# Weights: a title match counts more than a body match, and in titles an exact word form
# more than a stem match; the opening post gets a document boost when indexed (indexer.py).
# Bodies have no exact-form field: it would double the index's postings, and with them
# indexing and query time, for a ranking nuance that titles already give.
SCHEMA = Schema(
    post_id=ID(stored=True, unique=True),
    topic_id=NUMERIC(stored=True, sortable=True),
    community=ID,
    category=ID,
    author=ID,
    is_first=BOOLEAN,
    # What the topic has become: "solved" for a hard question with its answer or synthesis.
    status=KEYWORD,
    created_at=DATETIME(sortable=True),
    title=TEXT(analyzer=STEMMED, field_boost=2.0),
    title_exact=TEXT(analyzer=SURFACE, field_boost=2.5),
    body=TEXT(analyzer=STEMMED),
    # The names of the files a post shows, and the text read from its documents.
    files=TEXT(analyzer=STEMMED, field_boost=0.8),
)

FIRST_POST_BOOST = 1.2
