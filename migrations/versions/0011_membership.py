"""Membership: how each community admits members (open, by request, by invitation), join
requests, invitation links, and when a member accepted the charter

Revision ID: 0011_membership
Revises: 0010_merged
Create Date: 2026-11-24 07:39:15.359373

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_membership"
down_revision = "0010_merged"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_invitations_community_id_communities")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_invitations_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token", name=op.f("uq_invitations_token")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_community_id"), ["community_id"], unique=False)

    op.create_table(
        "join_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("settled_by_id", sa.Integer(), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_join_requests_community_id_communities")
        ),
        sa.ForeignKeyConstraint(["settled_by_id"], ["users.id"], name=op.f("fk_join_requests_settled_by_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_join_requests_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_join_requests")),
    )
    with op.batch_alter_table("join_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_join_requests_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_join_requests_pending",
            ["community_id", "user_id"],
            unique=True,
            sqlite_where=sa.text("outcome IS NULL"),
            postgresql_where=sa.text("outcome IS NULL"),
        )

    with op.batch_alter_table("communities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("join_policy", sa.String(length=16), nullable=False, server_default="open"))
    # Members-only communities admitted nobody on their own before: they stay so.
    op.execute("UPDATE communities SET join_policy = 'invitation' WHERE visibility = 'members'")

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("charter_accepted_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("charter_accepted_at")

    with op.batch_alter_table("communities", schema=None) as batch_op:
        batch_op.drop_column("join_policy")

    with op.batch_alter_table("join_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_join_requests_pending",
            sqlite_where=sa.text("outcome IS NULL"),
            postgresql_where=sa.text("outcome IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_join_requests_user_id"))

    op.drop_table("join_requests")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_community_id"))

    op.drop_table("invitations")
