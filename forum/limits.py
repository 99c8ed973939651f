"""Rate limits: how often one person (or, signed out, one network address) may sign in,
register, post, flag and search, and how many failed sign-ins one account may receive from
anywhere. The figures live in Config (RATELIMIT_*), new accounts get
stricter ones, and the counters live in memory, or in Redis when RATELIMIT_STORAGE_URI says so
(needed as soon as several processes serve the forum). Going over a limit gives the
translated 429 page of forum.errors."""

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum import permissions
from forum.services import accounts


def _person():
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


limiter = Limiter(key_func=_person)


def init_limits(app):
    limiter.init_app(app)


def _setting(name):
    return lambda: current_app.config[name]


def _posting_limit():
    return current_app.config["RATELIMIT_POSTING_NEW" if permissions.is_new_user(current_user) else "RATELIMIT_POSTING"]


def _previewing():
    return "preview" in request.form


def _typed_login():
    return f"login:{accounts.login_key(request.form.get('login', ''))}"


def _failed(response):
    """Anything but the redirect of a successful sign-in."""
    return response.status_code != 302


# Signing in and registering count per address: the person is not known yet. Failed sign-ins
# also count per account named (as typed, folded), so that guesses spread over many addresses
# still meet a limit.
_login_per_address = limiter.limit(_setting("RATELIMIT_LOGIN"), key_func=get_remote_address, methods=["POST"])
_login_per_account = limiter.limit(
    _setting("RATELIMIT_LOGIN_ACCOUNT"), key_func=_typed_login, methods=["POST"], deduct_when=_failed
)
register = limiter.limit(_setting("RATELIMIT_REGISTER"), key_func=get_remote_address, methods=["POST"])
_reset_per_address = limiter.limit(_setting("RATELIMIT_PASSWORD_RESET"), key_func=get_remote_address, methods=["POST"])
_reset_per_account = limiter.limit(
    _setting("RATELIMIT_PASSWORD_RESET_ACCOUNT"), key_func=_typed_login, methods=["POST"]
)


def login(view):
    return _login_per_address(_login_per_account(view))


confirmation = limiter.limit(_setting("RATELIMIT_CONFIRMATION"), methods=["POST"])
exporting = limiter.limit(_setting("RATELIMIT_EXPORT"), methods=["POST"])


def password_reset(view):
    return _reset_per_address(_reset_per_account(view))


# New topics and replies share one allowance; previews have their own (below).
posting = limiter.shared_limit(_posting_limit, scope="posting", methods=["POST"], exempt_when=_previewing)
# Previews, live or by the composer's button, share one allowance: each cooks a whole post.
previewing = limiter.shared_limit(_setting("RATELIMIT_PREVIEW"), scope="preview", methods=["POST"])
preview_submits = limiter.shared_limit(
    _setting("RATELIMIT_PREVIEW"), scope="preview", methods=["POST"], exempt_when=lambda: not _previewing()
)
# Files uploaded, one request each.
uploading = limiter.limit(_setting("RATELIMIT_UPLOADS"), methods=["POST"])
flagging = limiter.limit(_setting("RATELIMIT_FLAGGING"), methods=["POST"])
# Signing in through a school's provider is two GETs (there and back), counted like sign-ins.
signing_in_elsewhere = limiter.shared_limit(_setting("RATELIMIT_LOGIN"), scope="login-elsewhere")
searching = limiter.shared_limit(_setting("RATELIMIT_SEARCH"), scope="search")
