"""The forum over HTTP, served as `make run` serves it (gunicorn, 2 sync workers), beside a
hello-world Flask app served the same way, in the same run. Not a test.

    .venv/bin/python bench/load.py DATASET_DIR [--prefix P] [--posts 10000] [--workdir DIR]
                                   [--seconds 10] [--connections 8] [--replies 40] [--only NAME]

Grows the dataset in DATASET_DIR (JSONL, see the dataset SCHEMA) to --posts posts and imports it
(with --workdir, once: later runs reuse it). Then, on 127.0.0.1:
- pages, signed out and signed in, for --seconds each with --connections connections, through
  wrk when it is installed (Debian: `apt-get install wrk`), else a Python client;
- replies through the form by 1 and by 4 writers (--replies each), each reply checked stored
  once and timed until /search.json finds it.
Prints req/s, p50 and p99 per scenario, and req/s as a share of hello-world's.
"""

import argparse
import http.client
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench.dataset import import_grown, open_forum  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Community, Post, Topic  # noqa: E402
from forum.services import accounts, communities, posting  # noqa: E402
from tests import live  # noqa: E402

PASSWORD = "bench-password-1"
HELLO = "from flask import Flask\napp = Flask(__name__)\napp.get('/')(lambda: 'Hello, world!')\n"
WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def prepare(args, folder):
    """The imported forum in folder, a reader and four writers with passwords, and the paths
    the scenarios visit."""
    app, fresh = open_forum(folder)
    with app.app_context():
        if fresh:
            import_grown(Path(args.dataset), args.prefix, args.posts, folder)
            users = [
                accounts.register_user(name, f"{name}@example.org", PASSWORD, email_confirmed=True)
                for name in ("bench_reader", *(f"bench_writer{n}" for n in range(4)))
            ]
            for community in db.session.scalars(select(Community)).all():
                for user in users:
                    communities.add_member(community, user)
        writer = accounts.authenticate("bench_writer0", PASSWORD)
        topic = db.session.scalars(select(Topic).order_by(Topic.id)).first()
        for n in range(topic.posts_count, 30):  # a full page of posts
            posting.create_reply(writer, topic, f"رد للقياس رقم {n}")
        # Replies go to a topic of their own, new each run: the pages measured stay as they were.
        target = posting.create_topic(
            writer, topic.community, topic.category, f"ردود القياس {time.time():.0f}", "بداية"
        )
        paths = {
            "home": "/",
            "community topic list": f"/communities/{topic.community.slug}",
            "topic page, 30 posts": f"/t/{urllib.parse.quote(topic.slug)}/{topic.id}",
            "search.json, rare Arabic word": "/search.json?q=" + urllib.parse.quote(rare_word(topic)),
        }
        return app, paths, target.id


def rare_word(topic):
    """A word of the topic's opening post that few posts share (searching it finds a handful)."""
    first = db.session.scalar(select(Post.raw).where(Post.topic_id == topic.id, Post.post_number == 1))
    words = sorted({w for w in re.findall(r"[\u0621-\u064a]{6,}", first)})
    counts = {w: db.session.scalar(select(func.count(Post.id)).where(Post.raw.contains(w))) for w in words[:40]}
    return min(counts, key=counts.get)


def request(base, method, path, body=None, cookie=None):
    """(status, headers, body) of one request on a new connection (sync workers close each)."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=60)
    headers = {"Accept-Language": "ar"}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(body)
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def sign_in(base, username):
    """The session cookie of username, and a CSRF token of that session."""
    status, headers, page = request(base, "GET", "/login")
    cookie = headers["Set-Cookie"].split(";")[0]
    token = live.CSRF.search(page.decode()).group(1)
    status, headers, _ = request(
        base, "POST", "/login", {"login": username, "password": PASSWORD, "csrf_token": token}, cookie
    )
    assert status == 302, f"could not sign in as {username}"
    cookie = headers["Set-Cookie"].split(";")[0]
    token = live.CSRF.search(request(base, "GET", "/", cookie=cookie)[2].decode()).group(1)
    return cookie, token


def load(base, path, seconds, connections, cookie=None):
    """(req/s, p50 ms, p99 ms) of GET path."""
    if shutil.which("wrk"):
        command = [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "Accept-Language: ar",
            f"{base}{path}",
        ]
        if cookie:
            command[-1:-1] = ["-H", f"Cookie: {cookie}"]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        latency = {p: float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(out)}
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        assert not errors, f"{path}: {errors.group(0)}"
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), latency["50"], latency["99"]
    times, stop = [], time.monotonic() + seconds

    def client():
        while time.monotonic() < stop:
            began = time.perf_counter()
            assert request(base, "GET", path, cookie=cookie)[0] == 200, path
            times.append(time.perf_counter() - began)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times) / seconds, *percentiles(times)


def percentiles(seconds):
    ordered = sorted(seconds)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def replies(base, topic_id, writers, each):
    """Replies through the form by `writers` at once: (req/s, p50, p99, 5xx, seconds until the
    last is searchable, replies stored)."""
    sessions = [sign_in(base, f"bench_writer{n}") for n in range(writers)]
    marker = f"bench{int(time.time())}w{writers}"
    times, failures, acknowledged = [], [], []

    def write(n, cookie, token):
        for i in range(each):
            word = f"{marker}x{n}x{i}"
            began = time.perf_counter()
            status, headers, _ = request(
                base, "POST", f"/t/{topic_id}/reply", {"raw": f"ملاحظة من الميدان {word}", "csrf_token": token}, cookie
            )
            times.append(time.perf_counter() - began)
            if status == 302:
                acknowledged.append(word)
            else:
                failures.append(status)

    threads = [threading.Thread(target=write, args=(n, *session)) for n, session in enumerate(sessions)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    finished = time.perf_counter()
    reader = sign_in(base, "bench_reader")[0]
    waiting = set(acknowledged)
    while waiting and time.perf_counter() - finished < 60:
        waiting = {
            w for w in waiting if not json.loads(request(base, "GET", f"/search.json?q={w}", cookie=reader)[2])["total"]
        }
        time.sleep(0.1)
    searchable = time.perf_counter() - finished if not waiting else float("inf")
    return (
        len(times) / elapsed,
        *percentiles(times),
        sum(1 for s in failures if s >= 500),
        searchable,
        acknowledged,
        marker,
    )


def stored(app, marker) -> int:
    """How many posts hold marker (each reply's word contains it once)."""
    with app.app_context():
        return db.session.scalar(select(func.count(Post.id)).where(Post.raw.contains(marker)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--workdir", help="keep the imported forum here and reuse it")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--replies", type=int, default=40, help="replies per writer")
    parser.add_argument("--only", default="", help="run only the scenarios whose name contains this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.workdir or scratch).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        app, paths, topic_id = prepare(args, folder)
        (Path(scratch) / "hello.py").write_text(HELLO)
        env = live.forum_environment(app, FORUM_LOG_LEVEL="warning")
        with live.gunicorn(env, app="hello:app", cwd=scratch) as hello, live.gunicorn(env) as forum:
            run(args, app, paths, topic_id, hello, forum)


def run(args, app, paths, topic_id, hello, forum):
    print(f"{'scenario':<42}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'of hello':>10}")
    baseline = load(hello, "/", args.seconds, args.connections)
    print(f"{'hello-world':<42}{baseline[0]:>9.1f}{baseline[1]:>9.1f}{baseline[2]:>9.1f}{'100%':>10}")
    cookie = sign_in(forum, "bench_reader")[0]
    for name, path in paths.items():
        if args.only not in name:
            continue
        for who, with_cookie in (("signed out", None), ("signed in", cookie)):
            rate, p50, p99 = load(forum, path, args.seconds, args.connections, with_cookie)
            print(f"{name + ', ' + who:<42}{rate:>9.1f}{p50:>9.1f}{p99:>9.1f}{rate / baseline[0]:>10.2%}")
    for writers in (1, 4) if args.only in "replies" else ():
        rate, p50, p99, errors, searchable, acknowledged, marker = replies(forum, topic_id, writers, args.replies)
        print(
            f"{f'replies, {writers} writer(s)':<42}{rate:>9.1f}{p50:>9.1f}{p99:>9.1f}{'':>10}  "
            f"{len(acknowledged)} acknowledged, {stored(app, marker)} stored, {errors} 5xx, "
            f"all searchable {searchable:.1f} s after the last"
        )


if __name__ == "__main__":
    main()
