from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum import limits, oidc
from forum.auth import bp
from forum.auth.forms import ForgotPasswordForm, LoginForm, NewPasswordForm, RegisterForm
from forum.forms import ActionForm, attach_error
from forum.errors import render_error
from forum.services import accounts, addresses, identities, recovery
from forum.services.errors import AlreadyDone, InvalidInput
from forum.templating import current_language, day
from forum.views import safe_next
from forum.extensions import chosen_locale


@bp.route("/login", methods=["GET", "POST"])
@limits.login
def login():
    if current_user.is_authenticated:
        return redirect(url_for("communities.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.login.data, form.password.data)
        if user is not None and user.is_active:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        if user is None:
            form.form_errors.append(_("The username/email or the password is wrong."))
        else:
            form.form_errors.append(
                _(
                    "This account is suspended until %(date)s. The reason given: %(reason)s",
                    date=day(user.suspended_until),
                    reason=user.suspend_reason,
                )
            )
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


# Signing in with a school or ministry account (OpenID Connect) ----------------------------------


@bp.route("/login/with/<provider>")
@limits.signing_in_elsewhere
def login_with(provider):
    """To the provider's sign-in page; it sends the browser back to login_with_callback."""
    if oidc.client(provider) is None:
        abort(404)
    session["oidc_next"] = safe_next(request.args.get("next"))
    return oidc.start(provider, url_for("auth.login_with_callback", provider=provider, _external=True))


@bp.route("/login/with/<provider>/callback")
@limits.signing_in_elsewhere
def login_with_callback(provider):
    if oidc.client(provider) is None:
        abort(404)
    claims = oidc.verified_claims(provider)
    next_page = session.pop("oidc_next", None)
    user, created = identities.sign_in(provider, claims, vouches_for=lambda email: oidc.vouches_for(provider, email))
    if not user.is_active:
        return render_error(
            403,
            _(
                "This account is suspended until %(date)s. The reason given: %(reason)s",
                date=day(user.suspended_until),
                reason=user.suspend_reason,
            ),
        )
    login_user(user)
    if created:
        return redirect(url_for("users.welcome"))
    return redirect(safe_next(next_page))


@bp.route("/register", methods=["GET", "POST"])
@limits.register
def register():
    if current_user.is_authenticated:
        return redirect(url_for("communities.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_user(
                form.username.data,
                form.email.data,
                form.password.data,
                display_name=form.display_name.data or "",
                # A language chosen with the switcher before signing up is kept.
                locale=chosen_locale(),
                email_confirmed=False,
            )
        except InvalidInput as error:
            attach_error(form, error)
        else:
            login_user(user)
            addresses.send_confirmation(user, current_language())
            flash(
                _(
                    "Welcome! We sent a link to %(email)s: open it to confirm your address, then you can "
                    "post. Meanwhile, read and join communities.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("users.welcome"))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Logging out ends every session of the account, here and elsewhere: a session cookie
    copied from this browser must not outlive the logout, and sessions carry no per-device
    identity that could end just this one."""
    if ActionForm().validate_on_submit():
        accounts.end_sessions(current_user)
        logout_user()
        oidc.forget_unfinished()
    return redirect(url_for("communities.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limits.password_reset
def forgot_password():
    """Ask for a link to choose a new password. The answer is the same whether or not an
    account has the name or address typed."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        recovery.request_reset(form.login.data, current_language())
        flash(
            _(
                "If an account has this username or email address, a link to choose a new password "
                "is on its way to its address. The link works for %(minutes)d minutes.",
                minutes=current_app.config["PASSWORD_RESET_SECONDS"] // 60,
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """The emailed link: choose a new password, then be signed in with it."""
    user = recovery.user_of_token(token)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            recovery.reset_password(token, form.password.data)
        except InvalidInput as error:
            attach_error(form, error)
        else:
            if user.is_active:
                login_user(user)
                flash(_("Your new password is saved, and you are signed in with it."), "success")
                return redirect(url_for("communities.home"))
            flash(_("Your new password is saved."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, user=user), 422 if form.errors else 200


@bp.route("/email/confirm/<token>")
def confirm_email(token):
    """The link emailed at sign-up: the address is the account owner's."""
    try:
        addresses.confirm(token)
    except AlreadyDone as done:
        flash(done.message, "success")
    else:
        flash(_("Your email address is confirmed: you can post now."), "success")
    return redirect(url_for("communities.home") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/email/confirm/resend", methods=["POST"])
@limits.confirmation
@login_required
def resend_confirmation():
    if current_user.email_confirmed:
        flash(_("This email address is confirmed already."), "success")
    elif ActionForm().validate_on_submit():
        addresses.send_confirmation(current_user, current_language())
        flash(_("A new link to confirm your address is on its way to %(email)s.", email=current_user.email), "success")
    return redirect(safe_next(request.form.get("next")))


@bp.app_template_global("oidc_providers")
def oidc_providers():
    """(name, label) of each school or ministry account one may sign in with."""
    return oidc.providers()
