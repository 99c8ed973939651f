"""Time the main pages in-process against a trivial Flask view, on a forum of realistic size.

Prints mean and p95 per page and the ratio of each mean to the trivial view's, measured in
the same run so that the machine's speed cancels out. Not a test: run `make bench`.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402

from config import TestingConfig  # noqa: E402
from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Category, Institution, Post  # noqa: E402
from forum.models.library import GRADES, SUBJECTS  # noqa: E402
from forum.services import accounts, answers, communities, curation, flags, messages, moderation, posting  # noqa: E402

TOPICS, REPLIES_IN_BIG_TOPIC, ROUNDS = 300, 400, 200


def build(app):
    flask_migrate.upgrade()
    kinds = db.session.scalars(db.select(Category)).all()
    community = communities.create_community("bench", "مجتمع القياس")
    people = []
    for n in range(20):
        user = accounts.register_user(
            f"teacher{n}",
            f"t{n}@example.org",
            "password123",
            email_confirmed=True,
            display_name=f"معلم {n}",
            role="admin" if n == 0 else "member",
        )
        communities.add_member(community, user)
        people.append(user)
    raw = "## تجربة\n\nجربت **التقييم القبلي** مع الصف الثامن، والنتيجة:\n\n- أولًا\n- ثانيًا\n\n> اقتباس"
    topics = [
        posting.create_topic(people[n % 20], community, kinds[n % 3], f"موضوع رقم {n} عن التعلم", raw)
        for n in range(TOPICS)
    ]
    big = topics[-1]
    replies = [
        posting.create_reply(people[n % 20], big, raw, reply_to=1 if n % 4 == 0 else None)
        for n in range(REPLIES_IN_BIG_TOPIC)
    ]
    # The moderators' pages: every opening post flagged once, a hundred replies hidden (logged).
    for n, topic in enumerate(topics):
        flags.flag(people[1 + n % 19], db.session.get(Post, _first_post_id(topic)), "spam")
    for reply in replies[:100]:
        moderation.hide_post(people[0], reply, "سبب")
    # Half the hard questions are solved by an accepted reply.
    questions = [t for t in topics[:-1] if t.category.kind == "questions"]
    for n, topic in enumerate(questions[::2]):
        answers.accept_answer(topic.author, posting.create_reply(people[(n + 1) % 20], topic, raw))
    # The library: a hundred discussions curated; the member list: two hundred more members.
    for n, topic in enumerate(topics[:100]):
        curation.promote(
            people[0],
            db.session.get(Post, _first_post_id(topic)),
            title=f"ممارسة رقم {n}",
            summary=raw,
            subject=SUBJECTS[n % len(SUBJECTS)],
            grade=GRADES[n % len(GRADES)],
        )
    for n in range(200):
        member = accounts.register_user(f"member{n}", f"m{n}@example.org", "password123", email_confirmed=True)
        member.subjects = [SUBJECTS[n % len(SUBJECTS)]]
        communities.add_member(community, member)
        communities.set_school(member, community, f"مدرسة رقم {n % 10}")
    # Private messages: forty conversations for teacher0, one of them a hundred messages long
    # (between trusted accounts: new ones write ten a day).
    for user in people:
        user.trust_level = 1
    db.session.commit()
    for n in range(40):
        writer = people[1 + n % 19]
        conversation = messages.start_conversation(writer, [people[0]], f"محادثة {n}", raw)
    for n in range(99):
        messages.reply((people[0], writer)[n % 2], conversation, raw)
    return big, questions[0], conversation.id


def _first_post_id(topic):
    return db.session.scalar(db.select(Post.id).where(Post.topic_id == topic.id, Post.post_number == 1))


def timed(client, path, rounds=ROUNDS):
    for _ in range(10):
        client.get(path)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return statistics.mean(samples), samples[int(len(samples) * 0.95)]


def main():
    with tempfile.TemporaryDirectory() as folder:
        config = type(
            "Bench",
            (TestingConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                "INSTANCE_DIR": Path(folder),
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            },
        )
        app = create_app(config)

        @app.route("/_trivial")
        def trivial():
            return "ok"

        with app.app_context():
            big, solved, conversation_id = build(app)
            school_id = db.session.scalar(db.select(Institution.id).limit(1))
            slug, topic_id = big.slug, big.id
            solved_path = f"/t/{quote(solved.slug)}/{solved.id}"
        client = app.test_client()
        pages = {
            "trivial view (baseline)": "/_trivial",
            "home (latest 30 topics)": "/",
            "community (30 topics)": "/communities/bench",
            "category across communities": "/categories/hard-questions",
            "topic page 1 (20 posts)": f"/t/{quote(slug)}/{topic_id}",
            "topic page 20 (20 posts)": f"/t/{quote(slug)}/{topic_id}?page=20",
            "a solved question's page": solved_path,
            "hard questions, unsolved only": "/categories/hard-questions?status=unsolved",
            "library (30 of 100 entries)": "/library",
            "library, one subject": "/library?subject=science",
            "library feed (30 entries)": "/library/feed.atom",
        }
        base = None
        signed_in = app.test_client()
        signed_in.post("/login", data={"login": "teacher0", "password": "password123"})
        moderator_pages = {
            "topic page 1, as a moderator": f"/t/{quote(slug)}/{topic_id}",
            "review queue (30 of 300)": "/review",
            "staff log (30 of 100)": "/admin/log",
            "members (60 of 220)": "/communities/bench/members",
            "members of one school (20)": f"/communities/bench/members?school={school_id}",
            "members teaching science": "/communities/bench/members?subject=science",
            "inbox (30 of 40 conversations)": "/messages",
            "a conversation (20 of 100)": f"/messages/{conversation_id}?page=5",
            "a profile": "/u/teacher1",
            "move, split or merge (page 1)": f"/t/{topic_id}/move",
        }
        print(f"{'page':<32}{'mean ms':>10}{'p95 ms':>10}{'x baseline':>12}")
        for label, path in pages.items():
            mean, p95 = timed(client, path)
            base = base or mean
            print(f"{label:<32}{mean * 1000:>10.2f}{p95 * 1000:>10.2f}{mean / base:>12.1f}")
        for label, path in moderator_pages.items():
            mean, p95 = timed(signed_in, path)
            print(f"{label:<32}{mean * 1000:>10.2f}{p95 * 1000:>10.2f}{mean / base:>12.1f}")


if __name__ == "__main__":
    main()
