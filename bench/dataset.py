"""Forums of a chosen size for the benchmarks: a dataset (JSONL, see the dataset SCHEMA) grown
to any number of posts by recombining its paragraphs into new topics, and imported."""

import json
import random
import time

import flask_migrate

from config import TestingConfig
from forum import create_app
from forum.search import apply_changes
from forum.services.importing import dataset_file, import_dataset


def grow(source, prefix, target_posts, out):
    def rows(name):
        path = dataset_file(source, prefix, name)
        return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]

    for name in ("communities", "categories", "users", "memberships"):
        (out / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(name)))
    topics, posts = rows("topics"), rows("posts")
    members = {}
    for m in rows("memberships"):
        members.setdefault(m["community_id"], []).append(m["user_id"])
    paragraphs = [p for post in posts for p in post["raw"].split("\n\n") if len(p) > 40]
    rng = random.Random(7)
    new_topics, new_posts, post_id = [], [], 0
    while post_id < target_posts:
        base = rng.choice(topics)
        topic_id = len(new_topics) + 1
        new_topics.append({**base, "id": topic_id})
        for number in range(1, rng.randint(2, 25) + 1):
            post_id += 1
            new_posts.append(
                {
                    "id": post_id,
                    "topic_id": topic_id,
                    "post_number": number,
                    "user_id": base["user_id"] if number == 1 else rng.choice(members[base["community_id"]]),
                    "created_at": base["created_at"],
                    "raw": "\n\n".join(rng.sample(paragraphs, rng.randint(1, 3))),
                    "reply_to_post_id": None,
                }
            )
            if post_id >= target_posts:
                break
    (out / "topics.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new_topics))
    (out / "posts.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new_posts))
    return len(new_posts)


def import_grown(source, prefix, posts, folder):
    """Grow the dataset at source into folder/data and import it into the app in context (its
    database migrated); prints and returns the seconds spent in the database and the index."""
    data = folder / "data"
    data.mkdir(exist_ok=True)
    count = grow(source, prefix, posts, data)
    start = time.perf_counter()
    report = import_dataset(data)
    into_db = time.perf_counter() - start
    start = time.perf_counter()
    apply_changes(wait=30.0, bulk=True)
    into_index = time.perf_counter() - start
    print(
        f"imported {report.added['post']} of {count} posts in {into_db + into_index:.0f} s: database "
        f"{count / into_db:,.0f} posts/s, index {count / into_index:,.0f} posts/s"
    )
    return into_db, into_index


def open_forum(folder):
    """The benchmark forum kept in folder (SQLite, its index beside it): its app, migrated to
    this code's schema, and whether the forum is new (then empty)."""
    fresh = not (folder / "forum.sqlite3").exists()
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/forum.sqlite3",
        "INSTANCE_DIR": folder,
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "SEARCH_INDEXING": "immediate",
        "SEARCH_RAISE_ERRORS": True,
    }
    app = create_app(type("Bench", (TestingConfig,), settings))
    with app.app_context():
        flask_migrate.upgrade()
    return app, fresh
