"""Anonymous posts in failures and mistakes, and each community's choice to allow them

Revision ID: 0008_anonymous
Revises: 0007_answers
Create Date: 2026-11-24 06:32:59.407134

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008_anonymous"
down_revision = "0007_answers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("communities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymous_posts", sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_column("anonymous")

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("anonymous")

    with op.batch_alter_table("communities", schema=None) as batch_op:
        batch_op.drop_column("anonymous_posts")
