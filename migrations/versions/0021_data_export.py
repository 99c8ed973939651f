"""Taking one's data: when the member's ZIP was asked for and is being prepared (one at a time)

Revision ID: 0021_data_export
Revises: 0020_deleted_accounts
Create Date: 2026-12-07 21:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0021_data_export"
down_revision = "0020_deleted_accounts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("export_requested_at", sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column("users", "export_requested_at")
