"""Held topics: a topic whose opening post waits for approval is shown to nobody but its author
and its moderators, like the post

Revision ID: 0014_held_topics
Revises: 0013_sessions
Create Date: 2026-12-07 15:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014_held_topics"
down_revision = "0013_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE topics SET held = true WHERE id IN (SELECT topic_id FROM posts WHERE post_number = 1 AND held)")


def downgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_column("held")
