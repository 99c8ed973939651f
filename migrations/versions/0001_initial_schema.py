"""Initial schema, and the three site-wide categories every community discusses in.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-24 00:24:38.603830

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

CATEGORIES = [
    {
        "kind": "failures",
        "slug": "failures-and-mistakes",
        "position": 1,
        "color": "#b45309",
        "name_ar": "إخفاقات وأخطاء",
        "name_en": "Failures and mistakes",
        "name_fr": "Échecs et erreurs",
        "description_ar": "ما لم ينجح في صفوفنا ومدارسنا، وما تعلمناه منه.",
        "description_en": "What did not work in our classrooms and schools, and what we learned from it.",
        "description_fr": "Ce qui n'a pas marché dans nos classes et nos écoles, et ce que nous en avons appris.",
    },
    {
        "kind": "practices",
        "slug": "best-practices",
        "position": 2,
        "color": "#047857",
        "name_ar": "أفضل الممارسات",
        "name_en": "Best practices",
        "name_fr": "Bonnes pratiques",
        "description_ar": "ممارسات نجحت وتستحق أن يعرفها الزملاء ويجربوها.",
        "description_en": "Practices that worked and are worth sharing and trying.",
        "description_fr": "Des pratiques qui ont fonctionné et méritent d'être partagées.",
    },
    {
        "kind": "questions",
        "slug": "hard-questions",
        "position": 3,
        "color": "#1d4ed8",
        "name_ar": "أسئلة صعبة",
        "name_en": "Hard questions",
        "name_fr": "Questions difficiles",
        "description_ar": "أسئلة مفتوحة نفكر فيها معًا، والاختلاف فيها مرحب به.",
        "description_en": "Open questions we think through together; disagreement is welcome.",
        "description_fr": "Des questions ouvertes que nous examinons ensemble ; le désaccord est bienvenu.",
    },
]


def upgrade():
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("color", sa.String(length=7), nullable=False),
        sa.Column("name_ar", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("name_fr", sa.String(length=80), nullable=False),
        sa.Column("description_ar", sa.String(length=255), nullable=False),
        sa.Column("description_en", sa.String(length=255), nullable=False),
        sa.Column("description_fr", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("kind", name=op.f("uq_categories_kind")),
        sa.UniqueConstraint("slug", name=op.f("uq_categories_slug")),
    )
    op.create_table(
        "communities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("region", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("charter", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communities")),
        sa.UniqueConstraint("slug", name=op.f("uq_communities_slug")),
    )
    op.create_table(
        "institutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_institutions_community_id_communities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institutions")),
    )
    with op.batch_alter_table("institutions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_institutions_community_id"), ["community_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("username_key", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_key", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("trust_level", sa.Integer(), nullable=False),
        sa.Column("bio", sa.String(length=255), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("silenced_until", sa.DateTime(), nullable=True),
        sa.Column("suspended_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["institutions.id"], name=op.f("fk_users_institution_id_institutions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email_key", name=op.f("uq_users_email_key")),
        sa.UniqueConstraint("username_key", name=op.f("uq_users_username_key")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_institution_id"), ["institution_id"], unique=False)

    op.create_table(
        "memberships",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_memberships_community_id_communities")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "community_id", name=op.f("pk_memberships")),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memberships_community_id"), ["community_id"], unique=False)

    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("posts_count", sa.Integer(), nullable=False),
        sa.Column("highest_post_number", sa.Integer(), nullable=False),
        sa.Column("like_count", sa.Integer(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("bumped_at", sa.DateTime(), nullable=False),
        sa.Column("last_posted_at", sa.DateTime(), nullable=False),
        sa.Column("last_post_user_id", sa.Integer(), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("unlisted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], name=op.f("fk_topics_category_id_categories")),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"], name=op.f("fk_topics_community_id_communities")),
        sa.ForeignKeyConstraint(["last_post_user_id"], ["users.id"], name=op.f("fk_topics_last_post_user_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_topics_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
    )
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.create_index("ix_topics_bumped", ["bumped_at"], unique=False)
        batch_op.create_index("ix_topics_category_bumped", ["category_id", "bumped_at"], unique=False)
        batch_op.create_index(
            "ix_topics_community_category_listing", ["community_id", "category_id", "pinned", "bumped_at"], unique=False
        )
        batch_op.create_index("ix_topics_community_listing", ["community_id", "pinned", "bumped_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_topics_user_id"), ["user_id"], unique=False)

    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("post_number", sa.Integer(), nullable=False),
        sa.Column("reply_to_post_number", sa.Integer(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("cooked", sa.Text(), nullable=False),
        sa.Column("cook_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("like_count", sa.Integer(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("search_dirty", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], name=op.f("fk_posts_topic_id_topics")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_posts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("topic_id", "post_number", name=op.f("uq_posts_topic_id_post_number")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index("ix_posts_search_dirty", ["search_dirty"], unique=False)
        batch_op.create_index("ix_posts_user_created", ["user_id", "created_at"], unique=False)

    op.create_table(
        "post_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=False),
        sa.Column("raw_before", sa.Text(), nullable=False),
        sa.Column("raw_after", sa.Text(), nullable=False),
        sa.Column("title_before", sa.String(length=255), nullable=True),
        sa.Column("title_after", sa.String(length=255), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["editor_id"], ["users.id"], name=op.f("fk_post_revisions_editor_id_users")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_post_revisions_post_id_posts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_revisions")),
        sa.UniqueConstraint("post_id", "number", name=op.f("uq_post_revisions_post_id_number")),
    )

    categories = sa.table(
        "categories",
        *(
            sa.column(name)
            for name in (
                "kind",
                "slug",
                "position",
                "color",
                "name_ar",
                "name_en",
                "name_fr",
                "description_ar",
                "description_en",
                "description_fr",
            )
        ),
    )
    op.bulk_insert(categories, CATEGORIES)


def downgrade():
    op.drop_table("post_revisions")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_user_created")
        batch_op.drop_index("ix_posts_search_dirty")

    op.drop_table("posts")
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topics_user_id"))
        batch_op.drop_index("ix_topics_community_listing")
        batch_op.drop_index("ix_topics_community_category_listing")
        batch_op.drop_index("ix_topics_category_bumped")
        batch_op.drop_index("ix_topics_bumped")

    op.drop_table("topics")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_community_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_institution_id"))

    op.drop_table("users")
    with op.batch_alter_table("institutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_institutions_community_id"))

    op.drop_table("institutions")
    op.drop_table("communities")
    op.drop_table("categories")
