"""Search and import benchmark on a large forum. Not a test.

    .venv/bin/python bench/search.py DATASET_DIR [--prefix P] [--posts 100000] [--workdir DIR]

Grows the dataset in DATASET_DIR (JSONL, see the dataset SCHEMA) to --posts posts by
recombining its paragraphs into new topics, imports it (timing the database and the index
separately), then times queries through forum.search.query.search, for an administrator
and for a member (whose members-only exclusions are part of the query), against the raw
Whoosh searcher on the same index (same parsed query, no permissions, no reload) as
baseline. With --workdir, the imported forum is kept there and reused by later runs.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from forum.extensions import db  # noqa: E402
from forum.models import User  # noqa: E402
from forum.search.query import Criteria, _text_query, search  # noqa: E402
from forum.search.store import open_index  # noqa: E402
from bench.dataset import import_grown, open_forum  # noqa: E402

QUERIES = {
    "ar one word": ["المعلمين", "التقييم", "الطلاب", "الملتقى", "المشرف"],
    "ar two words": ["تقييم الطلاب", "مجتمعات التعلم", "القيادة التشاركية", "المؤسسات التعليمية", "الممارسات المهنية"],
    "ar phrase": ['"مجتمعات التعلم المهنية"', '"الممارسات المهنية"', '"المؤسسة التعليمية"'],
    "en one word": ["teachers", "evidence", "assessment", "trust", "fractions"],
    "en two words": ["student work", "group project", "reading fluency", "peer feedback", "lesson study"],
    "en phrase": ['"student work"', '"the evidence"', '"small group"'],
}


def percentiles(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2] * 1000, samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workdir", help="keep the imported forum here and reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.workdir or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        app, fresh = open_forum(folder)
        with app.app_context():
            if fresh:
                import_grown(Path(args.dataset), args.prefix, args.posts, folder)
            time_queries(args.rounds)


def time_queries(rounds):
    admin = db.session.scalars(select(User).where(User.role == "admin")).first()
    member = db.session.scalars(select(User).where(User.role == "member").order_by(User.id)).first()
    ix = open_index()
    print(f"{ix.doc_count():,} documents in the index")
    print(
        f"{'queries':<14}{'raw p50':>9}{'p99':>8}{'admin p50':>11}{'p99':>8}{'member p50':>12}{'p99':>8}"
        f"{'ratio p50':>11}"
    )
    for label, queries in QUERIES.items():
        timings = {"raw": [], "admin": [], "member": []}
        for _ in range(rounds):
            for q in queries:
                t = time.perf_counter()
                with ix.searcher() as searcher:
                    searcher.search_page(_text_query(ix.schema, Criteria(words=q)), 1, pagelen=20)
                timings["raw"].append(time.perf_counter() - t)
                for name, user in (("admin", admin), ("member", member)):
                    t = time.perf_counter()
                    search(user, q)
                    timings[name].append(time.perf_counter() - t)
                    db.session.rollback()
        (r50, r99), (a50, a99), (m50, m99) = (percentiles(timings[k]) for k in ("raw", "admin", "member"))
        print(
            f"{label:<14}{r50:>7.1f}ms{r99:>6.1f}ms{a50:>9.1f}ms{a99:>6.1f}ms{m50:>10.1f}ms{m99:>6.1f}ms"
            f"{max(a50, m50) / r50:>10.1f}x"
        )


if __name__ == "__main__":
    main()
