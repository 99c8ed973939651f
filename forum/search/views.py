from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_login import current_user

from forum import limits, permissions, queries
from forum.search import search, similar_topics

bp = Blueprint("search", __name__)


def _query_text():
    """The free query plus the form's filter fields, as one query string."""
    parts = [request.args.get("q", "")]
    for name, prefix in (
        ("community", "community:"),
        ("category", "#"),
        ("author", "@"),
        ("after", "after:"),
        ("before", "before:"),
        ("status", "status:"),
    ):
        value = request.args.get(name, "").strip()
        if value:
            parts.append(f"{prefix}{value}")
    if request.args.get("order") == "latest":
        parts.append("order:latest")
    return " ".join(parts).strip()


def _results():
    page = queries.clamp_page(request.args.get("page"))
    return search(
        current_user,
        _query_text(),
        page=page,
        per_page=current_app.config["SEARCH_RESULTS_PER_PAGE"],
        group=request.args.get("group") == "topic",
    )


@bp.route("/search")
@limits.searching
def page():
    text = _query_text()
    results = _results() if text else None
    return render_template(
        "search/search.html",
        results=results,
        text=request.args.get("q", ""),
        categories=queries.categories(),
        communities=queries.visible_communities(current_user),
    )


@bp.route("/search.json")
@limits.searching
def as_json():
    results = _results()
    return jsonify(
        page=results.number,
        total=results.total,
        more=results.more,
        has_next=results.has_next,
        notices=[str(n) for n in results.criteria.notices],
        results=[
            {
                "post_id": hit.post.id,
                "topic_id": hit.post.topic_id,
                "post_number": hit.post.post_number,
                "topic_title": hit.post.topic.title,
                "blurb": str(hit.blurb),
                "author": who.username if (who := permissions.shown_author(hit.post)) else None,
                "created_at": hit.post.created_at.isoformat(),
                "community": hit.post.topic.community.slug,
                "category": hit.post.topic.category.slug,
                "url": url_for(
                    "topics.show_post",
                    slug=hit.post.topic.slug,
                    topic_id=hit.post.topic_id,
                    post_number=hit.post.post_number,
                ),
                "score": round(hit.score, 4),
            }
            for hit in results.hits
        ],
    )


@bp.route("/topics/similar.json")
def similar():
    topics = similar_topics(current_user, request.args.get("title", ""))
    return jsonify(
        topics=[
            {
                "id": t.id,
                "title": t.title,
                "community": t.community.name,
                "category": t.category.name,
                "url": url_for("topics.show", slug=t.slug, topic_id=t.id),
            }
            for t in topics
        ]
    )
