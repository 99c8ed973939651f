"""Sessions that end: each user's session version, part of every session and remember-me cookie

Existing rows get version 1. Cookies issued before this revision carry the bare user id, which
nothing could revoke; the forum no longer accepts them, so everyone signs in once more after
the upgrade.

Revision ID: 0013_sessions
Revises: 0012_held
Create Date: 2026-12-07 14:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_sessions'
down_revision = '0012_held'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
