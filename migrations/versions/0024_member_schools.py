"""A member's school is one of the community's schools, chosen on joining: it belongs to the
membership (memberships.institution_id), and a request to join carries the school named in it;
users.institution_id, which no page set, goes

Revision ID: 0024_member_schools
Revises: 0023_profession
Create Date: 2026-12-07 22:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0024_member_schools"
down_revision = "0023_profession"
branch_labels = None
depends_on = None


SQLITE_RANDOM = "random()"
POSTGRESQL_RANDOM = "floor(random() * 9.2e18)::bigint"


def _sqlite_community(row):
    return f"UPDATE communities SET page_stamp = {SQLITE_RANDOM} WHERE id = {row}.community_id"


# A community's page shows its member count, coordinators, mentors and schools: a change to
# any of them renews the community's page stamp (migration 0018).
SQLITE_TRIGGERS = [
    statement
    for table, columns in (("memberships", "role, institution_id"), ("institutions", "name"))
    for statement in (
        f"CREATE TRIGGER page_stamp_community_{table}_insert AFTER INSERT ON {table}"
        f" BEGIN {_sqlite_community('NEW')}; END",
        f"CREATE TRIGGER page_stamp_community_{table}_update AFTER UPDATE OF {columns} ON {table}"
        f" BEGIN {_sqlite_community('NEW')}; END",
        f"CREATE TRIGGER page_stamp_community_{table}_delete AFTER DELETE ON {table}"
        f" BEGIN {_sqlite_community('OLD')}; END",
    )
]
# page_stamp_community_by_topic() (0018) renews the community of the row's community_id.
POSTGRESQL_TRIGGERS = [
    f"CREATE TRIGGER page_stamp_community_{table} AFTER INSERT OR DELETE OR UPDATE OF {columns} ON {table}"
    " FOR EACH ROW EXECUTE FUNCTION page_stamp_community_by_topic()"
    for table, columns in (("memberships", "role, institution_id"), ("institutions", "name"))
]


def upgrade():
    # memberships has no triggers: on SQLite a rebuild (for the foreign key) costs nothing else.
    with op.batch_alter_table("memberships") as batch_op:
        batch_op.add_column(sa.Column("institution_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_memberships_institution_id_institutions", "institutions", ["institution_id"], ["id"]
        )
        batch_op.create_index("ix_memberships_institution_id", ["institution_id"])
    op.add_column("join_requests", sa.Column("school", sa.String(length=160), nullable=False, server_default=""))
    # A school a user had, kept where it is one of the community's schools.
    op.execute(
        "UPDATE memberships SET institution_id = (SELECT users.institution_id FROM users"
        " JOIN institutions ON institutions.id = users.institution_id"
        " WHERE users.id = memberships.user_id AND institutions.community_id = memberships.community_id)"
    )
    _drop_users_institution()
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)


def _drop_users_institution():
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_index("ix_users_institution_id", table_name="users")
        op.drop_column("users", "institution_id")
        return
    # SQLite drops a column named in a foreign key only by rebuilding the table, which drops its
    # triggers (the page stamps'): they are read first and made again after.
    triggers = [
        sql
        for (sql,) in bind.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'users'")
        )
    ]
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index("ix_users_institution_id")
        batch_op.drop_column("institution_id")
    for sql in triggers:
        op.execute(sql)


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in ("memberships", "institutions"):
        if postgresql:
            op.execute(f"DROP TRIGGER page_stamp_community_{table} ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER page_stamp_community_{table}_{event}")
    op.add_column("users", sa.Column("institution_id", sa.Integer(), nullable=True))
    op.create_index("ix_users_institution_id", "users", ["institution_id"])
    op.drop_column("join_requests", "school")
    with op.batch_alter_table("memberships") as batch_op:
        batch_op.drop_index("ix_memberships_institution_id")
        batch_op.drop_constraint("fk_memberships_institution_id_institutions", type_="foreignkey")
        batch_op.drop_column("institution_id")
