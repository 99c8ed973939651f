"""Deleted accounts: when a member's account was deleted (its name, address and password erased;
its posts kept, signed "a former member")

Revision ID: 0020_deleted_accounts
Revises: 0019_email_confirmed
Create Date: 2026-12-07 21:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0020_deleted_accounts"
down_revision = "0019_email_confirmed"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column("users", "deleted_at")
