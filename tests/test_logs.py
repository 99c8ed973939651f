"""The forum's own log lines reach the serving process's standard error, beside gunicorn's."""

import subprocess
import sys

from tests import live

WRITE_AN_EMAIL = """
from forum import create_app, mail
app = create_app()
with app.app_context():
    mail.deliver(mail.compose("mona@example.org", "دعوة", "نص", "<p>نص</p>"))
"""


def _stderr(app, **settings):
    env = live.forum_environment(app, **settings)
    env.pop("FORUM_MAIL_SERVER", None)
    return subprocess.run(
        [sys.executable, "-c", WRITE_AN_EMAIL], cwd=live.ROOT, env=env, capture_output=True, text=True, check=True
    ).stderr


def test_an_email_written_to_a_file_is_logged_at_info_by_default(app):
    assert "[INFO] forum.mail: Email to mona@example.org (دعوة) written to" in _stderr(app)


def test_the_log_level_is_a_setting(app):
    assert "forum.mail" not in _stderr(app, FORUM_LOG_LEVEL="warning")
