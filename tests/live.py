"""A real server for tests that need one: gunicorn with several worker processes, on
the test's database and index, and a small cookie-keeping HTTP session to talk to it."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def forum_environment(app, **extra) -> dict:
    """Environment variables that point a serving process at this test app's storage."""
    env = dict(os.environ)
    env.update(
        {
            "FORUM_CONFIG": "default",
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
            "FORUM_INSTANCE_DIR": str(app.config["INSTANCE_DIR"]),
            "SECRET_KEY": "live-test-secret",
            # Load tests send many posts from one account at once; the limits have tests of their own.
            "FORUM_RATELIMIT_ENABLED": "0",
        }
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Served(str):
    """A served forum's base URL; .process is its gunicorn master."""

    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]


@contextmanager
def gunicorn(env, workers=2, timeout=20.0, app="wsgi:app", cwd=ROOT):
    """Serve app (the forum's by default) with `workers` processes; yields the base URL (a Served)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=cwd,
        env=env,
    )
    base = Served(f"http://127.0.0.1:{port}")
    base.process = process
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "/login", timeout=2).read()
                break
            except urllib.error.HTTPError:
                break  # an app without that page, answering all the same
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                # Not listening yet, or too busy to answer the first request in time.
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """One visitor: keeps cookies, fills in the CSRF token of the form it last fetched."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path, data=None):
        """(status, body) of one request; redirects are returned, not followed (the body of a
        redirect is its Location)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:
                return error.code, error.headers.get("Location", "")
            return error.code, error.read().decode()

    def submit(self, form_path, data):
        """Fetch the page holding a form, then post `data` to it with its CSRF token."""
        status, page = self.request(form_path)
        assert status == 200, (form_path, status)
        token = CSRF.search(page).group(1)
        return self.request(form_path, {**data, "csrf_token": token})

    def json(self, path):
        status, body = self.request(path)
        assert status == 200, (path, status, body[:200])
        return json.loads(body)
