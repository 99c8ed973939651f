"""Imported ids: what each record of an imported dataset became, for idempotent re-imports.

Revision ID: 0002_imported_ids
Revises: 0001_initial
Create Date: 2026-11-24 00:52:41.088102

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002_imported_ids"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "imported_ids",
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("source", "kind", "source_id", name=op.f("pk_imported_ids")),
    )


def downgrade():
    op.drop_table("imported_ids")
