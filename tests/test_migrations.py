from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from forum.extensions import db
from forum.models import Category


def test_the_models_and_the_migrations_describe_the_same_schema(app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_migrations_seed_the_three_categories_in_three_languages(app):
    categories = db.session.scalars(db.select(Category).order_by(Category.position)).all()
    assert [(c.kind, c.name_ar, c.name_en, c.name_fr) for c in categories] == [
        ("failures", "إخفاقات وأخطاء", "Failures and mistakes", "Échecs et erreurs"),
        ("practices", "أفضل الممارسات", "Best practices", "Bonnes pratiques"),
        ("questions", "أسئلة صعبة", "Hard questions", "Questions difficiles"),
    ]


def test_a_database_holding_members_and_schools_upgrades_to_today(tmp_path):
    """Migrations that rebuild a table (on SQLite) run on a database with rows pointing at it:
    a forum at 0023 (members with a school on their account) keeps them, its schools moved to
    the memberships, and its page-stamp triggers."""
    from flask_migrate import upgrade

    from forum import create_app
    from tests.conftest import _config

    app = create_app(_config(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path))
    with app.app_context():
        upgrade(revision="0023_profession")
        with db.engine.begin() as connection:
            run = connection.exec_driver_sql
            run(
                "INSERT INTO communities (id, slug, name, region, description, charter, visibility, anonymous_posts,"
                " join_policy, hold_new_posts, created_at) VALUES (1, 'zarqa', 'Zarqa', '', '', '', 'public', 1,"
                " 'open', 0, '2026-01-01 00:00:00')"
            )
            run("INSERT INTO institutions (id, community_id, name, created_at) VALUES (7, 1, 'Hosn', '2026-01-01')")
            run(
                "INSERT INTO users (id, username, username_key, display_name, username_skeleton, email, email_key,"
                " role, trust_level, bio, institution_id, silence_reason, suspend_reason, created_at, preferences,"
                " unread_notifications, email_digest, session_version, profession, subjects, grades)"
                " VALUES (1, 'mona', 'mona', '', 'mona', 'm@example.org', 'm@example.org', 'member', 1, '', 7, '',"
                " '', '2026-01-01', '{}', 0, 1, 1, '', '[]', '[]')"
            )
            run(
                "INSERT INTO memberships (user_id, community_id, role, notification_level, created_at)"
                " VALUES (1, 1, 'member', 1, '2026-01-01')"
            )
        upgrade()
        with db.engine.connect() as connection:
            run = connection.exec_driver_sql
            assert run("SELECT institution_id FROM memberships").scalar() == 7
            assert run("SELECT username FROM users").scalar() == "mona"
            triggers = run("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'users'").scalars()
            assert sorted(triggers) == ["page_stamp_users_delete", "page_stamp_users_update"]
            assert run("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()
