"""Uploads: the files members upload (kept once per content hash), the files each post and
private message shows, and the profile picture

Revision ID: 0027_uploads
Revises: 0026_external_identities
Create Date: 2026-12-08 01:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0027_uploads"
down_revision = "0026_external_identities"
branch_labels = None
depends_on = None


def _shown_files(table, owner, owners):
    op.create_table(
        table,
        sa.Column(owner, sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("extension", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("is_image", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            [owner], [f"{owners}.id"], name=op.f(f"fk_{table}_{owner}_{owners}"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(owner, "sha256", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_sha256"), table, ["sha256"])


def upgrade():
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("extension", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("thumbnails", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_uploads_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
        sa.UniqueConstraint("user_id", "sha256", name=op.f("uq_uploads_user_id_sha256")),
    )
    op.create_index(op.f("ix_uploads_sha256"), "uploads", ["sha256"])
    op.create_index("ix_uploads_user_created", "uploads", ["user_id", "created_at"])
    _shown_files("post_uploads", "post_id", "posts")
    _shown_files("message_uploads", "message_id", "messages")
    # A plain ADD COLUMN: a batch would rebuild users and drop its triggers on SQLite.
    op.add_column("users", sa.Column("avatar_sha256", sa.String(length=64), nullable=True))
    # Serving a file asks whether it is someone's picture.
    op.create_index(op.f("ix_users_avatar_sha256"), "users", ["avatar_sha256"])


def downgrade():
    op.drop_index(op.f("ix_users_avatar_sha256"), table_name="users")
    op.drop_column("users", "avatar_sha256")  # SQLite drops a column itself, keeping the triggers
    op.drop_table("message_uploads")
    op.drop_table("post_uploads")
    op.drop_table("uploads")
