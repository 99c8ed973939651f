"""gunicorn's settings for `make run` (`--config python:forum.serving`): the terminal says where
the forum is once it listens, not before."""

import os


def when_ready(server):
    address = os.environ.get("FORUM_BASE_URL", "http://127.0.0.1:8000")
    print(f"\n  Halaqa is running: open {address}/ in your browser (Ctrl+C stops it).\n", flush=True)
