"""Test harness.

The schema is built by the real migrations, once per engine: SQLite always, PostgreSQL too
when FORUM_TEST_DATABASE_URL is set (every test that uses the database then runs on both).
Each test worker builds one app per database (building one costs more than most tests);
each test gets it with its settings as built, an instance folder of its own, and leaves the
database empty but for the seeded categories. Test code runs inside an app context; every
client request runs in an app context of its own, as in production, so nothing leaks between
the two but the database.
"""

import os
from contextlib import contextmanager

import flask_migrate
import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, make_url, text

from config import TestingConfig
from forum import create_app, jobs, limits, pagecache
from forum.extensions import db
from tests import factories

PASSWORD = factories.PASSWORD
ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("FORUM_TEST_DATABASE_URL") else [])
KEPT_TABLES = {"categories", "site_state", "alembic_version"}


def _config(url, instance_dir):
    return type(
        "Config",
        (TestingConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_DIR": instance_dir,
            "SEARCH_INDEX_DIR": str(instance_dir / "search_index"),
            "UPLOADS_DIR": str(instance_dir / "uploads"),
        },
    )


@pytest.fixture(scope="session", params=ENGINES)
def database_url(request, tmp_path_factory):
    """A database migrated from empty to head by the project's migrations."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'forum.sqlite3'}"
    else:
        url = _database_of_this_worker(os.environ["FORUM_TEST_DATABASE_URL"])
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(_config(url, folder))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


def _database_of_this_worker(url):
    """With parallel workers (pytest -n), each gets a PostgreSQL database of its own beside the
    one named, created on first use: test_gw0, test_gw1..."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


class IsolatedClient(FlaskClient):
    def open(self, *args, **kwargs):
        # A fresh app context per request: its own db session and its own flask.g.
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def built_app(database_url, tmp_path_factory):
    """The app of this worker and database, and its settings as built."""
    app = create_app(_config(database_url, tmp_path_factory.mktemp("instance")))
    app.test_client_class = IsolatedClient
    with app.app_context():
        emptier = _Emptier(db.engine)
    return app, dict(app.config), emptier


@pytest.fixture
def app(built_app, tmp_path):
    app, settings, emptier = built_app
    app.config.clear()
    app.config.update(
        settings,
        INSTANCE_DIR=tmp_path,
        SEARCH_INDEX_DIR=str(tmp_path / "search_index"),
        UPLOADS_DIR=str(tmp_path / "uploads"),
    )
    app.extensions.pop("forum_storage", None)
    _bind_extensions(app)
    with app.app_context():
        pagecache.cache.clear()
        yield app
        db.session.remove()
        emptier.empty()


def _bind_extensions(app):
    """The rate limiter and the job queue are module-wide: a test that built an app of its own
    (with other settings) left them bound to it."""
    jobs.init_jobs(app)
    limits.init_limits(app)


class _Emptier:
    """Empties the tables a test wrote to (all but KEPT_TABLES), restarting their ids. Finding
    them takes one statement; emptying every table would cost more than most tests."""

    def __init__(self, engine):
        self.engine = engine
        self.tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEPT_TABLES]
        self.written = self._written_statement()

    def _written_statement(self):
        if self.engine.dialect.name != "postgresql":
            return None
        checks = []
        for table in self.tables:
            touched = f"EXISTS (SELECT 1 FROM {table.name})"
            if table.autoincrement_column is not None:  # a sequence used even if its rows are gone
                touched += (
                    f" OR pg_sequence_last_value(pg_get_serial_sequence('{table.name}', "
                    f"'{table.autoincrement_column.name}')) IS NOT NULL"
                )
            checks.append(f"SELECT '{table.name}' WHERE {touched}")
        return text(" UNION ALL ".join(checks))

    def empty(self):
        with self.engine.begin() as connection:
            if self.written is None:
                # topics and posts refer to each other (a question's accepted answer): check at commit.
                connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                for table in self.tables:
                    connection.execute(table.delete())
                return
            written = list(connection.scalars(self.written))
            if written:
                connection.execute(text(f"TRUNCATE {', '.join(written)} RESTART IDENTITY CASCADE"))


@pytest.fixture
def search(app):
    """Posts are indexed as soon as they are written, in the writer's thread (off in other
    tests: it is most of the cost of writing a post)."""
    app.config["SEARCH_INDEXING"] = "immediate"


@pytest.fixture
def client(app):
    return app.test_client()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user, password=PASSWORD):
        response = self.client.post("/login", data={"login": user.username, "password": password})
        assert response.status_code == 302, response.text
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def protected_client(app):
    """A client of the same database with CSRF protection on, as in production."""
    config = type(
        "Config",
        (TestingConfig,),
        {
            "WTF_CSRF_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
        },
    )
    protected = create_app(config)
    protected.test_client_class = app.test_client_class
    return protected.test_client()


@pytest.fixture
def community(app):
    return factories.make_community()


@pytest.fixture
def member(community):
    return factories.make_member(community)


@pytest.fixture
def member_client(client, auth, member):
    auth.login(member)
    return client


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as statements:`; statements lists the SQL run."""

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (the system's), driven by Playwright. Skipped where Chromium is
    not installed, unless FORUM_REQUIRE_BROWSER is set, as continuous integration does."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("FORUM_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is required for the browser tests")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    """The forum served by gunicorn on this test's database and index; yields its URL."""
    from tests import live

    with live.gunicorn(live.forum_environment(app), workers=1) as base:
        yield base


@pytest.fixture
def open_tab(browser, live_server):
    """Opens browser tabs on the live server, each with its own cookies and cache:
    `open_tab(locale="en", width=360, height=740, dark=False, storage_state=None)`. Every console error,
    uncaught exception and Content-Security-Policy refusal in them fails the test, but for those
    a test says it expects (`open_tab.expected.append(text)`: a request refused on purpose)."""
    contexts, problems, expected = [], [], []

    def open_(locale="ar", width=1280, height=900, dark=False, storage_state=None):
        context = browser.new_context(
            base_url=live_server,
            locale=locale,
            viewport={"width": width, "height": height},
            color_scheme="dark" if dark else "light",
            storage_state=storage_state,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda message: message.type == "error" and problems.append(message.text))
        tab.on("pageerror", lambda error: problems.append(str(error)))
        return tab

    open_.expected = expected
    yield open_
    for context in contexts:
        context.close()
    assert [p for p in problems if p not in expected] == [], "the browser reported errors"


@pytest.fixture
def page(open_tab):
    """A fresh browser tab in Arabic, with the base URL set."""
    return open_tab()
