"""Flagging, the review queue, moderator actions and the staff action log."""

import re
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import limits, permissions, queries
from forum.moderation import bp
from forum.models.moderation import FLAG_REASONS
from forum.services import deletion, flags, moderation, moving, recovery
from forum.services.errors import InvalidInput
from forum.views import topic_url, viewable_post_or_404


@bp.app_context_processor
def review_count():
    """The account menu shows reviewers how many posts wait for them."""
    return {"review_count": lambda: flags.count_pending(current_user)}


POST_ACTIONS = {
    "hide": moderation.hide_post,
    "unhide": moderation.unhide_post,
    "delete": moderation.delete_post,
    "restore": moderation.restore_post,
}


def _post_for_moderator(post_id):
    """The post when the user moderates its community: 403 if they only read it, else 404."""
    post = queries.moderatable_post(current_user, post_id)
    if post is None:
        abort(403 if queries.viewable_post(current_user, post_id) else 404)
    return post


def _topic_for_moderator(topic_id):
    topic = queries.viewable_topic(current_user, topic_id) or abort(404)
    if not permissions.can_moderate(current_user, topic.community):
        abort(403)
    return topic


def _logged(response):
    """Every moderator action ends here: it went through and the staff log has it."""
    flash(_("Done. The action is in the staff log."), "success")
    return response


def _back_to(post):
    if post.topic.deleted_at is not None and not permissions.can_moderate(current_user, post.topic.community):
        return redirect(url_for("communities.show", slug=post.topic.community.slug))
    return redirect(topic_url(post.topic, post.post_number))


@bp.route("/p/<int:post_id>/flag", methods=["POST"])
@limits.flagging
@login_required
def flag(post_id):
    post = viewable_post_or_404(post_id)
    flags.flag(current_user, post, request.form.get("reason", ""), request.form.get("message", ""))
    flash(_("Thank you. The moderators of this community will review the post."), "success")
    return redirect(topic_url(post.topic, post.post_number))


@bp.route("/p/<int:post_id>/moderate", methods=["POST"])
@login_required
def moderate_post(post_id):
    post = _post_for_moderator(post_id)
    if request.form.get("action") == "reveal":
        author = moderation.reveal_author(current_user, post, request.form.get("reason", ""))
        flash(
            _(
                "Written by %(name)s (@%(username)s). The staff log records that you looked, and the author is told.",
                name=author.name,
                username=author.username,
            ),
            "success",
        )
        return redirect(topic_url(post.topic, post.post_number))
    action = POST_ACTIONS.get(request.form.get("action")) or abort(400)
    action(current_user, post, request.form.get("reason", ""))
    return _logged(_back_to(post))


@bp.route("/t/<int:topic_id>/moderate", methods=["POST"])
@login_required
def moderate_topic(topic_id):
    topic = _topic_for_moderator(topic_id)
    action, reason = request.form.get("action"), request.form.get("reason", "")
    if action == "delete":
        moderation.delete_topic(current_user, topic, reason)
    elif action == "restore":
        moderation.restore_topic(current_user, topic, reason)
    elif action in moderation.TOPIC_STATES:
        moderation.set_topic_state(current_user, topic, action, reason)
    else:
        abort(400)
    return _logged(redirect(topic_url(topic)))


# Moving discussions ---------------------------------------------------------------------------

TOPIC_ADDRESS = re.compile(r"^\s*(?:#?(\d+)|\S*/t/(?:[^/\s]+/)?(\d+)(?:/\d+)?/?(?:[?#]\S*)?)\s*$")


@bp.route("/t/<int:topic_id>/move")
@login_required
def move_page(topic_id):
    """Move the topic, split replies off it, or merge it into another."""
    topic = _topic_for_moderator(topic_id)
    posts = queries.topic_posts(current_user, topic, queries.clamp_page(request.args.get("page")))
    return render_template(
        "moderation/move.html",
        topic=topic,
        posts=posts,
        categories=queries.categories(),
        communities=queries.moderated_communities(current_user),
    )


def _category(slug):
    return queries.category_by_slug(slug or "") or _refuse(_("Choose one of the offered categories."), "category")


def _refuse(message, field):
    raise InvalidInput(message, field=field)


@bp.route("/t/<int:topic_id>/move", methods=["POST"])
@login_required
def move(topic_id):
    topic = _topic_for_moderator(topic_id)
    community = queries.community_by_slug(current_user, request.form.get("community", "")) or _refuse(
        _("Choose one of the offered communities."), "community"
    )
    moving.move_topic(
        current_user, topic, community, _category(request.form.get("category")), request.form.get("reason", "")
    )
    return _logged(redirect(topic_url(topic)))


@bp.route("/t/<int:topic_id>/split", methods=["POST"])
@login_required
def split(topic_id):
    topic = _topic_for_moderator(topic_id)
    category = _category(request.form.get("category")) if request.form.get("category") else None
    new = moving.split_posts(
        current_user,
        topic,
        request.form.getlist("posts"),
        request.form.get("title", ""),
        category,
        request.form.get("reason", ""),
    )
    return _logged(redirect(topic_url(new)))


@bp.route("/t/<int:topic_id>/merge", methods=["POST"])
@login_required
def merge(topic_id):
    """Merge into the topic named by its number or its address."""
    topic = _topic_for_moderator(topic_id)
    match = TOPIC_ADDRESS.match(request.form.get("into", ""))
    target = match and queries.viewable_topic(current_user, int(match.group(1) or match.group(2)))
    if not target:
        _refuse(_("No topic you can see has this number or address."), "into")
    moving.merge_topics(current_user, topic, target, request.form.get("reason", ""))
    return _logged(redirect(topic_url(target)))


@bp.route("/review")
@login_required
def review():
    if not permissions.can_review(current_user):
        abort(403)
    page = flags.review_queue(
        current_user, queries.clamp_page(request.args.get("page")), current_app.config["TOPICS_PER_PAGE"]
    )
    return render_template(
        "moderation/review.html",
        reviews=page,
        reasons=FLAG_REASONS,
        held=flags.held_posts(current_user) if page.number == 1 else [],
    )


@bp.route("/review/<int:post_id>/held", methods=["POST"])
@login_required
def settle_held(post_id):
    """A post held for approval: approve it, or delete it with a reason the author reads."""
    post = _post_for_moderator(post_id)
    if request.form.get("decision") == "approve":
        moderation.approve_post(current_user, post)
        flash(_("Approved. Everyone can read the post, and its author is no longer held."), "success")
    else:
        moderation.delete_post(current_user, post, request.form.get("reason", ""))
        flash(_("Deleted. The author is told, with your reason."), "success")
    return redirect(url_for("moderation.review"))


@bp.route("/review/<int:post_id>", methods=["POST"])
@login_required
def settle(post_id):
    post = _post_for_moderator(post_id)
    outcome = request.form.get("outcome", "")
    flags.settle(
        current_user,
        post,
        outcome,
        delete=outcome == "agreed" and request.form.get("delete") == "1",
        note=request.form.get("note", ""),
    )
    flash(_("Reviewed. The author and the members who flagged the post are told."), "success")
    return redirect(url_for("moderation.review"))


@bp.route("/u/<username>/restrict", methods=["POST"])
@login_required
def restrict(username):
    user = queries.user_by_username(username) or abort(404)
    if not permissions.can_moderate_users(current_user):
        abort(403)
    kind = request.form.get("kind", "")
    if request.form.get("lift"):
        moderation.lift_restriction(current_user, user, kind, request.form.get("reason", ""))
    else:
        moderation.restrict_user(
            current_user, user, kind, _date(request.form.get("until")), request.form.get("reason", "")
        )
    return _logged(redirect(url_for("users.show", username=user.username)))


@bp.route("/u/<username>/role", methods=["POST"])
@login_required
def set_role(username):
    """An admin's form on a profile: the site role, or the role in one community."""
    user = queries.user_by_username(username) or abort(404)
    if not permissions.can_grant_roles(current_user):
        abort(403)
    community = None
    if request.form.get("community"):
        community = queries.community_by_slug(current_user, request.form["community"]) or abort(404)
    moderation.set_role(current_user, user, request.form.get("role", ""), community=community)
    return _logged(redirect(url_for("users.show", username=user.username)))


@bp.route("/u/<username>/password-reset", methods=["POST"])
@login_required
def send_password_reset(username):
    """An admin's button on a profile: email the member a link to choose a new password."""
    user = queries.user_by_username(username) or abort(404)
    recovery.send_reset_by_admin(current_user, user)
    flash(_("A link to choose a new password is on its way to the member's email address."), "success")
    return redirect(url_for("users.show", username=user.username))


@bp.route("/u/<username>/delete", methods=["POST"])
@login_required
def delete_account(username):
    """An admin's form on a profile: delete the member's account, on their request."""
    user = queries.user_by_username(username) or abort(404)
    deletion.delete_account_by_admin(current_user, user, request.form.get("confirm", ""))
    flash(_("The account is deleted. What the member wrote stays, signed “a former member”."), "success")
    return redirect(url_for("moderation.staff_log"))


def _date(value):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Give the date as year-month-day."), field="until") from None


@bp.route("/admin/log")
@login_required
def staff_log():
    if not permissions.can_view_staff_log(current_user):
        abort(403)
    filters = queries.StaffLogFilters.from_args(request.args)
    page = queries.staff_actions(filters, queries.clamp_page(request.args.get("page")))
    return render_template(
        "moderation/log.html",
        actions=page,
        filters=filters,
        action_names=moderation.ACTIONS,
        communities=queries.visible_communities(current_user),
    )
