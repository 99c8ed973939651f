from pathlib import Path

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """What a browser shows does not depend on the database: these tests run on SQLite only."""
    other_engines = [
        item
        for item in items
        if HERE in item.path.parents
        and getattr(item, "callspec", None)
        and item.callspec.params.get("database_url") != "sqlite"
    ]
    if other_engines:
        config.hook.pytest_deselected(items=other_engines)
        items[:] = [item for item in items if item not in other_engines]
