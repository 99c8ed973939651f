"""Sessions that end: each user's session version, part of every session and remember-me cookie;
the skeletons (UTS #39) of usernames and display names, so that lookalike names can be refused

Existing rows get version 1. Cookies issued before this revision carry the bare user id, which
nothing could revoke; the forum no longer accepts them, so everyone signs in once more after
the upgrade. Existing names get their skeletons here; lookalikes already there stay.

Revision ID: 0013_sessions
Revises: 0012_held
Create Date: 2026-12-07 14:50:00.000000

"""

import unicodedata

from alembic import op
import icu
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013_sessions"
down_revision = "0012_held"
branch_labels = None
depends_on = None


CHECKER = icu.SpoofChecker()


def _fold(value):
    return unicodedata.normalize("NFKC", value).casefold()


def _skeleton(name):
    # forum.models.user.name_skeleton as of this revision.
    if not name:
        return None
    return _fold(CHECKER.getSkeleton(0, _fold(name)))[:255]


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("username_skeleton", sa.String(length=255), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("display_name_skeleton", sa.String(length=255), nullable=True))

    users = sa.table(
        "users",
        sa.column("id", sa.Integer),
        sa.column("username", sa.String),
        sa.column("display_name", sa.String),
        sa.column("username_skeleton", sa.String),
        sa.column("display_name_skeleton", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.username, users.c.display_name)).all()
    if rows:
        connection.execute(
            users.update().where(users.c.id == sa.bindparam("row_id")),
            [
                {
                    "row_id": id_,
                    "username_skeleton": _skeleton(username),
                    "display_name_skeleton": _skeleton(display_name),
                }
                for id_, username, display_name in rows
            ],
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("username_skeleton", server_default=None)
        batch_op.create_index(batch_op.f("ix_users_username_skeleton"), ["username_skeleton"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_display_name_skeleton"), ["display_name_skeleton"], unique=False)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_display_name_skeleton"))
        batch_op.drop_index(batch_op.f("ix_users_username_skeleton"))
        batch_op.drop_column("display_name_skeleton")
        batch_op.drop_column("username_skeleton")
        batch_op.drop_column("session_version")
