"""Notifications are durable: a new post carries, from its own transaction, the mark that its
readers are yet to be told; the fan-out clears it in the transaction that writes them

Revision ID: 0015_notify_pending
Revises: 0014_held_topics
Create Date: 2026-12-07 16:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0015_notify_pending"
down_revision = "0014_held_topics"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notify_pending", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(
            "ix_posts_notify_pending",
            ["notify_pending"],
            unique=False,
            sqlite_where=sa.text("notify_pending"),
            postgresql_where=sa.text("notify_pending"),
        )


def downgrade():
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_posts_notify_pending",
            sqlite_where=sa.text("notify_pending"),
            postgresql_where=sa.text("notify_pending"),
        )
        batch_op.drop_column("notify_pending")
