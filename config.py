"""Configuration classes. Everything a deployment changes is read from the environment, in
one place (environment_settings); the testing configuration reads nothing from it."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def environment_settings(env) -> dict:
    """The settings a deployment changes, from env (os.environ, or {} for the defaults)."""

    def number(name, default):
        return int(env.get(name, default))

    instance_dir = Path(env.get("FORUM_INSTANCE_DIR", ROOT / "instance"))
    jobs_redis_url = env.get("FORUM_JOBS_REDIS_URL")
    return {
        "INSTANCE_DIR": instance_dir,
        "SECRET_KEY": env.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL", f"sqlite:///{instance_dir / 'forum.sqlite3'}"),
        "SEARCH_INDEX_DIR": env.get("SEARCH_INDEX_DIR", str(ROOT / "search_index")),
        # Each serving process applies leftover dirty posts to the index this often.
        "SEARCH_SWEEP_SECONDS": number("FORUM_SEARCH_SWEEP_SECONDS", 3),
        # Background jobs (forum/jobs.py): a SQLite queue and a worker thread in each serving
        # process by default; with FORUM_JOBS_REDIS_URL, Redis and a separate `forum worker`.
        "JOBS_REDIS_URL": jobs_redis_url,
        "JOBS_IN_PROCESS": env.get("FORUM_JOBS_IN_PROCESS", "0" if jobs_redis_url else "1") == "1",
        # How often workers finish what no job finished (notifications of posts whose job was lost).
        "JOBS_SWEEP_SECONDS": number("FORUM_JOBS_SWEEP_SECONDS", 5),
        # ...and how long they leave a post's job to tell its readers before telling them itself.
        "JOBS_SWEEP_GRACE_SECONDS": number("FORUM_JOBS_SWEEP_GRACE_SECONDS", 10),
        # Email (forum/mail.py): SMTP when FORUM_MAIL_SERVER is set, else files in MAIL_DIR
        # (default: the instance folder's mail/). MAIL_SECURITY: starttls, ssl or none.
        "MAIL_SERVER": env.get("FORUM_MAIL_SERVER", ""),
        "MAIL_PORT": number("FORUM_MAIL_PORT", 587),
        "MAIL_SECURITY": env.get("FORUM_MAIL_SECURITY", "starttls"),
        "MAIL_USERNAME": env.get("FORUM_MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("FORUM_MAIL_PASSWORD", ""),
        "MAIL_FROM": env.get("FORUM_MAIL_FROM", "Halaqa <noreply@localhost>"),
        "MAIL_DOMAIN": env.get("FORUM_MAIL_DOMAIN", "localhost"),
        "MAIL_DIR": env.get("FORUM_MAIL_DIR"),
        # The forum's public address, for links in emails (which have no request to take it from).
        "BASE_URL": env.get("FORUM_BASE_URL", "http://127.0.0.1:8000"),
        "MAX_POST_LENGTH": number("FORUM_MAX_POST_LENGTH", 32_000),
        "EDIT_GRACE_SECONDS": number("FORUM_EDIT_GRACE_SECONDS", 300),
        # Unopened topics of the last this many days (or since the previous visit, if longer) are new.
        "NEW_TOPIC_DAYS": number("FORUM_NEW_TOPIC_DAYS", 2),
        # Mentions are notifications: one post may mention at most this many people.
        "MAX_MENTIONS_PER_POST": number("FORUM_MAX_MENTIONS_PER_POST", 20),
        # Flags from this many distinct members hide a post until a reviewer settles them.
        "FLAGS_TO_HIDE": number("FORUM_FLAGS_TO_HIDE", 3),
        "MAX_INSTITUTIONS_PER_COMMUNITY": number("FORUM_MAX_INSTITUTIONS", 20),
        # Private messages: people in one conversation (the writer included), and how many
        # messages a new account (NEW_USER_HOURS) writes a day.
        "MAX_CONVERSATION_PEOPLE": number("FORUM_MAX_CONVERSATION_PEOPLE", 10),
        "NEW_USER_MESSAGES_PER_DAY": number("FORUM_NEW_USER_MESSAGES_PER_DAY", 10),
        # Rate limits (forum/limits.py; figures in Config). Counters live in memory unless
        # RATELIMIT_STORAGE_URI names a shared store such as redis://127.0.0.1:6379/1.
        "RATELIMIT_ENABLED": env.get("FORUM_RATELIMIT_ENABLED", "1") == "1",
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Accounts younger than this, not yet trusted, are new users: stricter limits.
        "NEW_USER_HOURS": number("FORUM_NEW_USER_HOURS", 24),
        # Links to other sites a new account's post may hold (forum.services.content.cook_post).
        "NEW_USER_MAX_LINKS": number("FORUM_NEW_USER_MAX_LINKS", 2),
        # How many reverse proxies in front of the forum set X-Forwarded-For, -Proto and -Host: with
        # N, the N nearest hops are believed (Werkzeug's ProxyFix), so rate limits count visitors'
        # addresses rather than the proxy's. 0 (no proxy) believes none of them.
        "TRUSTED_PROXIES": number("FORUM_TRUSTED_PROXIES", 0),
        # How long a link to choose a new password works (forum/services/recovery.py).
        "PASSWORD_RESET_SECONDS": number("FORUM_PASSWORD_RESET_SECONDS", 3600),
        # How long a link to confirm an email address works.
        "EMAIL_CONFIRMATION_SECONDS": number("FORUM_EMAIL_CONFIRMATION_SECONDS", 3 * 24 * 3600),
        # How long the emailed link to download one's data works.
        "EXPORT_LINK_SECONDS": number("FORUM_EXPORT_LINK_SECONDS", 24 * 3600),
        # Pages served to visitors who are not signed in are kept this long at most (0: never;
        # forum/pagecache.py), in each serving process, or in Redis at this address (several
        # machines then share one cache), up to this many pages per process.
        "PAGE_CACHE_SECONDS": number("FORUM_PAGE_CACHE_SECONDS", 60),
        "PAGE_CACHE_REDIS_URL": env.get("FORUM_PAGE_CACHE_REDIS_URL"),
        "PAGE_CACHE_PAGES": number("FORUM_PAGE_CACHE_PAGES", 2000),
        # The forum's own log lines (forum/logs.py): DEBUG, INFO, WARNING or ERROR.
        "LOG_LEVEL": env.get("FORUM_LOG_LEVEL", "INFO").upper(),
        "OIDC_PROVIDERS": oidc_providers(env),
        **upload_settings(env, instance_dir),
    }


def upload_settings(env, instance_dir) -> dict:
    """Uploaded files (forum/services/uploads.py): where they are kept, and how much each
    member may upload. Sizes in bytes."""

    def number(name, default):
        return int(env.get(name, default))

    megabyte = 1024 * 1024
    return {
        # A local folder by default; with FORUM_UPLOADS_S3_BUCKET, an S3-compatible object store
        # (its address FORUM_UPLOADS_S3_ENDPOINT_URL, unset for Amazon's; _REGION, _ACCESS_KEY_ID,
        # _SECRET_ACCESS_KEY, and _PREFIX before every key), which several web machines share.
        "UPLOADS_DIR": env.get("FORUM_UPLOADS_DIR", str(instance_dir / "uploads")),
        "UPLOADS_S3_BUCKET": env.get("FORUM_UPLOADS_S3_BUCKET", ""),
        "UPLOADS_S3_ENDPOINT_URL": env.get("FORUM_UPLOADS_S3_ENDPOINT_URL", ""),
        "UPLOADS_S3_REGION": env.get("FORUM_UPLOADS_S3_REGION", ""),
        "UPLOADS_S3_ACCESS_KEY_ID": env.get("FORUM_UPLOADS_S3_ACCESS_KEY_ID", ""),
        "UPLOADS_S3_SECRET_ACCESS_KEY": env.get("FORUM_UPLOADS_S3_SECRET_ACCESS_KEY", ""),
        "UPLOADS_S3_PREFIX": env.get("FORUM_UPLOADS_S3_PREFIX", ""),
        # One file at most; the files one post or message may show; what a member may upload in
        # a day (a new account, NEW_USER_HOURS, less) and in all.
        "UPLOAD_MAX_BYTES": number("FORUM_UPLOAD_MAX_BYTES", 10 * megabyte),
        "UPLOADS_PER_POST": number("FORUM_UPLOADS_PER_POST", 10),
        "UPLOAD_DAY_BYTES": number("FORUM_UPLOAD_DAY_BYTES", 100 * megabyte),
        "NEW_USER_UPLOAD_DAY_BYTES": number("FORUM_NEW_USER_UPLOAD_DAY_BYTES", 20 * megabyte),
        "UPLOAD_TOTAL_BYTES": number("FORUM_UPLOAD_TOTAL_BYTES", 1024 * megabyte),
        # Images larger than this many pixels are refused before they are decoded.
        "UPLOAD_MAX_PIXELS": number("FORUM_UPLOAD_MAX_PIXELS", 40_000_000),
        # Files no post, message or profile shows are removed this long after they were uploaded.
        "UPLOAD_ORPHAN_HOURS": number("FORUM_UPLOAD_ORPHAN_HOURS", 24),
    }


def oidc_providers(env) -> dict:
    """Signing in with school or ministry accounts (OpenID Connect, forum/oidc.py):
    FORUM_OIDC_PROVIDERS names them (letters and digits, comma-separated), and each NAME has
    FORUM_OIDC_NAME_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _LABEL (the button's words) and
    _DOMAINS (the address domains it may vouch for, comma-separated; unset: any)."""
    providers = {}
    for name in filter(None, (n.strip().lower() for n in env.get("FORUM_OIDC_PROVIDERS", "").split(","))):
        prefix = f"FORUM_OIDC_{name.upper()}_"
        providers[name] = {
            "issuer": env[prefix + "ISSUER"],
            "client_id": env[prefix + "CLIENT_ID"],
            "client_secret": env[prefix + "CLIENT_SECRET"],
            "label": env.get(prefix + "LABEL", name),
            # The address domains the provider vouches for (its schools'); empty: any.
            "domains": [d.strip().lower() for d in env.get(prefix + "DOMAINS", "").split(",") if d.strip()],
        }
    return providers


class Config:
    locals().update(environment_settings(os.environ))

    SEARCH_RAISE_ERRORS = False
    SEARCH_RESULTS_PER_PAGE = 20
    # When a post written is indexed: "background" (each serving process's indexer thread, woken
    # by every write and sweeping every SEARCH_SWEEP_SECONDS: a request never writes the index),
    # "immediate" (in the writer's thread after its commit) or "off" (left for the sweep).
    SEARCH_INDEXING = "background"
    JOBS_IMMEDIATE = False
    MAIL_TIMEOUT = 30
    # The daily summary lists at most this many active topics.
    DIGEST_TOPICS = 10

    BABEL_DEFAULT_LOCALE = "ar"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("ar", "en", "fr")

    # Posting rules.
    MAX_TITLE_LENGTH = 255
    MIN_TITLE_LENGTH = 5
    POSTS_PER_PAGE = 20
    TOPICS_PER_PAGE = 30
    # Whole request bodies above this are refused with 413 before any parsing.
    MAX_CONTENT_LENGTH = 1024 * 1024

    # Rate limits, as "N per minute; M per hour".
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute; 50 per hour"
    # Failed sign-ins to one account (as typed), from any address.
    RATELIMIT_LOGIN_ACCOUNT = "5 per minute; 20 per hour"
    RATELIMIT_REGISTER = "5 per hour"
    # Asking for a link to choose a new password: per address, and per account named (so that
    # nobody can fill a member's mailbox with links).
    RATELIMIT_PASSWORD_RESET = "5 per hour"
    RATELIMIT_PASSWORD_RESET_ACCOUNT = "3 per hour"
    # Asking for the link that confirms one's address again.
    RATELIMIT_CONFIRMATION = "3 per hour"
    # Asking for a ZIP of one's data (each is built from everything the member wrote).
    RATELIMIT_EXPORT = "3 per day"
    RATELIMIT_POSTING = "6 per minute; 60 per hour"
    RATELIMIT_POSTING_NEW = "2 per minute; 12 per hour"
    RATELIMIT_FLAGGING = "10 per hour"
    RATELIMIT_UPLOADS = "20 per minute; 200 per hour"
    # Previews cook a post like posting does (the live preview asks after each pause in typing).
    RATELIMIT_PREVIEW = "30 per minute; 600 per hour"
    RATELIMIT_SEARCH = "30 per minute"
    # The longest an invitation link lasts.
    INVITATION_MAX_DAYS = 90
    INVITATION_MAX_ADDRESSES = 50

    PASSWORD_HASH_METHOD = "scrypt"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None

    @classmethod
    def init_app(cls, app):
        cls.INSTANCE_DIR.mkdir(parents=True, exist_ok=True)


class DefaultConfig(Config):
    """The embedded default: SQLite in the instance folder, a secret generated once."""

    @classmethod
    def init_app(cls, app):
        super().init_app(app)
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = _stored_secret(cls.INSTANCE_DIR / "secret_key")


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def init_app(cls, app):
        if not app.config.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in the environment in production.")
        super().init_app(app)


class TestingConfig(Config):
    """The defaults, whatever the shell that runs the tests has set (a FORUM_MAIL_SERVER must
    not make tests send mail), then the testing changes."""

    locals().update(environment_settings({}))
    TESTING = True
    SECRET_KEY = "testing"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    SEARCH_SWEEP_SECONDS = 0
    SEARCH_RAISE_ERRORS = True
    # Writing the index is three quarters of the cost of a post: tests that search index at once
    # (the `search` fixture), others not at all.
    SEARCH_INDEXING = "off"
    JOBS_IMMEDIATE = True
    RATELIMIT_ENABLED = False


CONFIGS = {"default": DefaultConfig, "production": ProductionConfig, "testing": TestingConfig}


def _stored_secret(path):
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
