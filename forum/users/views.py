from flask import abort, current_app, redirect, render_template, request
from flask_login import current_user

from forum import queries
from forum.auth.views import safe_next
from forum.extensions import LOCALE_COOKIE
from forum.forms import ActionForm
from forum.services import accounts, reading
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


@bp.route("/locale", methods=["POST"])
def set_locale():
    """The language switcher: remembered in a cookie, and in the profile when signed in."""
    locale = request.form.get("locale")
    if locale not in current_app.config["LANGUAGES"] or not ActionForm().validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        accounts.set_locale(current_user, locale)
    response = redirect(safe_next(request.form.get("next")))
    response.set_cookie(LOCALE_COOKIE, locale, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response
