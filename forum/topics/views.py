from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import limits, pagecache, permissions, queries
from forum.extensions import accepts_files
from forum.forms import ActionForm, attach_error, options
from forum.services import answers, bookmarks, posting, reactions, reading, revising, stats
from forum.services.content import cook_post, valid_body
from forum.services.errors import EditConflict, InvalidInput
from forum.templating import draft_sent
from forum.topics import bp
from forum.topics.forms import EditForm, ReplyForm, SynthesisForm, TopicForm
from forum.views import add_picked_files, cooked_preview, safe_next, submitted, topic_url, viewable_post_or_404


def _status(form):
    return 422 if form.errors else 200


def _replies_anonymously(topic):
    """Whoever started a topic anonymously replies in it anonymously unless they untick the box."""
    return topic.anonymous and topic.user_id == current_user.id


def _viewable_topic(topic_id):
    """The topic; for a topic merged into another, a redirect there; else 404."""
    topic = queries.viewable_topic(current_user, topic_id)
    merged_into = topic.merged_into_id if topic is not None else queries.merged_into_id(topic_id)
    if merged_into:
        abort(redirect(topic_url(queries.viewable_topic(current_user, merged_into) or abort(404)), 301))
    return topic or abort(404)


@bp.route("/t/<int:topic_id>")
def short(topic_id):
    return redirect(topic_url(_viewable_topic(topic_id)), 301)


@bp.route("/t/<slug>/<int:topic_id>")
def show(slug, topic_id):
    topic = _viewable_topic(topic_id)
    if slug != topic.slug:
        return redirect(topic_url(topic, **request.args), 301)
    stats.record_view(topic.id)
    return pagecache.cached(topic.page_stamp, lambda: _topic_page(topic))


def _topic_page(topic):
    page = queries.topic_posts(current_user, topic, queries.clamp_page(request.args.get("page")))
    if not page.items and page.number > 1:
        abort(404)
    state = None
    if current_user.is_authenticated and page.items:
        state = reading.visit_topic(current_user, topic, page.items[-1].post_number)
    form = ReplyForm(anonymous=_replies_anonymously(topic)) if permissions.can_reply(current_user, topic) else None
    post_ids = [p.id for p in page.items]
    return render_template(
        "topics/show.html",
        topic=topic,
        posts=page,
        form=form,
        action_form=ActionForm(),
        state=state,
        reacted=queries.post_reactions(current_user, post_ids),
        bookmarked=queries.post_bookmarks(current_user, post_ids),
        flagged=queries.post_flags(current_user, post_ids),
        files=queries.files_of_posts(page.items),
        curated=queries.topic_library_entries(topic.id, post_ids),
        nominated=queries.post_nominations(current_user, post_ids),
        replies=queries.replies_to(current_user, topic, [p.post_number for p in page.items]),
    )


@bp.route("/p/<int:post_id>/react", methods=["POST"])
@login_required
def react(post_id):
    """A reaction button: `kind` adds that reaction, `undo` takes it back."""
    post = viewable_post_or_404(post_id)
    if "undo" in request.form:
        reactions.unreact(current_user, post, request.form["undo"])
    else:
        reactions.react(current_user, post, request.form.get("kind"))
    return redirect(topic_url(post.topic, post.post_number))


@bp.route("/p/<int:post_id>/bookmark", methods=["POST"])
@login_required
def bookmark(post_id):
    """Bookmark the post, or change the note of its bookmark."""
    post = viewable_post_or_404(post_id)
    bookmarks.bookmark(current_user, post, request.form.get("note", ""))
    return redirect(topic_url(post.topic, post.post_number))


@bp.route("/p/<int:post_id>/bookmark/remove", methods=["POST"])
@login_required
def remove_bookmark(post_id):
    post = viewable_post_or_404(post_id)
    bookmarks.remove_bookmark(current_user, post)
    return redirect(
        safe_next(request.form.get("next")) if request.form.get("next") else topic_url(post.topic, post.post_number)
    )


@bp.route("/t/<int:topic_id>/level", methods=["POST"])
@login_required
def set_level(topic_id):
    topic = queries.viewable_topic(current_user, topic_id) or abort(404)
    reading.set_topic_level(current_user, topic, request.form.get("level"))
    return redirect(topic_url(topic))


@bp.route("/t/<slug>/<int:topic_id>/<int:post_number>")
def show_post(slug, topic_id, post_number):
    topic = _viewable_topic(topic_id)
    page = queries.page_of_post(current_user, topic, post_number)
    return redirect(topic_url(topic, page=page if page > 1 else None) + f"#post-{post_number}")


@bp.route("/p/<int:post_id>")
def permalink(post_id):
    """A post's short, stable address (quotes link here): wherever the post now is."""
    post = viewable_post_or_404(post_id)
    return redirect(
        url_for("topics.show_post", slug=post.topic.slug, topic_id=post.topic_id, post_number=post.post_number)
    )


@bp.route("/communities/<slug>/new-topic", methods=["GET", "POST"])
@accepts_files
@limits.posting
@limits.preview_submits
@login_required
def new(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    if not permissions.can_create_topic(current_user, community):
        abort(403)
    categories = {c.slug: c for c in queries.categories()}
    form = TopicForm(category=request.args.get("category"))
    form.category.choices = options((c.slug, c.name) for c in categories.values())
    preview, done = submitted(
        form,
        lambda: topic_url(
            posting.create_topic(
                current_user,
                community,
                categories[form.category.data],
                form.title.data,
                form.raw.data,
                anonymous=form.anonymous.data,
            )
        ),
    )
    return done or (render_template("topics/new.html", form=form, community=community, preview=preview), _status(form))


@bp.route("/t/<int:topic_id>/reply", methods=["GET", "POST"])
@accepts_files
@limits.posting
@limits.preview_submits
@login_required
def reply(topic_id):
    topic = queries.viewable_topic(current_user, topic_id) or abort(404)
    posting.check_can_reply(current_user, topic)
    form = ReplyForm(reply_to=request.args.get("to", type=int), anonymous=_replies_anonymously(topic))
    preview, done = submitted(
        form,
        lambda: topic_url(
            topic,
            posting.create_reply(
                current_user, topic, form.raw.data, reply_to=form.reply_to.data, anonymous=form.anonymous.data
            ).post_number,
        ),
    )
    return done or (render_template("topics/reply.html", form=form, topic=topic, preview=preview), _status(form))


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@accepts_files
@limits.preview_submits
@login_required
def edit(post_id):
    post = viewable_post_or_404(post_id)
    topic = post.topic
    if not permissions.can_edit_post(current_user, post, topic):
        abort(403)
    form = EditForm(obj=post, title=topic.title, base_version=post.version)
    preview, conflict = None, False
    if form.validate_on_submit() and add_picked_files(form):
        if form.preview.data:
            preview = cooked_preview(form.raw.data)
        else:
            try:
                revising.revise_post(
                    current_user,
                    post,
                    form.raw.data,
                    title=form.title.data if post.is_first else None,
                    reason=form.reason.data or "",
                    base_version=form.base_version.data,
                )
            except EditConflict as error:
                # Keep the editor's text; the page shows the current version beside it.
                form.form_errors.append(error.message)
                form.base_version.data, conflict = post.version, True
            except InvalidInput as error:
                attach_error(form, error)
            else:
                draft_sent()
                return redirect(topic_url(topic, post.post_number))
    return render_template(
        "topics/edit.html", form=form, post=post, topic=topic, preview=preview, conflict=conflict
    ), 409 if conflict else _status(form)


@bp.route("/p/<int:post_id>/revisions")
def revisions(post_id):
    post = viewable_post_or_404(post_id)
    history = revising.post_revisions(post)
    diffs = {r.id: revising.diff_words(r.raw_before, r.raw_after) for r in history}
    return render_template("topics/revisions.html", post=post, topic=post.topic, revisions=history, diffs=diffs)


@bp.route("/preview", methods=["POST"])
@limits.previewing
@login_required
def preview():
    """The composer's live preview: the same cleaning and cooking as saving."""
    raw = request.form.get("raw", "")
    if not raw.strip():
        return jsonify(html="")
    try:
        return jsonify(html=str(cook_post(valid_body(raw), writer=current_user)))
    except InvalidInput as error:
        return jsonify(html="", error=str(error.message)), error.status


# Hard questions ------------------------------------------------------------------------------


@bp.route("/p/<int:post_id>/accept", methods=["POST"])
@login_required
def accept(post_id):
    post = viewable_post_or_404(post_id)
    answers.accept_answer(current_user, post)
    flash(_("The reply is marked as the answer; it shows under the question."), "success")
    return redirect(topic_url(post.topic, post.post_number))


@bp.route("/p/<int:post_id>/unaccept", methods=["POST"])
@login_required
def unaccept(post_id):
    post = viewable_post_or_404(post_id)
    answers.unmark_solution(current_user, post)
    flash(_("The question is open again."), "success")
    return redirect(topic_url(post.topic, post.post_number))


@bp.route("/t/<int:topic_id>/synthesis", methods=["GET", "POST"])
@accepts_files
@limits.posting
@limits.preview_submits
@login_required
def synthesis(topic_id):
    topic = queries.viewable_topic(current_user, topic_id) or abort(404)
    if not permissions.can_write_synthesis(current_user, topic):
        abort(403)
    form = SynthesisForm()
    preview, done = submitted(
        form, lambda: topic_url(topic, answers.write_synthesis(current_user, topic, form.raw.data).post_number)
    )
    return done or (render_template("topics/synthesis.html", form=form, topic=topic, preview=preview), _status(form))
