"""Community page stamps: every change to a community's topics (a new topic, a reply, an edit,
a move, a moderator's action) gives the community a new random `page_stamp`, from triggers in
the writing transaction, so that topic lists (a community's, a category's, the latest) can be
served from the page cache like topic pages (see 0017_page_stamps). A community's own stamp
changing is not a change of its name: the site's stamp stays.

Revision ID: 0018_community_page_stamps
Revises: 0017_page_stamps
Create Date: 2026-12-07 20:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0018_community_page_stamps"
down_revision = "0017_page_stamps"
branch_labels = None
depends_on = None

SQLITE_RANDOM = "random()"
POSTGRESQL_RANDOM = "floor(random() * 9.2e18)::bigint"
SQLITE_SITE = f"UPDATE site_state SET page_stamp = {SQLITE_RANDOM}"


def _sqlite_community(row):
    return f"UPDATE communities SET page_stamp = {SQLITE_RANDOM} WHERE id = {row}.community_id"


SQLITE_TRIGGERS = [
    # Replaces 0017's: a change of the community's stamp alone is no change of its name.
    "DROP TRIGGER page_stamp_communities_update",
    "CREATE TRIGGER page_stamp_communities_update AFTER UPDATE ON communities"
    f" WHEN NEW.page_stamp IS OLD.page_stamp BEGIN {SQLITE_SITE}; END",
    f"CREATE TRIGGER page_stamp_community_topics_insert AFTER INSERT ON topics BEGIN {_sqlite_community('NEW')}; END",
    # A view is counted on every visit and shows on no list.
    "CREATE TRIGGER page_stamp_community_topics_update AFTER UPDATE ON topics WHEN NEW.views IS OLD.views"
    f" BEGIN {_sqlite_community('NEW')}; {_sqlite_community('OLD')}; END",
    f"CREATE TRIGGER page_stamp_community_topics_delete AFTER DELETE ON topics BEGIN {_sqlite_community('OLD')}; END",
]


def _postgresql_community(row):
    return f"UPDATE communities SET page_stamp = {POSTGRESQL_RANDOM} WHERE id = {row}.community_id;"


POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION page_stamp_community_by_topic() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    f" IF TG_OP = 'INSERT' THEN {_postgresql_community('NEW')}"
    f" ELSE {_postgresql_community('OLD')}"
    "  IF TG_OP = 'UPDATE' THEN IF NEW.community_id <> OLD.community_id THEN"
    f" {_postgresql_community('NEW')} END IF; END IF;"
    " END IF; RETURN NULL; END $$",
    "CREATE TRIGGER page_stamp_community_topics AFTER INSERT OR DELETE ON topics"
    " FOR EACH ROW EXECUTE FUNCTION page_stamp_community_by_topic()",
    # A view is counted on every visit and shows on no list.
    "CREATE TRIGGER page_stamp_community_topics_update AFTER UPDATE ON topics FOR EACH ROW"
    " WHEN (NEW.views = OLD.views) EXECUTE FUNCTION page_stamp_community_by_topic()",
    # Replaces 0017's: a change of the community's stamp alone is no change of its name.
    "DROP TRIGGER page_stamp_communities ON communities",
    "CREATE TRIGGER page_stamp_communities AFTER INSERT OR DELETE ON communities"
    " FOR EACH STATEMENT EXECUTE FUNCTION page_stamp_site()",
    "CREATE TRIGGER page_stamp_communities_update AFTER UPDATE ON communities FOR EACH ROW"
    " WHEN (NEW.page_stamp = OLD.page_stamp) EXECUTE FUNCTION page_stamp_site()",
]


def upgrade():
    with op.batch_alter_table("communities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_stamp", sa.BigInteger(), nullable=False, server_default="0"))
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)
    op.execute(f"UPDATE communities SET page_stamp = {POSTGRESQL_RANDOM if postgresql else SQLITE_RANDOM}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION page_stamp_community_by_topic CASCADE")
        op.execute("DROP TRIGGER page_stamp_communities_update ON communities")
        op.execute("DROP TRIGGER page_stamp_communities ON communities")
        op.execute(
            "CREATE TRIGGER page_stamp_communities AFTER INSERT OR UPDATE OR DELETE ON communities"
            " FOR EACH STATEMENT EXECUTE FUNCTION page_stamp_site()"
        )
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER page_stamp_community_topics_{name}")
        op.execute("DROP TRIGGER page_stamp_communities_update")
        op.execute(f"CREATE TRIGGER page_stamp_communities_update AFTER UPDATE ON communities BEGIN {SQLITE_SITE}; END")
    # Not batch_alter_table: rebuilding the table would fail on the rows that refer to it.
    op.drop_column("communities", "page_stamp")
