"""Flask extensions, created unbound here and bound to the app in init_extensions."""

from flask import current_app, request
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

LOCALE_COOKIE = "locale"


def select_locale():
    """The user's saved preference, else the switcher's cookie, else the browser's, else Arabic."""
    from flask import current_app, has_request_context

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return (
        chosen_locale() or request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def chosen_locale():
    """The language the visitor picked with the switcher (its cookie), if any."""
    from flask import current_app

    cookie = request.cookies.get(LOCALE_COOKIE)
    return cookie if cookie in current_app.config["LANGUAGES"] else None


# A form that carries files (accepts_files) may carry this many of the largest allowed.
FILES_PER_FORM = 5


def accepts_files(view):
    """Mark a view whose form may carry uploaded files: its request may be as large as
    FILES_PER_FORM files of UPLOAD_MAX_BYTES beside the form (sent as multipart), where others
    stop at MAX_CONTENT_LENGTH. Put it under the route, above the other decorators."""
    view.accepts_files = True
    return view


def _allow_files():
    app = current_app
    # Only a multipart body carries files, and only from a signed-in member (its text fields stay
    # within MAX_FORM_MEMORY_SIZE).
    if (
        request.mimetype == "multipart/form-data"
        and getattr(app.view_functions.get(request.endpoint), "accepts_files", False)
        and current_user.is_authenticated
    ):
        request.max_content_length = app.config["UPLOAD_MAX_BYTES"] * FILES_PER_FORM + app.config["MAX_CONTENT_LENGTH"]


def init_extensions(app):
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    # Before CSRFProtect's check, which reads the form.
    app.before_request(_allow_files)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    from forum.models import User

    @login_manager.user_loader
    def load_user(session_id):
        # The id is "user:version" (User.get_id): a session whose version the user has moved
        # past (logout, new password, suspension...) signs nobody in, nor does one from before
        # versions existed. A suspension also ends the sessions while it lasts.
        user_id, _, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = db.session.get(User, int(user_id))
        if user is None or user.session_version != int(version) or not user.is_active:
            return None
        return user


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    # WAL lets readers proceed while one writer writes; busy_timeout makes writers queue
    # instead of failing at once; SQLite enforces foreign keys only when asked.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
