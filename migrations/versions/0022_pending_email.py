"""Changing one's email address: the new address waits here until its link confirms it

Revision ID: 0022_pending_email
Revises: 0021_data_export
Create Date: 2026-12-07 21:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0022_pending_email"
down_revision = "0021_data_export"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending_email", sa.String(length=254), nullable=True))


def downgrade():
    op.drop_column("users", "pending_email")
