import json

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Membership, Post, Topic, User
from forum.search.query import search
from forum.services.importing import import_dataset

T0 = "2024-03-05T14:07:09Z"
T1 = "2024-03-06T09:00:00Z"


def write(folder, prefix, name, rows):
    (folder / f"{prefix}.{name}.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )


def dataset(folder):
    write(
        folder,
        "small",
        "communities",
        [
            {
                "id": 1,
                "slug": "zarqa-plc",
                "locale": "ar",
                "name": "مجتمع الزرقاء",
                "description": "وصف",
                "created_at": T0,
            }
        ],
    )
    write(
        folder,
        "small",
        "categories",
        [
            {"id": k, "community_id": 1, "kind": kind, "slug": kind, "position": k, "name": kind}
            for k, kind in ((1, "failures"), (2, "practices"), (3, "questions"))
        ],
    )
    write(
        folder,
        "small",
        "users",
        [
            {
                "id": 1,
                "username": "mona.alqasem",
                "display_name": "منى القاسم",
                "email": "mona@example.org",
                "locale": "ar",
                "role": "admin",
                "joined_at": T0,
            },
            {
                "id": 2,
                "username": "khaled",
                "display_name": "خالد",
                "email": "khaled@example.org",
                "role": "member",
                "joined_at": T0,
            },
            "{broken json",
            {"id": 3, "display_name": "no username"},
        ],
    )
    write(
        folder,
        "small",
        "memberships",
        [
            {"community_id": 1, "user_id": 1, "role": "moderator", "joined_at": T0},
            {"community_id": 1, "user_id": 2, "role": "member", "joined_at": T0},
            {"community_id": 1, "user_id": 99, "role": "member", "joined_at": T0},
        ],
    )
    write(
        folder,
        "small",
        "topics",
        [
            {
                "id": 1,
                "category_id": 3,
                "community_id": 1,
                "user_id": 1,
                "title": "كيف نقيم العمل الجماعي؟",
                "created_at": T0,
            },
            {"id": 2, "category_id": 7, "community_id": 1, "user_id": 1, "title": "فئة مجهولة", "created_at": T0},
        ],
    )
    write(
        folder,
        "small",
        "posts",
        [
            {
                "id": 1,
                "topic_id": 1,
                "post_number": 1,
                "user_id": 1,
                "created_at": T0,
                "raw": "سؤال عن **التقييم**",
                "reply_to_post_id": None,
            },
            {
                "id": 2,
                "topic_id": 1,
                "post_number": 2,
                "user_id": 2,
                "created_at": T1,
                "raw": "> سؤال\n\nجواب",
                "reply_to_post_id": 1,
            },
            {"id": 3, "topic_id": 1, "post_number": 2, "user_id": 2, "created_at": T1, "raw": "رقم مكرر"},
            {"id": 4, "topic_id": 1, "post_number": 3, "user_id": 2, "created_at": "yesterday", "raw": "وقت غير صالح"},
            {"id": 5, "topic_id": 2, "post_number": 1, "user_id": 1, "created_at": T0, "raw": "موضوع متروك"},
        ],
    )


def test_import_loads_a_forum_and_reports_bad_lines_without_stopping(app, tmp_path):
    dataset(tmp_path)
    report = import_dataset(tmp_path, prefix="small")
    assert report.added == {"community": 1, "user": 2, "membership": 2, "topic": 1, "post": 2}
    problems = "\n".join(report.problems)
    for where in (
        "small.users.jsonl:3",
        "small.users.jsonl:4",
        "small.memberships.jsonl:3",
        "small.topics.jsonl:2",
        "small.posts.jsonl:3",
        "small.posts.jsonl:4",
        "small.posts.jsonl:5",
    ):
        assert where in problems
    topic = db.session.scalars(select(Topic)).one()
    assert (topic.posts_count, topic.highest_post_number, topic.reply_count) == (2, 2, 1)
    reply = db.session.scalars(select(Post).where(Post.post_number == 2)).one()
    assert reply.reply_to_post_number == 1 and "<blockquote>" in reply.cooked
    coordinator = db.session.scalars(select(User).where(User.username == "mona.alqasem")).one()
    assert db.session.get(Membership, (coordinator.id, topic.community_id)).role == "coordinator"
    assert coordinator.role == "admin" and coordinator.password_hash is None


def test_importing_again_adds_nothing(app, tmp_path):
    dataset(tmp_path)
    import_dataset(tmp_path, prefix="small")
    again = import_dataset(tmp_path, prefix="small")
    assert again.added.get("post", 0) == 0 and again.existing["post"] == 2
    assert db.session.scalar(select(func.count(Post.id))) == 2


def test_the_import_command_builds_the_index(app, tmp_path):
    dataset(tmp_path)
    result = app.test_cli_runner().invoke(args=["forum", "import", str(tmp_path), "--prefix", "small"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalars(select(User).where(User.username == "mona.alqasem")).one()
    assert search(admin, "التقييم").total == 1
