"""Moderation: flags, the staff action log, hidden reasons, site-wide pins, silence and suspension reasons, notes on notifications

Revision ID: 0006_moderation
Revises: 0005_bookmarks_email
Create Date: 2026-11-24 05:24:15.867582

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006_moderation"
down_revision = "0005_bookmarks_email"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_flags_post_id_posts")),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["users.id"], name=op.f("fk_flags_reviewed_by_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_flags_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
        sa.UniqueConstraint("post_id", "user_id", name=op.f("uq_flags_post_id_user_id")),
    )
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.create_index("ix_flags_outcome_created", ["outcome", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_flags_user_id"), ["user_id"], unique=False)

    op.create_table(
        "staff_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("target_user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_staff_actions_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_staff_actions_community_id_communities")
        ),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_staff_actions_post_id_posts")),
        sa.ForeignKeyConstraint(["target_user_id"], ["users.id"], name=op.f("fk_staff_actions_target_user_id_users")),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], name=op.f("fk_staff_actions_topic_id_topics")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_actions")),
    )
    with op.batch_alter_table("staff_actions", schema=None) as batch_op:
        batch_op.create_index("ix_staff_actions_action_created", ["action", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_actions_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index("ix_staff_actions_community_created", ["community_id", "created_at"], unique=False)
        batch_op.create_index("ix_staff_actions_created", ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_actions_target_user_id"), ["target_user_id"], unique=False)

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(length=500), nullable=False, server_default=""))
        batch_op.alter_column("actor_id", existing_type=sa.INTEGER(), nullable=True)

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hidden_reason", sa.String(length=500), nullable=False, server_default=""))

    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pinned_globally", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_index(batch_op.f("ix_topics_bumped"))
        batch_op.create_index("ix_topics_latest", ["pinned_globally", "bumped_at"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("silence_reason", sa.String(length=500), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("suspend_reason", sa.String(length=500), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("suspend_reason")
        batch_op.drop_column("silence_reason")

    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_index("ix_topics_latest")
        batch_op.create_index(batch_op.f("ix_topics_bumped"), ["bumped_at"], unique=False)
        batch_op.drop_column("pinned_globally")

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("hidden_reason")

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("actor_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("note")

    with op.batch_alter_table("staff_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_actions_target_user_id"))
        batch_op.drop_index("ix_staff_actions_created")
        batch_op.drop_index("ix_staff_actions_community_created")
        batch_op.drop_index(batch_op.f("ix_staff_actions_actor_id"))
        batch_op.drop_index("ix_staff_actions_action_created")

    op.drop_table("staff_actions")
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flags_user_id"))
        batch_op.drop_index("ix_flags_outcome_created")

    op.drop_table("flags")
