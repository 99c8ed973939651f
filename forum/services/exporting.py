"""Writing the whole forum as the JSONL dataset that importing reads (schema version 1: see
importing.py): communities, their three categories, users, memberships, topics and posts, with
ids renumbered densely from 1 in the forum's order. What the schema has no key for is written
under keys of its own, which the importer reads back: a membership's role as the forum names
it (`forum_role`: coordinator, mentor, member), an anonymous post (`anonymous`), a topic's
accepted answer or synthesis (`accepted_post_id`, `solution`).

Password hashes are left out unless asked for. Read-only: one pass per file, in batches.
"""

import json
from pathlib import Path

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Category, Community, Membership, Post, Topic, User
from forum.services.importing import dataset_file

BATCH = 2000
CATEGORY_KINDS = ("failures", "practices", "questions")


class ExportRefused(Exception):
    pass


def export_dataset(folder, *, prefix="", password_hashes=False) -> dict:
    """Write the dataset into folder (new or empty); the count of lines per file."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise ExportRefused(f"{folder} is not empty: export into a new or empty folder.")
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer(folder, prefix)
    counts = {
        "communities": writer.communities(),
        "categories": writer.categories(),
        "users": writer.users(password_hashes),
        "memberships": writer.memberships(),
        "topics": writer.topics(),
        "posts": writer.posts(),
    }
    return counts


def _time(value):
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def _dense(ids):
    return {old: new for new, old in enumerate(ids, start=1)}


class _Writer:
    def __init__(self, folder, prefix):
        self.folder, self.prefix = folder, prefix
        self.community_ids = _dense(db.session.scalars(select(Community.id).order_by(Community.id)))
        self.user_ids = _dense(db.session.scalars(select(User.id).order_by(User.id)))
        self.topic_ids = _dense(db.session.scalars(select(Topic.id).order_by(Topic.id)))
        self.post_ids = _dense(db.session.scalars(select(Post.id).order_by(Post.id)))
        self.categories_by_kind = {c.kind: c for c in db.session.scalars(select(Category))}

    def _write(self, kind, rows) -> int:
        count = 0
        with dataset_file(self.folder, self.prefix, kind).open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
                count += 1
        return count

    def _category_id(self, community_id, kind):
        return (self.community_ids[community_id] - 1) * 3 + CATEGORY_KINDS.index(kind) + 1

    def communities(self):
        def rows():
            for community in db.session.scalars(select(Community).order_by(Community.id)):
                yield {
                    "id": self.community_ids[community.id],
                    "slug": community.slug,
                    "locale": "ar",
                    "name": community.name,
                    "names": {"ar": community.name, "en": community.name, "fr": community.name},
                    "description": community.description or "",
                    "created_at": _time(community.created_at),
                }

        return self._write("communities", rows())

    def categories(self):
        def rows():
            for community_id in self.community_ids:
                for position, kind in enumerate(CATEGORY_KINDS, start=1):
                    category = self.categories_by_kind[kind]
                    yield {
                        "id": self._category_id(community_id, kind),
                        "community_id": self.community_ids[community_id],
                        "kind": kind,
                        "slug": category.slug,
                        "position": position,
                        "name": category.name_ar,
                        "names": {"ar": category.name_ar, "en": category.name_en, "fr": category.name_fr},
                        "description": category.description_ar,
                    }

        return self._write("categories", rows())

    def users(self, password_hashes):
        counts = dict(db.session.execute(select(Post.user_id, func.count(Post.id)).group_by(Post.user_id)).all())
        last = dict(db.session.execute(select(Post.user_id, func.max(Post.created_at)).group_by(Post.user_id)).all())

        def rows():
            for user in db.session.scalars(select(User).order_by(User.id)).yield_per(BATCH):
                row = {
                    "id": self.user_ids[user.id],
                    "username": user.username,
                    "display_name": user.display_name,
                    "email": user.email,
                    "locale": user.locale,
                    "bio": user.bio,
                    "role": user.role if user.role in ("admin", "moderator") else "member",
                    "joined_at": _time(user.created_at),
                    "post_count": counts.get(user.id, 0),
                    "last_posted_at": _time(last.get(user.id)),
                }
                if password_hashes:
                    row["password_hash"] = user.password_hash
                yield row

        return self._write("users", rows())

    def memberships(self):
        def rows():
            stmt = select(Membership).order_by(Membership.community_id, Membership.user_id)
            for membership in db.session.scalars(stmt).yield_per(BATCH):
                yield {
                    "community_id": self.community_ids[membership.community_id],
                    "user_id": self.user_ids[membership.user_id],
                    "role": "moderator" if membership.role == "coordinator" else "member",
                    "forum_role": membership.role,
                    "joined_at": _time(membership.created_at),
                }

        return self._write("memberships", rows())

    def topics(self):
        ends = {
            topic_id: (first, last)
            for topic_id, first, last in db.session.execute(
                select(Post.topic_id, func.min(Post.id), func.max(Post.id)).group_by(Post.topic_id)
            )
        }
        kinds = {c.id: c.kind for c in self.categories_by_kind.values()}

        def rows():
            for topic in db.session.scalars(select(Topic).order_by(Topic.id)).yield_per(BATCH):
                first, last = ends.get(topic.id, (None, None))
                yield {
                    "id": self.topic_ids[topic.id],
                    "category_id": self._category_id(topic.community_id, kinds[topic.category_id]),
                    "community_id": self.community_ids[topic.community_id],
                    "user_id": self.user_ids[topic.user_id],
                    "title": topic.title,
                    "lang": None,
                    "created_at": _time(topic.created_at),
                    "last_posted_at": _time(topic.last_posted_at),
                    "post_count": topic.posts_count,
                    "first_post_id": self.post_ids.get(first),
                    "last_post_id": self.post_ids.get(last),
                    "accepted_post_id": self.post_ids.get(topic.accepted_post_id),
                    "solution": topic.solution or None,
                }

        return self._write("topics", rows())

    def posts(self):
        numbered = {
            (topic_id, number): post_id
            for post_id, topic_id, number in db.session.execute(select(Post.id, Post.topic_id, Post.post_number))
        }

        def rows():
            for post in db.session.scalars(select(Post).order_by(Post.id)).yield_per(BATCH):
                replied = numbered.get((post.topic_id, post.reply_to_post_number))
                yield {
                    "id": self.post_ids[post.id],
                    "topic_id": self.topic_ids[post.topic_id],
                    "post_number": post.post_number,
                    "user_id": self.user_ids[post.user_id],
                    "created_at": _time(post.created_at),
                    "lang": None,
                    "raw": post.raw,
                    "reply_to_post_id": self.post_ids.get(replied),
                    "quote": None,
                    "anonymous": post.anonymous,
                }

        return self._write("posts", rows())
