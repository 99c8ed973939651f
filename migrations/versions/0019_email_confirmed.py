"""Confirmed email addresses: when each account's address was confirmed. Accounts made before
confirmation existed keep posting: their address counts as confirmed when they joined.

Revision ID: 0019_email_confirmed
Revises: 0018_community_page_stamps
Create Date: 2026-12-07 20:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019_email_confirmed"
down_revision = "0018_community_page_stamps"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_confirmed_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE users SET email_confirmed_at = created_at")


def downgrade():
    op.drop_column("users", "email_confirmed_at")
