"""The best-practice library: curated entries, and members' nominations

Revision ID: 0009_library
Revises: 0008_anonymous
Create Date: 2026-11-24 07:11:26.379822

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009_library"
down_revision = "0008_anonymous"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "library_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("summary_raw", sa.Text(), nullable=False),
        sa.Column("summary_cooked", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=32), nullable=False),
        sa.Column("grade", sa.String(length=32), nullable=False),
        sa.Column("curator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.Column("retired_by_id", sa.Integer(), nullable=True),
        sa.Column("retire_reason", sa.String(length=500), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_library_entries_community_id_communities")
        ),
        sa.ForeignKeyConstraint(["curator_id"], ["users.id"], name=op.f("fk_library_entries_curator_id_users")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_library_entries_post_id_posts")),
        sa.ForeignKeyConstraint(["retired_by_id"], ["users.id"], name=op.f("fk_library_entries_retired_by_id_users")),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], name=op.f("fk_library_entries_topic_id_topics")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_entries")),
    )
    with op.batch_alter_table("library_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_entries_community_id"), ["community_id"], unique=False)
        batch_op.create_index("ix_library_entries_retired_created", ["retired_at", "created_at"], unique=False)
        batch_op.create_index("ix_library_entries_topic", ["topic_id"], unique=False)
        batch_op.create_index(
            "uq_library_entries_live_post",
            ["post_id"],
            unique=True,
            sqlite_where=sa.text("retired_at IS NULL"),
            postgresql_where=sa.text("retired_at IS NULL"),
        )

    op.create_table(
        "nominations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("settled_by_id", sa.Integer(), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_nominations_post_id_posts")),
        sa.ForeignKeyConstraint(["settled_by_id"], ["users.id"], name=op.f("fk_nominations_settled_by_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_nominations_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nominations")),
        sa.UniqueConstraint("post_id", "user_id", name=op.f("uq_nominations_post_id_user_id")),
    )
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.create_index("ix_nominations_outcome_created", ["outcome", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominations_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nominations_user_id"))
        batch_op.drop_index("ix_nominations_outcome_created")

    op.drop_table("nominations")
    with op.batch_alter_table("library_entries", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_library_entries_live_post",
            sqlite_where=sa.text("retired_at IS NULL"),
            postgresql_where=sa.text("retired_at IS NULL"),
        )
        batch_op.drop_index("ix_library_entries_topic")
        batch_op.drop_index("ix_library_entries_retired_created")
        batch_op.drop_index(batch_op.f("ix_library_entries_community_id"))

    op.drop_table("library_entries")
