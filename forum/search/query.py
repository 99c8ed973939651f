"""Searching: Discourse-like query syntax, permissions applied inside the query, Arabic-aware
highlights. Results are reloaded from the database by id."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import not_, select
from sqlalchemy.orm import joinedload
from whoosh import highlight
from whoosh.qparser import FieldsPlugin, MultifieldParser, OrGroup, WildcardPlugin
from whoosh.query import And, ConstantScoreQuery, DateRange, Every, Not, NullQuery, Or, Term

from forum import permissions, queries
from forum.extensions import db
from forum.markup import to_text
from forum.models import Community, Post, Topic
from forum.search.analysis import content_words
from forum.search import store
from forum.text import fold_key

MAX_QUERY_LENGTH = 500
# Counting every match of a common word costs more than finding the best ones; past this
# many, a search says "more than N" (and pages stop there).
COUNT_LIMIT = 1000
TEXT_FIELDS = ["title", "title_exact", "body", "files"]
TITLE_FIELDS = ["title", "title_exact"]
# status: a hard question's (queries.STATUSES), or in the best-practice library.
STATUSES = (*queries.STATUSES, "curated")
FILTER = re.compile(r'(?<!\S)(@|#|[^\W\d_]+:)("[^"]*"|\S+)')


@dataclass
class Criteria:
    """A parsed query: free text plus filters."""

    words: str = ""
    author: str | None = None
    category: str | None = None
    community: str | None = None
    before: datetime | None = None
    after: datetime | None = None
    status: str | None = None
    titles_only: bool = False
    latest_first: bool = False
    notices: list = field(default_factory=list)


@dataclass
class Hit:
    post: Post
    blurb: Markup
    score: float


@dataclass
class Results:
    """One page of hits; pages like queries.Page, so the same pagination serves both."""

    criteria: Criteria
    hits: list
    total: int
    number: int
    has_next: bool
    # True when there are more than `total` matches: counting stops at COUNT_LIMIT.
    more: bool = False

    @property
    def has_previous(self):
        return self.number > 1


def parse(text: str) -> Criteria:
    """Split a query into words and filters. Never fails: what it cannot read stays a
    plain word, and a notice says so."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    criteria = Criteria()

    def take(match):
        prefix, value = match.group(1), match.group(2).strip('"')
        if _apply_filter(criteria, prefix, value):
            return " "
        criteria.notices.append(_("“%(filter)s” was not understood and was searched as words.", filter=match.group(0)))
        return " " + value + " "

    words = FILTER.sub(take, text).replace(":", " ")
    if words.count('"') % 2:
        words = words.replace('"', " ")
        criteria.notices.append(_("An unclosed quotation mark was ignored."))
    criteria.words = " ".join(words.split())
    return criteria


def _apply_filter(criteria, prefix, value):
    if prefix in ("@", "user:"):
        criteria.author = fold_key(value)
    elif prefix in ("#", "category:"):
        criteria.category = value.lower()
    elif prefix == "community:":
        criteria.community = value.lower()
    elif prefix in ("before:", "after:"):
        try:
            day = datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            return False
        setattr(criteria, prefix[:-1], day)
    elif prefix == "status:" and value.lower() in STATUSES:
        criteria.status = value.lower()
    elif prefix == "in:" and value == "title":
        criteria.titles_only = True
    elif prefix == "order:" and value == "latest":
        criteria.latest_first = True
    else:
        return False
    return True


def search(user, text, *, page=1, per_page=20, group=False) -> Results:
    """Posts matching text that user may read, best first (or latest first). Grouped: only
    the best post of each topic, and the total counts topics."""
    criteria = parse(text)
    scope = _scope(user, criteria)
    if scope is None:
        return Results(criteria, [], 0, page, False)
    with store.searcher() as searcher:
        query = _text_query(searcher.schema, criteria)
        if query is None and not _has_filters(criteria):
            return Results(criteria, [], 0, page, False)
        collector = searcher.collector(
            limit=page * per_page,
            terms=True,
            sortedby="created_at" if criteria.latest_first else None,
            reverse=criteria.latest_first,
            # Collapsing must see every match to know each topic's best post.
            collapse="topic_id" if group else None,
            optimize=not group,
        )
        query = scope(query or Every())
        searcher.search_with_collector(query, collector)
        found = collector.results()
        total = len(collector.lists) if group else _count(searcher, query)
        ranked = [(int(hit["post_id"]), hit.score, hit) for hit in found[(page - 1) * per_page : page * per_page]]
        posts = _load_posts(user, [post_id for post_id, _, _ in ranked])
        hits = [
            Hit(posts[post_id], _blurb(hit, posts[post_id]), score or 0.0)
            for post_id, score, hit in ranked
            if post_id in posts
        ]
        shown = min(total, COUNT_LIMIT)
        return Results(criteria, hits, shown, page, page * per_page < shown, more=total > COUNT_LIMIT)


def _count(searcher, query):
    """How many documents match, counted up to one past COUNT_LIMIT."""
    return sum(1 for _ in islice(searcher.docs_for_query(query), COUNT_LIMIT + 1))


def similar_topics(user, title, limit=5) -> list[Topic]:
    """Visible topics whose titles share words with title, for the composer."""
    criteria = Criteria(words=" ".join(content_words((title or "")[:MAX_QUERY_LENGTH])), titles_only=True)
    scope = _scope(user, criteria)
    if scope is None or not criteria.words:
        return []
    with store.searcher() as searcher:
        query = _text_query(searcher.schema, criteria)
        if query is None:
            return []
        found = searcher.search(scope(And([query, _condition(Term("is_first", True))])), limit=limit)
        ids = [hit["topic_id"] for hit in found]
    topics = {
        t.id: t
        for t in db.session.scalars(
            select(Topic)
            .join(Topic.community)
            .where(Topic.id.in_(ids), permissions.visible_topics_clause(user))
            .options(joinedload(Topic.community), joinedload(Topic.category))
        )
    }
    return [topics[i] for i in ids if i in topics]


def _has_filters(criteria):
    return any(
        (criteria.author, criteria.category, criteria.community, criteria.before, criteria.after, criteria.status)
    )


def _text_query(schema, criteria):
    if not criteria.words:
        return None
    fields = TITLE_FIELDS if criteria.titles_only else TEXT_FIELDS
    # OR: every word may be missing. BM25 adds up each word's weight, so a post with more
    # of the words ranks above one with fewer, and rare words weigh more than common ones.
    parser = MultifieldParser(fields, schema, group=OrGroup)
    for plugin in (WildcardPlugin, FieldsPlugin):  # no field syntax or wildcards from users
        parser.remove_plugin_class(plugin)
    try:
        query = parser.parse(criteria.words)
    except Exception:
        query = parser.parse(re.sub(r"[^\w\s]", " ", criteria.words))
    return None if query is None or query is NullQuery else query


def _scope(user, criteria):
    """What the user may see and asked to see, as a function that narrows a query; None
    when that is nothing. Conditions go inside the query, so that counts, pages and
    grouping all see the same documents. Communities the user may not read are masked
    out: usually few, so cheaper than listing those they may read."""
    conditions = []
    if criteria.community:
        community = queries.community_by_slug(user, criteria.community)
        if community is None:
            return None
        conditions.append(Term("community", str(community.id)))
    if criteria.author:
        conditions.append(Term("author", criteria.author))
    if criteria.category:
        conditions.append(Term("category", criteria.category))
    if criteria.before or criteria.after:
        conditions.append(DateRange("created_at", criteria.after, criteria.before))
    excluded = []
    if criteria.status in ("solved", "curated"):
        conditions.append(Term("status", criteria.status))
    elif criteria.status == "unsolved":  # hard questions without their answer
        conditions.append(Term("category", queries.category_of_kind("questions").slug))
        excluded.append(Term("status", "solved"))
    hidden = (
        []
        if permissions.is_staff(user)
        else db.session.scalars(select(Community.id).where(not_(permissions.visible_communities_clause(user)))).all()
    )
    excluded.extend(Term("community", str(i)) for i in hidden)

    if excluded:
        # Not, rather than AndNot: Whoosh's AndNot matcher lets through a document the excluded
        # side holds when that side starts before it (a members-only post found by outsiders).
        conditions.append(Not(Or(excluded)))

    def narrow(query):
        return And([query, *map(_condition, conditions)]) if conditions else query

    return narrow


def _condition(query):
    """A query that selects documents without adding to their score."""
    return ConstantScoreQuery(query, 0.0)


def _load_posts(user, ids):
    """The posts of these ids that the user may read in a list: the index decides what matches,
    the database (the truth) has the last word on what shows."""
    stmt = (
        select(Post)
        .join(Post.topic)
        .join(Topic.community)
        .where(Post.id.in_(ids), permissions.listed_posts_clause(user))
        .options(
            joinedload(Post.author),
            joinedload(Post.topic).joinedload(Topic.community),
            joinedload(Post.topic).joinedload(Topic.category),
        )
    )
    return {post.id: post for post in db.session.scalars(stmt)}


class _MarkFormatter(highlight.Formatter):
    """Escapes the text and wraps matched words (whole words, as written) in <mark>."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text):
        return str(escape(text))


def _blurb(hit, post) -> Markup:
    text = to_text(post.cooked)
    hit.results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
    hit.results.formatter = _MarkFormatter()
    fragments = hit.highlights("body", text=text, top=2)
    if fragments:
        return Markup(fragments)
    return Markup(escape(text[:220] + ("…" if len(text) > 220 else "")))
