"""Importing a whole forum from the JSONL interchange format (communities, categories,
users, memberships, topics, posts).

Batched, idempotent (every imported record's new id is kept in imported_ids, so running
the same dataset again adds only what is missing), and forgiving: a bad line is reported
with its file and line number and skipped; it never aborts the import.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path

from flask import current_app
from sqlalchemy import func, insert, select, update
from werkzeug.security import generate_password_hash

from forum.extensions import db
from forum.markup import COOK_VERSION
from forum.models import Category, Community, ImportedId, Membership, Post, Topic, User
from forum.models.base import utcnow
from forum.services.posting import topic_slug
from forum.services.content import cook_post
from forum.text import clean_body, clean_line, fold_key

BATCH = 2000
FILES = ("communities", "categories", "users", "memberships", "topics", "posts")
REQUIRED = {
    "communities": ("id", "slug", "name"),
    "categories": ("id", "community_id", "kind"),
    "users": ("id", "username", "email"),
    "memberships": ("community_id", "user_id"),
    "topics": ("id", "category_id", "user_id", "title", "created_at"),
    "posts": ("id", "topic_id", "post_number", "user_id", "created_at", "raw"),
}


class BadLine(ValueError):
    pass


@dataclass
class Report:
    added: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)


def import_dataset(folder, *, prefix="", password=None, progress=None) -> Report:
    """Load the dataset in folder (files `prefix.posts.jsonl`... or `posts.jsonl`...)."""
    folder = Path(folder)
    importer = _Importer(source=f"{folder.name}:{prefix}" if prefix else folder.name, password=password)
    for kind in FILES:
        path = dataset_file(folder, prefix, kind)
        if not path.exists():
            importer.report.problems.append(f"{path.name}: file not found")
            continue
        getattr(importer, kind)(_lines(path, kind, importer.report), progress if kind == "posts" else None)
    importer.resync_topics()
    importer.solutions()
    return importer.report


def dataset_file(folder, prefix, kind) -> Path:
    """Where a dataset keeps one kind of record: `prefix.kind.jsonl`, or `kind.jsonl`."""
    return Path(folder) / (f"{prefix}.{kind}.jsonl" if prefix else f"{kind}.jsonl")


def _lines(path, kind, report):
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise BadLine("not a JSON object")
                missing = [key for key in REQUIRED[kind] if row.get(key) in (None, "")]
                if missing:
                    raise BadLine(f"missing {', '.join(missing)}")
            except (ValueError, BadLine) as error:
                report.problems.append(f"{path.name}:{number}: {error}")
                continue
            yield f"{path.name}:{number}", row


def _time(value):
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise BadLine(f"bad time {value!r}") from None


class _Importer:
    def __init__(self, source, password):
        self.source = source
        self.report = Report()
        self.password_hash = generate_password_hash(password) if password else None
        self.started = utcnow()
        self.ids = {kind: self._mapped(kind) for kind in ("community", "user", "topic", "post")}
        self.places = {}  # dataset category id -> (community id, category id)
        self.post_numbers = {}  # dataset post id -> (dataset topic id, post number)
        self.kinds = {c.kind: c.id for c in db.session.scalars(select(Category))}
        self.touched_topics = set()
        self.solved = {}  # dataset topic id -> (dataset post id, "answer" or "synthesis")

    def _mapped(self, kind):
        rows = db.session.execute(
            select(ImportedId.source_id, ImportedId.target_id).where(
                ImportedId.source == self.source, ImportedId.kind == kind
            )
        )
        return dict(rows.all())

    def _each(self, rows, kind, handle, progress=None):
        """Run handle(row) for rows not imported yet; returns the (source id, values) to insert."""
        pending = []
        for where, row in rows:
            if row["id"] in self.ids[kind]:
                self.report.existing[kind] += 1
                continue
            try:
                values = handle(row)
            except BadLine as error:
                self.report.problems.append(f"{where}: {error}")
                continue
            pending.append((row["id"], values))
            if len(pending) >= BATCH:
                yield pending
                if progress:
                    progress(len(pending))
                pending = []
        if pending:
            yield pending
            if progress:
                progress(len(pending))

    def _insert(self, model, kind, batch):
        ids = db.session.scalars(
            insert(model).returning(model.id, sort_by_parameter_order=True), [values for _, values in batch]
        ).all()
        db.session.execute(
            insert(ImportedId),
            [
                {"source": self.source, "kind": kind, "source_id": source_id, "target_id": target_id}
                for (source_id, _), target_id in zip(batch, ids, strict=True)
            ],
        )
        db.session.commit()
        self.ids[kind].update((source_id, target_id) for (source_id, _), target_id in zip(batch, ids, strict=True))
        self.report.added[kind] += len(ids)

    def communities(self, rows, progress):
        taken = set(db.session.scalars(select(Community.slug)))

        def handle(row):
            slug = clean_line(str(row["slug"])).lower()[:80]
            if slug in taken:
                raise BadLine(f"community slug {slug!r} is already used")
            taken.add(slug)
            return {
                "slug": slug,
                "name": clean_line(row["name"])[:160] or slug,
                "description": str(row.get("description") or ""),
                "region": "",
                "charter": "",
                "visibility": "public",
                "created_at": _time(row.get("created_at") or "1970-01-01T00:00:00Z"),
            }

        for batch in self._each(rows, "community", handle):
            self._insert(Community, "community", batch)

    def categories(self, rows, progress):
        for where, row in rows:
            community = self.ids["community"].get(row["community_id"])
            if community is None or row["kind"] not in self.kinds:
                self.report.problems.append(f"{where}: unknown community or kind")
                continue
            self.places[row["id"]] = (community, self.kinds[row["kind"]])

    def users(self, rows, progress):
        taken = set(db.session.scalars(select(User.username_key)))
        emails = set(db.session.scalars(select(User.email_key)))
        roles = {"admin": "admin", "moderator": "moderator"}

        def handle(row):
            username = clean_line(str(row["username"]))[:30]
            key, email_key = fold_key(username), fold_key(str(row["email"]))
            if key in taken or email_key in emails:
                raise BadLine(f"user {username!r} or their email is already registered")
            taken.add(key)
            emails.add(email_key)
            return {
                "username": username,
                "username_key": key,
                "email": str(row["email"])[:254],
                "email_key": email_key,
                "display_name": clean_line(row.get("display_name") or "")[:80],
                "locale": row.get("locale") if row.get("locale") in ("ar", "en", "fr") else None,
                "role": roles.get(row.get("role"), "member"),
                "trust_level": 0,
                "bio": clean_line(row.get("bio") or "")[:255],
                # Hashes come only from this forum's own export, asked for with them.
                "password_hash": row.get("password_hash") or self.password_hash,
                # The forum it comes from vouches for its members' addresses.
                "email_confirmed_at": self.started,
                "created_at": _time(row.get("joined_at") or "1970-01-01T00:00:00Z"),
            }

        for batch in self._each(rows, "user", handle):
            self._insert(User, "user", batch)

    def memberships(self, rows, progress):
        existing = set(db.session.execute(select(Membership.user_id, Membership.community_id)).all())
        pending = []
        for where, row in rows:
            user, community = self.ids["user"].get(row["user_id"]), self.ids["community"].get(row["community_id"])
            if user is None or community is None:
                self.report.problems.append(f"{where}: unknown user or community")
                continue
            if (user, community) in existing:
                self.report.existing["membership"] += 1
                continue
            existing.add((user, community))
            role = row.get("forum_role")  # this forum's own export names its roles
            if role not in ("coordinator", "mentor", "member"):
                role = "coordinator" if row.get("role") == "moderator" else "member"
            pending.append(
                {
                    "user_id": user,
                    "community_id": community,
                    "role": role,
                    "created_at": _time(row.get("joined_at") or "1970-01-01T00:00:00Z"),
                }
            )
        for start in range(0, len(pending), BATCH):
            db.session.execute(insert(Membership), pending[start : start + BATCH])
            db.session.commit()
        self.report.added["membership"] += len(pending)

    def topics(self, rows, progress):
        limit = current_app.config["MAX_TITLE_LENGTH"]

        def handle(row):
            place, author = self.places.get(row["category_id"]), self.ids["user"].get(row["user_id"])
            if place is None or author is None:
                raise BadLine("unknown category or user")
            title = clean_line(str(row["title"]))
            if not title or len(title) > limit:
                raise BadLine("empty or too long title")
            at = _time(row["created_at"])
            if row.get("solution") in ("answer", "synthesis") and row.get("accepted_post_id"):
                self.solved[row["id"]] = (row["accepted_post_id"], row["solution"])
            return {
                "title": title,
                "slug": topic_slug(title),
                "community_id": place[0],
                "category_id": place[1],
                "user_id": author,
                "created_at": at,
                "bumped_at": at,
                "last_posted_at": at,
                "last_post_user_id": author,
                "posts_count": 0,
                "highest_post_number": 0,
            }

        for batch in self._each(rows, "topic", handle):
            self._insert(Topic, "topic", batch)

    def posts(self, rows, progress):
        limit = current_app.config["MAX_POST_LENGTH"]
        # Numbers already taken, in this run or an earlier one, are refused, not crashed on.
        numbered = set(
            db.session.execute(
                select(Post.topic_id, Post.post_number)
                .join(ImportedId, ImportedId.target_id == Post.topic_id)
                .where(ImportedId.source == self.source, ImportedId.kind == "topic")
            ).all()
        )

        def handle(row):
            topic, author = self.ids["topic"].get(row["topic_id"]), self.ids["user"].get(row["user_id"])
            if topic is None or author is None:
                raise BadLine("unknown topic or user")
            number = row["post_number"]
            if not isinstance(number, int) or number < 1 or (topic, number) in numbered:
                raise BadLine(f"bad or repeated post_number {number!r}")
            raw = clean_body(str(row["raw"]))
            if not raw or len(raw) > limit:
                raise BadLine("empty or too long post")
            numbered.add((topic, number))
            self.post_numbers[row["id"]] = (row["topic_id"], number)
            replied = self.post_numbers.get(row.get("reply_to_post_id"))
            at = _time(row["created_at"])
            self.touched_topics.add(topic)
            return {
                "topic_id": topic,
                "user_id": author,
                "post_number": number,
                "reply_to_post_number": replied[1] if replied and replied[0] == row["topic_id"] else None,
                "anonymous": row.get("anonymous") is True,
                "raw": raw,
                "cooked": str(cook_post(raw, enforce_limits=False)),
                "cook_version": COOK_VERSION,
                "created_at": at,
                "updated_at": at,
                "search_dirty": True,
            }

        for batch in self._each(rows, "post", handle, progress):
            self._insert(Post, "post", batch)

    def solutions(self):
        """Accepted answers and syntheses, once their posts are in (the author of the topic is
        taken to have settled it: the dataset does not say who did)."""
        for topic_source, (post_source, kind) in self.solved.items():
            topic, post = self.ids["topic"].get(topic_source), self.ids["post"].get(post_source)
            if topic is None or post is None:
                self.report.problems.append(f"topic {topic_source}: its accepted post {post_source} was not imported")
                continue
            db.session.execute(
                update(Topic)
                .where(Topic.id == topic, Topic.accepted_post_id.is_(None))
                .values(accepted_post_id=post, solution=kind, solved_by_id=Topic.user_id, solved_at=self.started)
                .execution_options(synchronize_session=False)
            )
        db.session.commit()

    def resync_topics(self):
        """Counters, last poster and bump time of every topic that received posts."""
        ids = sorted(self.touched_topics)
        posts = select(Post).where(Post.topic_id == Topic.id, Post.deleted_at.is_(None))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            db.session.execute(
                update(Topic)
                .where(Topic.id.in_(chunk))
                .values(
                    posts_count=posts.with_only_columns(func.count(Post.id)).scalar_subquery(),
                    highest_post_number=select(func.max(Post.post_number))
                    .where(Post.topic_id == Topic.id)
                    .scalar_subquery(),
                    last_posted_at=posts.with_only_columns(func.max(Post.created_at)).scalar_subquery(),
                    bumped_at=posts.with_only_columns(func.max(Post.created_at)).scalar_subquery(),
                    last_post_user_id=posts.with_only_columns(Post.user_id)
                    .order_by(Post.post_number.desc())
                    .limit(1)
                    .scalar_subquery(),
                )
                .execution_options(synchronize_session=False)
            )
            db.session.commit()
