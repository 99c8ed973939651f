"""Live topics by community: the home page counts each community's topics from this index
alone (a partial index of the topics not deleted), however many posts the forum holds

Revision ID: 0016_live_topics_index
Revises: 0015_notify_pending
Create Date: 2026-12-07 18:35:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016_live_topics_index"
down_revision = "0015_notify_pending"
branch_labels = None
depends_on = None

WHERE = "deleted_at IS NULL"


def upgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.create_index(
            "ix_topics_live_community",
            ["community_id"],
            unique=False,
            sqlite_where=sa.text(WHERE),
            postgresql_where=sa.text(WHERE),
        )


def downgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_index("ix_topics_live_community", sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))
