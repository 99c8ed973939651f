"""Posts held for approval: the communities that hold new accounts' posts, and the posts waiting

Revision ID: 0012_held
Revises: 0011_membership
Create Date: 2026-11-24 07:57:56.872382

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_held"
down_revision = "0011_membership"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("communities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hold_new_posts", sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(
            "ix_posts_held", ["held"], unique=False, sqlite_where=sa.text("held"), postgresql_where=sa.text("held")
        )


def downgrade():
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_held", sqlite_where=sa.text("held"), postgresql_where=sa.text("held"))
        batch_op.drop_column("held")

    with op.batch_alter_table("communities", schema=None) as batch_op:
        batch_op.drop_column("hold_new_posts")
