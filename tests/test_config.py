import json
import os
import subprocess
import sys

import pytest

from config import ROOT, ProductionConfig
from forum import create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    config = type("Config", (ProductionConfig,), {"SECRET_KEY": None, "INSTANCE_DIR": tmp_path})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


@pytest.mark.parametrize("path", ["/login", "/static/css/forum.css", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


SHELL = {
    "FORUM_MAIL_SERVER": "smtp.example.org",
    "FORUM_MAX_POST_LENGTH": "5",
    "DATABASE_URL": "sqlite:////nowhere",
    "FORUM_RATELIMIT_ENABLED": "1",
    "FORUM_JOBS_REDIS_URL": "redis://127.0.0.1:1/0",
    "SECRET_KEY": "shell",
}
READ = (
    "MAIL_SERVER",
    "MAX_POST_LENGTH",
    "SQLALCHEMY_DATABASE_URI",
    "RATELIMIT_ENABLED",
    "JOBS_REDIS_URL",
    "SECRET_KEY",
)


def _settings_under(env):
    script = (
        f"import json, config; print(json.dumps([{{name: getattr(c, name) for name in {READ!r}}} "
        "for c in (config.Config, config.TestingConfig)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def test_the_tests_read_nothing_from_the_shell_that_runs_them():
    """A developer's FORUM_MAIL_SERVER must not make the tests send mail through it."""
    deployed, testing = _settings_under(SHELL)
    assert testing == {
        "MAIL_SERVER": "",
        "MAX_POST_LENGTH": 32000,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "RATELIMIT_ENABLED": False,
        "JOBS_REDIS_URL": None,
        "SECRET_KEY": "testing",
    }
    assert (deployed["MAIL_SERVER"], deployed["MAX_POST_LENGTH"]) == ("smtp.example.org", 5), "deployments do"
