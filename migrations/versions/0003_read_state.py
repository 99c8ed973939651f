"""Read state: how far each user has read each topic and how they follow it; community
notification levels; visits, for what is new since the last one.

Revision ID: 0003_read_state
Revises: 0002_imported_ids
Create Date: 2026-11-24 03:09:22.849932

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003_read_state"
down_revision = "0002_imported_ids"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "topic_users",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("last_read_post_number", sa.Integer(), nullable=False),
        sa.Column("notification_level", sa.Integer(), nullable=False),
        sa.Column("level_chosen", sa.Boolean(), nullable=False),
        sa.Column("first_visited_at", sa.DateTime(), nullable=False),
        sa.Column("last_visited_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], name=op.f("fk_topic_users_topic_id_topics")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_topic_users_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "topic_id", name=op.f("pk_topic_users")),
    )
    with op.batch_alter_table("topic_users", schema=None) as batch_op:
        batch_op.create_index("ix_topic_users_topic_level", ["topic_id", "notification_level"], unique=False)

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        # Existing members follow their communities at the normal level (1).
        batch_op.add_column(sa.Column("notification_level", sa.Integer(), nullable=False, server_default=sa.text("1")))

    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.create_index("ix_topics_community_created", ["community_id", "created_at"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("previous_visit_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("dismissed_new_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("dismissed_new_at")
        batch_op.drop_column("previous_visit_at")
        batch_op.drop_column("last_seen_at")

    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_index("ix_topics_community_created")

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("notification_level")

    with op.batch_alter_table("topic_users", schema=None) as batch_op:
        batch_op.drop_index("ix_topic_users_topic_level")

    op.drop_table("topic_users")
