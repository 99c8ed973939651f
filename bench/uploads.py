"""Time uploading a 5 MB photo (checked, re-encoded without its metadata, three thumbnails
made, stored) against writing a plain reply, and a topic page with five photos against the same
page without them, in-process, in the same run so that the machine's speed cancels out.

Not a test: run `.venv/bin/python bench/uploads.py [--rounds N]`.
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402

from config import TestingConfig  # noqa: E402
from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Category  # noqa: E402
from forum.services import accounts, communities, posting, uploads  # noqa: E402
from tests.uploads import files  # noqa: E402


def timed(action, rounds):
    times = []
    for n in range(rounds):
        start = time.perf_counter()
        action(n)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.mean(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    folder = Path(tempfile.mkdtemp(prefix="halaqa-bench-uploads-"))
    config = type(
        "Config",
        (TestingConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'forum.sqlite3'}",
            "INSTANCE_DIR": folder,
            "UPLOADS_DIR": str(folder / "uploads"),
            "SEARCH_INDEX_DIR": str(folder / "index"),
            "JOBS_IMMEDIATE": True,
        },
    )
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade()
        community = communities.create_community("bench", "مجتمع القياس")
        user = accounts.register_user("teacher", "t@example.org", "password123", email_confirmed=True)
        user.trust_level = 1
        communities.add_member(community, user)
        kind = db.session.scalars(db.select(Category)).first()
        writing = posting.create_topic(user, community, kind, "موضوع للردود", "نص")
        plain = posting.create_topic(user, community, kind, "موضوع بلا صور", "نص")
        pictured = posting.create_topic(user, community, kind, "موضوع بخمس صور", "نص")
        for n in range(5):
            photo = uploads.receive(user, f"{n}.jpg", files.classroom(1600, 1200, seed=100 + n))
            text = f"الصورة {n}\n\n{uploads.markdown(photo)}"
            posting.create_reply(user, pictured, text)
            posting.create_reply(user, plain, f"الصورة {n}\n\nنص بلا صورة")
        writing_id = writing.id
        plain_page, pictured_page = f"/t/{plain.slug}/{plain.id}", f"/t/{pictured.slug}/{pictured.id}"

    print("making photos of about 5 MB (4000 × 3000)...", flush=True)
    photos = [files.classroom(4000, 3000, seed=n, quality=95) for n in range(rounds)]
    client = app.test_client()
    client.post("/login", data={"login": "teacher", "password": "password123"})

    def reply(n):
        response = client.post(f"/t/{writing_id}/reply", data={"raw": f"رد رقم {n} بلا ملف"})
        assert response.status_code == 302, response.status_code

    def upload(n):
        response = client.post(
            "/uploads", data={"file": (io.BytesIO(photos[n]), f"photo{n}.jpg")}, content_type="multipart/form-data"
        )
        assert response.status_code == 201, response.get_data(as_text=True)

    def page(address):
        def read(n):
            response = client.get(address)
            assert response.status_code == 200, response.status_code

        return read

    reply_mean, reply_max = timed(reply, rounds * 4)
    upload_mean, upload_max = timed(upload, rounds)
    timed(page(plain_page), 5), timed(page(pictured_page), 5)  # warm both up alike
    plain_mean, _ = timed(page(plain_page), rounds * 10)
    pictured_mean, _ = timed(page(pictured_page), rounds * 10)
    size = statistics.mean(len(p) for p in photos) / 1024 / 1024
    print(f"plain reply:              {reply_mean:8.1f} ms mean, {reply_max:8.1f} ms max")
    print(
        f"5 MB photo upload ({size:.1f} MB): {upload_mean:8.1f} ms mean, {upload_max:8.1f} ms max, "
        f"{upload_mean / reply_mean:.1f}x a plain reply"
    )
    print(
        f"topic page, 5 photos:     {pictured_mean:8.1f} ms mean, {pictured_mean / plain_mean:.2f}x the same page "
        f"without them ({plain_mean:.1f} ms)"
    )


if __name__ == "__main__":
    main()
