"""The index under real serving conditions: several gunicorn worker processes writing at
once, and a process killed in the middle of an index write."""

import signal
import subprocess
import sys
import threading
import time
import urllib.parse

from sqlalchemy import select, update

from forum.extensions import db
from forum.models import Post
from forum.search import indexer
from forum.search.query import search
from forum.search.store import create_index, open_index
from tests import live
from tests.factories import PASSWORD, make_member, make_topic

WRITERS = 4
REPLIES_EACH = 5
SEARCHABLE_WITHIN = 10.0  # seconds after the last acknowledged reply


def _post_replies(base, username, topic_id, marker, latencies, failures, start):
    session = live.Session(base)
    status, _ = session.submit("/login", {"login": username, "password": PASSWORD})
    if status != 302:
        failures.append((username, "login", status))
        return
    start.wait()
    for n in range(REPLIES_EACH):
        began = time.monotonic()
        status, body = session.submit(f"/t/{topic_id}/reply", {"raw": f"ملاحظة {marker}{n} من الميدان"})
        latencies.append(time.monotonic() - began)
        if status != 302:
            failures.append((username, n, status, body[:300]))


def test_concurrent_replies_on_two_gunicorn_workers_are_all_searchable_within_seconds(app, community):
    topic = make_topic(community, title="نقاش تحت الضغط")
    writers = [make_member(community) for _ in range(WRITERS)]
    reader = make_member(community)
    db.session.commit()
    indexer.apply_changes()
    markers = {user.username: f"marker{i}x" for i, user in enumerate(writers)}
    latencies, failures = [], []
    start = threading.Barrier(WRITERS)

    env = live.forum_environment(app, FORUM_SEARCH_SWEEP_SECONDS=1)
    with live.gunicorn(env, workers=2) as base:
        threads = [
            threading.Thread(
                target=_post_replies, args=(base, u.username, topic.id, markers[u.username], latencies, failures, start)
            )
            for u in writers
        ]
        # The index's writer is held here for the whole load: a request that waited for it
        # would never be answered, so every reply answered proves that none waits.
        held = open_index().writer()
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            assert not any(thread.is_alive() for thread in threads), "a reply waited for the index"
        finally:
            held.cancel()
        assert failures == []
        assert len(latencies) == WRITERS * REPLIES_EACH

        session = live.Session(base)
        session.submit("/login", {"login": reader.username, "password": PASSWORD})
        wanted = {f"{m}{n}" for m in markers.values() for n in range(REPLIES_EACH)}
        deadline = time.monotonic() + SEARCHABLE_WITHIN
        while True:
            missing = {word for word in wanted if session.json(f"/search.json?q={word}")["total"] != 1}
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if missing:
            # Tell a stale searcher (posts indexed, not found) from a stalled indexer (posts pending).
            db.session.expire_all()
            assert missing == set(), indexer.check()

    db.session.expire_all()
    assert indexer.check() == {"missing": [], "extra": [], "pending": []}


def test_a_reply_is_indexed_by_its_own_process_soon_after_without_any_sweep(app, community):
    """The request leaves the index to its process's indexer thread, which the write wakes."""
    topic = make_topic(community, title="نقاش يفهرس في الخلفية")
    writer = make_member(community)
    db.session.commit()
    indexer.apply_changes()
    with live.gunicorn(live.forum_environment(app, FORUM_SEARCH_SWEEP_SECONDS=0), workers=1) as base:
        session = live.Session(base)
        session.submit("/login", {"login": writer.username, "password": PASSWORD})
        status, _ = session.submit(f"/t/{topic.id}/reply", {"raw": "كلمةالخلفية في الرد"})
        assert status == 302
        deadline = time.monotonic() + SEARCHABLE_WITHIN
        while session.json("/search.json?q=" + urllib.parse.quote("كلمةالخلفية"))["total"] != 1:
            assert time.monotonic() < deadline, indexer.check()
            time.sleep(0.2)


KILLED_WRITER = """
import sys, time
from forum import create_app
from forum.search import indexer

app = create_app()
real_document = indexer.document

def slow_document(post, **kwargs):
    print("writing", flush=True)
    time.sleep(60)  # killed here, with the index writer and the claim both open
    return real_document(post, **kwargs)

indexer.document = slow_document
with app.app_context():
    indexer.apply_changes()
"""


def test_a_process_killed_while_writing_the_index_loses_no_post(app, community):
    author = make_member(community)
    for n in range(3):
        make_topic(community, author, title=f"موضوع محفوظ {n}", raw=f"نص كلمة{n}")
    create_index()  # empty, with every post waiting to be applied
    db.session.execute(update(Post).values(search_dirty=True))
    db.session.commit()
    post_ids = sorted(db.session.scalars(select(Post.id)))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER],
        cwd=live.ROOT,
        env=live.forum_environment(app),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "writing"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()

    # The claim died with its transaction, and the OS released the writer's lock.
    assert indexer.check()["pending"] == post_ids
    assert indexer.apply_changes(wait=0.0) == 3
    assert indexer.check() == {"missing": [], "extra": [], "pending": []}
    assert [hit.post.topic.title for hit in search(author, "كلمة2").hits] == ["موضوع محفوظ 2"]
