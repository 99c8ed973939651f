"""The best-practice library: its pages and feed, promoting, retiring and nominating."""

from feedgen.feed import FeedGenerator
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import limits, permissions, queries
from forum.library import bp
from forum.library.forms import PromoteForm
from forum.services import curation
from forum.templating import current_language, shown_name
from forum.views import submitted, topic_url, viewable_post_or_404

FEED_ENTRIES = 30


@bp.app_context_processor
def nomination_count():
    """The account menu shows curators how many nominated posts wait for them."""
    return {"nomination_count": lambda: curation.count_pending(current_user)}


def _filters():
    return queries.LibraryFilters.from_args(current_user, request.args)


@bp.route("/library")
def index():
    filters = _filters()
    page = queries.library_entries(current_user, filters, queries.clamp_page(request.args.get("page")))
    return render_template(
        "library/index.html", entries=page, filters=filters, communities=queries.visible_communities(current_user)
    )


@bp.route("/library/feed.atom")
def feed():
    """The library's newest entries as Atom, with the page's filters. An anonymous post's
    author is shown as on every page (shown_name)."""
    filters = _filters()
    entries = queries.library_entries(current_user, filters, per_page=FEED_ENTRIES).items
    feed = FeedGenerator()
    feed.id(url_for("library.index", _external=True, **filters.args()))
    feed.title(_("Best-practice library") + " · " + _("Halaqa"))
    feed.link(href=url_for("library.index", _external=True, **filters.args()), rel="alternate")
    feed.link(href=request.url, rel="self")
    feed.language(current_language())
    feed.updated(entries[0].created_at if entries else None)
    for entry in reversed(entries):  # feedgen prepends: the newest ends first
        item = feed.add_entry()
        link = url_for("library.entry", entry_id=entry.id, _external=True)
        item.id(link)
        item.link(href=link)
        item.title(entry.title)
        item.author(name=str(shown_name(entry.post)))
        item.contributor(name=entry.curator.name)
        item.published(entry.created_at)
        item.updated(entry.created_at)
        item.content(entry.summary_cooked, type="html")
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


@bp.route("/library/<int:entry_id>")
def entry(entry_id):
    entry = queries.library_entry(current_user, entry_id) or abort(404)
    return render_template("library/entry.html", entry=entry)


@bp.route("/library/<int:entry_id>/retire", methods=["POST"])
@login_required
def retire(entry_id):
    entry = queries.library_entry(current_user, entry_id) or abort(404)
    curation.retire(current_user, entry, request.form.get("reason", ""))
    flash(_("Retired from the library. The staff log keeps the entry."), "success")
    return redirect(url_for("library.index"))


@bp.route("/p/<int:post_id>/promote", methods=["GET", "POST"])
@login_required
def promote(post_id):
    post = viewable_post_or_404(post_id)
    if not permissions.can_promote(current_user, post, post.topic):
        abort(403)
    existing = curation.live_entry(post.id)
    if existing is not None and request.method == "GET":
        flash(_("This post is already in the library."), "info")
        return redirect(url_for("library.entry", entry_id=existing.id))
    form = PromoteForm(title=post.topic.title)

    def save():
        entry = curation.promote(
            current_user,
            post,
            title=form.title.data,
            summary=form.raw.data,
            subject=form.subject.data,
            grade=form.grade.data,
        )
        flash(_("Added to the library. The author is told."), "success")
        return url_for("library.entry", entry_id=entry.id)

    preview, response = submitted(form, save)
    return response or (
        render_template("library/promote.html", form=form, post=post, preview=preview),
        422 if form.errors else 200,
    )


@bp.route("/p/<int:post_id>/nominate", methods=["POST"])
@limits.flagging
@login_required
def nominate(post_id):
    post = viewable_post_or_404(post_id)
    curation.nominate(current_user, post, request.form.get("reason", ""))
    flash(_("Thank you. The curators of this community will consider the post for the library."), "success")
    return redirect(topic_url(post.topic, post.post_number))


@bp.route("/library/nominations")
@login_required
def nominations():
    if not permissions.is_curator(current_user):
        abort(403)
    page = curation.nominations_queue(
        current_user, queries.clamp_page(request.args.get("page")), current_app.config["TOPICS_PER_PAGE"]
    )
    return render_template("library/nominations.html", nominated=page)


@bp.route("/library/nominations/<int:post_id>/decline", methods=["POST"])
@login_required
def decline(post_id):
    post = viewable_post_or_404(post_id)
    if not permissions.can_curate(current_user, post.topic.community):
        abort(403)
    curation.decline(current_user, post, request.form.get("note", ""))
    flash(_("Declined. The nominations are settled."), "success")
    return redirect(url_for("library.nominations"))
