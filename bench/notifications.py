"""Notification fan-out: a reply in a topic watched by 1,000 people.

Measures, in one run on a SQLite file (or DATABASE_URL):
- the posting request (POST of a reply, through the test client, jobs queued as served)
  in a topic with 1,000 watchers against the same request in a topic nobody watches:
  the fan-out must not make posting slower;
- the fan-out job itself for 1,000 watchers against the same job for one watcher;
- the same fan-out when all 1,000 want an email at once for each post (the job then also
  queues 1,000 email jobs), and the email jobs themselves (rendering, and writing the
  message to the mail folder, as the embedded default does).

Not a test: run `.venv/bin/python bench/notifications.py`.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
from sqlalchemy import func, insert, select, update  # noqa: E402

from config import TestingConfig  # noqa: E402
from forum import create_app, jobs  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Category, Membership, Notification, Topic, TopicUser, User  # noqa: E402
from forum.models.base import utcnow  # noqa: E402
from forum.models.reading import WATCHING  # noqa: E402
from forum.services import accounts, communities, emails, notifications, posting  # noqa: E402

WATCHERS, ROUNDS = 1000, 30


def build():
    flask_migrate.upgrade()
    kind = db.session.scalars(select(Category)).first()
    community = communities.create_community("bench", "مجتمع القياس")
    author = accounts.register_user("author", "author@example.org", "password123", email_confirmed=True)
    communities.add_member(community, author)
    now = utcnow()
    db.session.execute(
        insert(User),
        [
            {
                "username": f"watcher{n}",
                "username_key": f"watcher{n}",
                "email": f"w{n}@example.org",
                "email_key": f"w{n}@example.org",
                "display_name": f"مراقب {n}",
                "role": "member",
                "trust_level": 0,
                "bio": "",
                "created_at": now,
                "unread_notifications": 0,
            }
            for n in range(WATCHERS)
        ],
    )
    ids = list(db.session.scalars(select(User.id).where(User.username.like("watcher%"))))
    db.session.execute(
        insert(Membership),
        [
            {"user_id": i, "community_id": community.id, "role": "member", "notification_level": 1, "created_at": now}
            for i in ids
        ],
    )
    db.session.commit()
    watched = posting.create_topic(author, community, kind, "موضوع يراقبه ألف عضو", "نص")
    quiet = posting.create_topic(author, community, kind, "موضوع لا يراقبه أحد", "نص")
    one = posting.create_topic(author, community, kind, "موضوع يراقبه عضو واحد", "نص")
    db.session.execute(
        insert(TopicUser),
        [
            {
                "user_id": i,
                "topic_id": watched.id,
                "last_read_post_number": 1,
                "notification_level": WATCHING,
                "level_chosen": True,
                "first_visited_at": now,
                "last_visited_at": now,
            }
            for i in ids
        ]
        + [
            {
                "user_id": ids[0],
                "topic_id": one.id,
                "last_read_post_number": 1,
                "notification_level": WATCHING,
                "level_chosen": True,
                "first_visited_at": now,
                "last_visited_at": now,
            }
        ],
    )
    db.session.commit()
    return author, watched.id, quiet.id, one.id


def median_ms(samples):
    return statistics.median(samples) * 1000


def main():
    with tempfile.TemporaryDirectory() as folder:
        config = type(
            "Bench",
            (TestingConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"),
                "INSTANCE_DIR": Path(folder),
                "SEARCH_INDEX_DIR": f"{folder}/index",
                # As served: jobs go to the queue; no worker runs them during the requests.
                "JOBS_IMMEDIATE": False,
                "JOBS_IN_PROCESS": False,
            },
        )
        app = create_app(config)
        with app.app_context():
            author, watched, quiet, one = build()
            author_id, author_name = author.id, author.username
        client = app.test_client()
        client.post("/login", data={"login": author_name, "password": "password123"})

        def post_reply(topic_id):
            start = time.perf_counter()
            response = client.post(f"/t/{topic_id}/reply", data={"raw": "رد جديد في الموضوع"})
            assert response.status_code == 302, response.status_code
            return time.perf_counter() - start

        for topic_id in (quiet, watched):
            post_reply(topic_id)  # warm up
        requests = {"quiet": [], "watched": []}
        for _ in range(ROUNDS):  # interleaved, so both see the same machine
            requests["quiet"].append(post_reply(quiet))
            requests["watched"].append(post_reply(watched))

        with app.app_context():
            jobs_timed = {}
            for label, topic_id in (("one watcher", one), ("1,000 watchers", watched)):
                reply = posting.create_reply(
                    db.session.get(User, author_id), db.session.get(Topic, topic_id), "رد يقاس توزيعه"
                )
                start = time.perf_counter()
                notifications.notify_post(reply.id)
                jobs_timed[label] = time.perf_counter() - start
                told = db.session.scalar(select(func.count(Notification.id)).where(Notification.post_id == reply.id))
                print(f"fan-out job, {label:<15}{jobs_timed[label] * 1000:>9.1f} ms  ({told} notifications)")
            print(f"fan-out job, 1,000 / one watcher: {jobs_timed['1,000 watchers'] / jobs_timed['one watcher']:.1f}x")
            queued = jobs.huey.pending_count()

            db.session.execute(
                update(User).where(User.username.like("watcher%")).values(preferences={"email": {"posted": "now"}})
            )
            db.session.commit()
            reply = posting.create_reply(
                db.session.get(User, author_id), db.session.get(Topic, watched), "رد يصل بريده إلى ألف عضو"
            )
            start = time.perf_counter()
            notifications.notify_post(reply.id)
            with_email = time.perf_counter() - start
            email_jobs = jobs.huey.pending_count() - queued
            print(
                f"fan-out job, 1,000 watchers wanting email now: {with_email * 1000:.1f} ms "
                f"-> {with_email / jobs_timed['1,000 watchers']:.2f}x the job without email ({email_jobs} email jobs queued)"
            )
            ids = list(db.session.scalars(select(Notification.id).where(Notification.post_id == reply.id)))
            start = time.perf_counter()
            for notification_id in ids:
                emails.send_notification_email(notification_id)
            sending = time.perf_counter() - start
            print(
                f"email jobs: {len(ids)} in {sending:.2f} s, {sending / len(ids) * 1000:.1f} ms each "
                f"({sending / len(ids) / jobs_timed['one watcher']:.1f}x the fan-out job for one watcher)"
            )

        quiet_ms, watched_ms = median_ms(requests["quiet"]), median_ms(requests["watched"])
        print(f"posting request, topic nobody watches: {quiet_ms:.1f} ms (median of {ROUNDS})")
        print(f"posting request, 1,000 watchers:       {watched_ms:.1f} ms -> {watched_ms / quiet_ms:.2f}x")
        print(f"jobs left queued by the requests: {queued}")


if __name__ == "__main__":
    main()
