from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum import limits, permissions, queries
from forum.extensions import LOCALE_COOKIE, accepts_files, csrf
from forum.forms import ActionForm, attach_error
from forum.services import accounts, addresses, deletion, emails, export, notifications, preferences, reading, uploads
from forum.services.errors import AlreadyDone, InvalidInput
from forum.users.forms import EMAIL_KIND_LABELS, DeleteAccountForm, PasswordForm, PreferencesForm, ProfileForm
from forum.users import bp
from forum.views import safe_next

ONE_YEAR = 365 * 24 * 3600


@bp.before_app_request
def note_visit():
    if request.endpoint != "static" and current_user.is_authenticated:
        reading.record_visit(current_user)


PROFILE_TABS = {"topics": queries.topics_started_by, "replies": queries.replies_by, "reactions": queries.reactions_of}


@bp.route("/u/<username>")
def show(username):
    """A member's page: figures, communities, and their topics, replies or reactions."""
    user = queries.user_by_username(username) or abort(404)
    tab = request.args.get("tab", "topics")
    if tab not in PROFILE_TABS:
        abort(404)
    return render_template(
        "users/show.html",
        user=user,
        tab=tab,
        activity=PROFILE_TABS[tab](current_user, user, queries.clamp_page(request.args.get("page"))),
        figures=queries.user_figures(current_user, user),
        memberships=queries.user_memberships(current_user, user),
        blocked=current_user.is_authenticated and queries.blocks(current_user, user),
        all_communities=queries.visible_communities(current_user) if permissions.can_grant_roles(current_user) else [],
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
    page = notifications.notifications_page(
        current_user, queries.clamp_page(request.args.get("page")), current_app.config["TOPICS_PER_PAGE"]
    )
    return render_template("users/notifications.html", notifications=page, action_form=ActionForm())


@bp.route("/bookmarks")
@login_required
def bookmarks_page():
    return render_template(
        "users/bookmarks.html",
        bookmarks=queries.bookmarks_of(current_user, queries.clamp_page(request.args.get("page"))),
    )


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id):
    """Following a notification marks it read and goes where it points."""
    notification = notifications.open_notification(current_user, notification_id)
    topic = notification.topic
    if notification.post is not None:
        return redirect(
            url_for("topics.show_post", slug=topic.slug, topic_id=topic.id, post_number=notification.post.post_number)
        )
    return redirect(url_for("topics.show", slug=topic.slug, topic_id=topic.id))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_all_notifications():
    notifications.mark_all_read(current_user)
    return redirect(url_for("users.notifications_page"))


@bp.route("/my/preferences", methods=["GET", "POST"])
@login_required
def preferences_page():
    form = PreferencesForm()
    if request.method == "GET":
        _fill_preferences(form, current_user)
    elif form.validate_on_submit():
        try:
            preferences.update_preferences(
                current_user,
                display_name=form.display_name.data or "",
                bio=form.bio.data or "",
                email={kind: form[f"email_{kind}"].data for kind in preferences.EMAIL_KINDS},
                email_digest=form.email_digest.data,
                on_start=form.on_start.data,
                on_reply=form.on_reply.data,
                **form.profile(),
            )
        except InvalidInput as error:
            attach_error(form, error)
        else:
            flash(_("Your preferences are saved."), "success")
            return _remember_locale(redirect(url_for("users.preferences_page")), current_user.locale)
    return _preferences_page(form, PasswordForm(formdata=None))


# Onboarding ------------------------------------------------------------------------------------


@bp.route("/welcome", methods=["GET", "POST"])
@login_required
def welcome():
    """The first step after signing up: language, role, subjects and grades."""
    form = ProfileForm()
    if request.method == "GET":
        form.show_profile(current_user)
    elif form.validate_on_submit():
        try:
            preferences.introduce(current_user, **form.profile())
        except InvalidInput as error:
            attach_error(form, error)
        else:
            return _remember_locale(redirect(url_for("users.welcome_communities")), current_user.locale)
    return render_template("users/welcome.html", form=form), 422 if form.errors else 200


@bp.route("/welcome/communities")
@login_required
def welcome_communities():
    """The second step: a few communities to join (each asks for the school and the charter)."""
    return render_template("users/welcome_communities.html", suggestions=queries.communities_to_join(current_user))


@bp.route("/tips/<name>/dismiss", methods=["POST"])
@login_required
def dismiss_tip(name):
    preferences.dismiss_tip(current_user, name)
    return redirect(safe_next(request.form.get("next")))


@bp.app_template_global()
def tip_shown(name):
    """Whether the signed-in member has yet to dismiss that tip."""
    return current_user.is_authenticated and preferences.tip_shown(current_user, name)


@bp.route("/my/password", methods=["POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            preferences.change_password(current_user, form.current_password.data, form.new_password.data)
        except InvalidInput as error:
            attach_error(form, error)
        else:
            _stay_signed_in(current_user._get_current_object())
            flash(_("Your password is changed."), "success")
            return redirect(url_for("users.preferences_page"))
    preferences_form = PreferencesForm(formdata=None)
    _fill_preferences(preferences_form, current_user)
    return _preferences_page(preferences_form, form)


@bp.route("/my/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    """Ends every session of the account, this browser's included: for a phone lost or a
    shared computer left signed in."""
    if ActionForm().validate_on_submit():
        accounts.end_sessions(current_user)
        logout_user()
        flash(_("You are signed out on every device, this one included."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/my/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Deleting one's own account, confirmed with the password."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            deletion.delete_own_account(current_user, form.password.data)
        except InvalidInput as error:
            attach_error(form, error)
        else:
            logout_user()
            flash(_("Your account is deleted. What you wrote stays, signed “a former member”."), "success")
            return redirect(url_for("communities.home"))
    return render_template("users/delete.html", form=form), 422 if form.errors else 200


@bp.route("/my/email", methods=["POST"])
@limits.confirmation
@login_required
def change_email():
    """A new address, with the password: it takes over once the link sent to it is opened."""
    return _preferences_action(
        lambda: addresses.request_change(current_user, request.form.get("password", ""), request.form.get("email", "")),
        lambda: _(
            "A link is on its way to %(email)s: open it to make it your address.", email=current_user.pending_email
        ),
    )


@bp.route("/my/export", methods=["POST"])
@limits.exporting
@login_required
def request_export():
    """ "Download my data": a ZIP prepared in the background, its link emailed."""
    return _preferences_action(
        lambda: export.request_export(current_user),
        lambda: _("Your data is being prepared: a link to download it will arrive by email."),
    )


@bp.route("/my/avatar", methods=["POST"])
@accepts_files
@limits.uploading
@login_required
def change_avatar():
    """A new profile picture, cut square from the image chosen; or, with "remove", none."""
    if request.form.get("remove"):
        return _preferences_action(
            lambda: uploads.remove_avatar(current_user), lambda: _("Your profile picture is removed.")
        )
    picked = request.files.get("avatar")
    return _preferences_action(
        lambda: uploads.receive_avatar(
            current_user, picked.filename if picked else "", uploads.read_picked(picked) if picked else b""
        ),
        lambda: _("Your profile picture is changed."),
    )


def _preferences_action(act, done_message):
    """A button of the preferences page: act(), then its outcome said on the page again (an
    "already done" is said as plainly as success)."""
    if ActionForm().validate_on_submit():
        try:
            act()
        except AlreadyDone as done:
            flash(done.message, "success")
        except InvalidInput as error:
            flash(error.message, "error")
        else:
            flash(done_message(), "success")
    return redirect(url_for("users.preferences_page"))


@bp.route("/my/export/<token>")
@login_required
def download_export(token):
    return send_file(export.file_for(token, current_user), as_attachment=True, download_name="halaqa-data.zip")


def _stay_signed_in(user):
    """The password change ended every session: whoever changed it goes on here, with a new
    session, and a new remember-me cookie if this browser had one."""
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(user, remember=remembered)


def _fill_preferences(form, user):
    form.display_name.data, form.bio.data = user.display_name, user.bio
    form.show_profile(user)
    for kind, choice in preferences.email_choices(user).items():
        form[f"email_{kind}"].data = choice
    form.email_digest.data = user.email_digest
    form.on_start.data = preferences.post_level_name(user, starting=True)
    form.on_reply.data = preferences.post_level_name(user, starting=False)


def _preferences_page(form, password_form):
    status = 422 if form.errors or password_form.errors else 200
    return render_template(
        "users/preferences.html",
        form=form,
        password_form=password_form,
        email_kinds=preferences.EMAIL_KINDS,
        memberships=queries.user_memberships(current_user, current_user, with_schools=True),
    ), status


@bp.route("/email/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the credential; mail programs post here in one click (RFC 8058)
def unsubscribe(token):
    """The link in every email: works without logging in. GET asks, POST stops (so that link
    checkers that open URLs unsubscribe nobody)."""
    user, kind = emails.read_unsubscribe_token(token)
    if request.method == "POST":
        preferences.stop_email(user, kind)
    return render_template(
        "users/unsubscribe.html",
        user=user,
        kind=kind,
        done=request.method == "POST",
        kind_label=EMAIL_KIND_LABELS.get(preferences.email_kind(kind)),
    )


@bp.route("/locale", methods=["POST"])
def set_locale():
    """The language switcher: remembered in a cookie, and in the profile when signed in."""
    locale = request.form.get("locale")
    if locale not in current_app.config["LANGUAGES"]:
        abort(400)
    if current_user.is_authenticated:
        accounts.set_locale(current_user, locale)
    return _remember_locale(redirect(safe_next(request.form.get("next"))), locale)


def _remember_locale(response, locale):
    """The language also stays in a cookie, for pages seen signed out."""
    if locale:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response
