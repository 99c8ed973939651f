"""Merged topics: the topic a merged one now lives in, so old links still lead there

Revision ID: 0010_merged
Revises: 0009_library
Create Date: 2026-11-24 07:26:27.320141

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010_merged"
down_revision = "0009_library"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_topics_merged_into_id_topics"), "topics", ["merged_into_id"], ["id"])


def downgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_topics_merged_into_id_topics"), type_="foreignkey")
        batch_op.drop_column("merged_into_id")
