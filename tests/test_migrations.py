from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from forum.extensions import db
from forum.models import Category


def test_the_models_and_the_migrations_describe_the_same_schema(app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_migrations_seed_the_three_categories_in_three_languages(app):
    categories = db.session.scalars(db.select(Category).order_by(Category.position)).all()
    assert [(c.kind, c.name_ar, c.name_en, c.name_fr) for c in categories] == [
        ("failures", "إخفاقات وأخطاء", "Failures and mistakes", "Échecs et erreurs"),
        ("practices", "أفضل الممارسات", "Best practices", "Bonnes pratiques"),
        ("questions", "أسئلة صعبة", "Hard questions", "Questions difficiles"),
    ]
