"""Who a member is, professionally: their role in schools (teacher, principal, coordinator,
supervisor or other), the subjects they teach and the grades they teach them in; shown on
their profile

Revision ID: 0023_profession
Revises: 0022_pending_email
Create Date: 2026-12-07 21:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0023_profession"
down_revision = "0022_pending_email"
branch_labels = None
depends_on = None


def upgrade():
    # Not batch_alter_table: on SQLite it would rebuild users and drop its page-stamp triggers.
    op.add_column("users", sa.Column("profession", sa.String(length=16), nullable=False, server_default=""))
    op.add_column("users", sa.Column("subjects", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    op.add_column("users", sa.Column("grades", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade():
    for column in ("grades", "subjects", "profession"):
        op.drop_column("users", column)
