"""Page stamps: every change to what a topic's page shows gives the topic a new random
`page_stamp`, and every change to names shown on all pages (people, communities, categories)
a new `site_state.page_stamp`, from triggers in the writing transaction itself. The page cache
keys pages by these stamps, so a page is never served after any change to it, whichever code
(or hand-written SQL) made the change, and an invalidation cannot be lost in a crash.

Stamps are random rather than counted so that a restored backup (or ids given out again)
never meets a cached page of the same stamp.

SQLite's batch_alter_table recreates a table and drops its triggers: a later migration that
batch-alters one of these tables must create its triggers again
(tests/test_page_cache.py fails on SQLite if one is missing).

Revision ID: 0017_page_stamps
Revises: 0016_live_topics_index
Create Date: 2026-12-07 20:05:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017_page_stamps"
down_revision = "0016_live_topics_index"
branch_labels = None
depends_on = None

# Rows whose topic_id names the topic page they show on.
BY_TOPIC_ID = ("posts", "library_entries")
# A post's columns that its topic's page shows or depends on: all but the bookkeeping of the
# search indexer and of notifications (search_dirty, notify_pending), cleared after each new
# post. A column added to posts is added here, by a migration that creates the triggers again
# (tests/test_page_cache.py fails until then).
POST_COLUMNS = (
    "id, topic_id, user_id, post_number, reply_to_post_number, raw, cooked, cook_version, version,"
    " like_count, hidden, hidden_reason, deleted_at, anonymous, held, created_at, updated_at"
)
# Tables whose every change may change a name or a label shown on any page.
SITE_TABLES = ("communities", "categories")

SQLITE_RANDOM = "random()"
POSTGRESQL_RANDOM = "floor(random() * 9.2e18)::bigint"


def _sqlite_triggers():
    def trigger(name, timing, body, when=""):
        return f"CREATE TRIGGER {name} {timing}{(' WHEN ' + when) if when else ''} BEGIN {body}; END"

    def topic(row_topic_id):
        return f"UPDATE topics SET page_stamp = {SQLITE_RANDOM} WHERE id = {row_topic_id}"

    site = f"UPDATE site_state SET page_stamp = {SQLITE_RANDOM}"
    statements = [
        trigger("page_stamp_topics_insert", "AFTER INSERT ON topics", topic("NEW.id")),
        # A view is counted on every visit and shows on no topic page.
        trigger(
            "page_stamp_topics_update",
            "AFTER UPDATE ON topics",
            topic("NEW.id"),
            when="NEW.views IS OLD.views AND NEW.page_stamp IS OLD.page_stamp",
        ),
        trigger("page_stamp_reactions_insert", "AFTER INSERT ON reactions", topic(_post_topic("NEW"))),
        trigger("page_stamp_reactions_update", "AFTER UPDATE ON reactions", topic(_post_topic("NEW"))),
        trigger("page_stamp_reactions_delete", "AFTER DELETE ON reactions", topic(_post_topic("OLD"))),
        trigger(
            "page_stamp_users_update",
            "AFTER UPDATE ON users",
            site,
            when="NEW.display_name IS NOT OLD.display_name OR NEW.username IS NOT OLD.username",
        ),
        trigger("page_stamp_users_delete", "AFTER DELETE ON users", site),
    ]
    for table in BY_TOPIC_ID:
        columns = f" OF {POST_COLUMNS}" if table == "posts" else ""
        statements += [
            trigger(f"page_stamp_{table}_insert", f"AFTER INSERT ON {table}", topic("NEW.topic_id")),
            trigger(f"page_stamp_{table}_update", f"AFTER UPDATE{columns} ON {table}", topic("NEW.topic_id")),
            # A row moved to another topic changes both pages.
            trigger(
                f"page_stamp_{table}_moved",
                f"AFTER UPDATE OF topic_id ON {table}",
                topic("OLD.topic_id"),
                when="NEW.topic_id IS NOT OLD.topic_id",
            ),
            trigger(f"page_stamp_{table}_delete", f"AFTER DELETE ON {table}", topic("OLD.topic_id")),
        ]
    for table in SITE_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(trigger(f"page_stamp_{table}_{event.lower()}", f"AFTER {event} ON {table}", site))
    return statements


def _post_topic(row):
    return f"(SELECT topic_id FROM posts WHERE id = {row}.post_id)"


def _postgresql_triggers():
    def function(name, body):
        return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$"

    def topic(row_topic_id):
        return f"UPDATE topics SET page_stamp = {POSTGRESQL_RANDOM} WHERE id = {row_topic_id};"

    def by_row(topic_of):
        return (
            f"IF TG_OP <> 'INSERT' THEN {topic(topic_of('OLD'))} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {topic(topic_of('NEW'))} END IF; RETURN NULL;"
        )

    statements = [
        function("page_stamp_new", f"NEW.page_stamp := {POSTGRESQL_RANDOM}; RETURN NEW;"),
        function("page_stamp_by_topic_id", by_row(lambda row: f"{row}.topic_id")),
        function("page_stamp_by_post_id", by_row(_post_topic)),
        function("page_stamp_site", f"UPDATE site_state SET page_stamp = {POSTGRESQL_RANDOM}; RETURN NULL;"),
        "CREATE TRIGGER page_stamp_topics_insert BEFORE INSERT ON topics FOR EACH ROW EXECUTE FUNCTION page_stamp_new()",
        # A view is counted on every visit and shows on no topic page.
        "CREATE TRIGGER page_stamp_topics_update BEFORE UPDATE ON topics FOR EACH ROW"
        " WHEN (NEW.views = OLD.views AND NEW.page_stamp = OLD.page_stamp) EXECUTE FUNCTION page_stamp_new()",
        "CREATE TRIGGER page_stamp_reactions AFTER INSERT OR UPDATE OR DELETE ON reactions"
        " FOR EACH ROW EXECUTE FUNCTION page_stamp_by_post_id()",
        "CREATE TRIGGER page_stamp_users_update AFTER UPDATE ON users FOR EACH ROW"
        " WHEN (NEW.display_name IS DISTINCT FROM OLD.display_name OR NEW.username IS DISTINCT FROM OLD.username)"
        " EXECUTE FUNCTION page_stamp_site()",
        "CREATE TRIGGER page_stamp_users_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION page_stamp_site()",
    ]
    statements += [
        "CREATE TRIGGER page_stamp_posts AFTER INSERT OR DELETE OR UPDATE OF"
        f" {POST_COLUMNS} ON posts FOR EACH ROW EXECUTE FUNCTION page_stamp_by_topic_id()",
        "CREATE TRIGGER page_stamp_library_entries AFTER INSERT OR UPDATE OR DELETE ON library_entries"
        " FOR EACH ROW EXECUTE FUNCTION page_stamp_by_topic_id()",
    ]
    statements += [
        f"CREATE TRIGGER page_stamp_{table} AFTER INSERT OR UPDATE OR DELETE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION page_stamp_site()"
        for table in SITE_TABLES
    ]
    return statements


def upgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_stamp", sa.BigInteger(), nullable=False, server_default="0"))
    site_state = op.create_table(
        "site_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_stamp", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_state")),
    )
    op.bulk_insert(site_state, [{"id": 1, "page_stamp": 0}])
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _postgresql_triggers() if postgresql else _sqlite_triggers():
        op.execute(statement)
    op.execute(f"UPDATE topics SET page_stamp = {POSTGRESQL_RANDOM if postgresql else SQLITE_RANDOM}")


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    bind = op.get_bind()
    if postgresql:
        op.execute(
            "DROP FUNCTION page_stamp_new, page_stamp_by_topic_id, page_stamp_by_post_id, page_stamp_site CASCADE"
        )
    else:
        names = bind.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'page_stamp_%'"
        )
        for (name,) in list(names):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("site_state")
    # Not batch_alter_table: rebuilding the table would fail on the rows that refer to it.
    op.drop_column("topics", "page_stamp")
