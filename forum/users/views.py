from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import queries
from forum.auth.views import safe_next
from forum.extensions import LOCALE_COOKIE
from forum.forms import ActionForm
from forum.services import accounts, notifications, reading
from forum.users import bp

ONE_YEAR = 365 * 24 * 3600


@bp.before_app_request
def note_visit():
    if request.endpoint != "static" and current_user.is_authenticated:
        reading.record_visit(current_user)


@bp.route("/u/<username>")
def show(username):
    user = queries.user_by_username(username) or abort(404)
    return render_template(
        "users/show.html", user=user,
        topics=queries.topics_started_by(current_user, user, queries.clamp_page(request.args.get("page"))),
        communities=queries.user_communities(current_user, user),
    )


@bp.route("/users/search.json")
@login_required
def search_json():
    """Suggestions for the composer's @mentions."""
    users = queries.users_matching(request.args.get("term", ""))
    return jsonify(users=[{"username": u.username, "name": u.name} for u in users])


@bp.route("/notifications")
@login_required
def notifications_page():
    page = notifications.notifications_page(current_user, queries.clamp_page(request.args.get("page")),
                                            current_app.config["TOPICS_PER_PAGE"])
    return render_template("users/notifications.html", notifications=page, action_form=ActionForm())


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id):
    """Following a notification marks it read and goes where it points."""
    notification = notifications.open_notification(current_user, notification_id)
    topic = notification.topic
    if notification.post is not None:
        return redirect(url_for("topics.show_post", slug=topic.slug, topic_id=topic.id,
                                post_number=notification.post.post_number))
    return redirect(url_for("topics.show", slug=topic.slug, topic_id=topic.id))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_all_notifications():
    notifications.mark_all_read(current_user)
    return redirect(url_for("users.notifications_page"))


@bp.route("/locale", methods=["POST"])
def set_locale():
    """The language switcher: remembered in a cookie, and in the profile when signed in."""
    locale = request.form.get("locale")
    if locale not in current_app.config["LANGUAGES"]:
        abort(400)
    if current_user.is_authenticated:
        accounts.set_locale(current_user, locale)
    response = redirect(safe_next(request.form.get("next")))
    response.set_cookie(LOCALE_COOKIE, locale, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response
