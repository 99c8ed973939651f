"""Hard questions: the accepted answer or the synthesis of a topic, who solved it and when

Revision ID: 0007_answers
Revises: 0006_moderation
Create Date: 2026-11-24 06:20:28.206172

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007_answers"
down_revision = "0006_moderation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_post_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("solution", sa.String(length=16), server_default="", nullable=False))
        batch_op.add_column(sa.Column("solved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("solved_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_topics_solved_by_id_users"), "users", ["solved_by_id"], ["id"])
        batch_op.create_foreign_key(
            "fk_topics_accepted_post_id_posts", "posts", ["accepted_post_id"], ["id"], use_alter=True
        )


def downgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_constraint("fk_topics_accepted_post_id_posts", type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_topics_solved_by_id_users"), type_="foreignkey")
        batch_op.drop_column("solved_at")
        batch_op.drop_column("solved_by_id")
        batch_op.drop_column("solution")
        batch_op.drop_column("accepted_post_id")
