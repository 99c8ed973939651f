"""Sending email. With FORUM_MAIL_SERVER set, over SMTP; with none (the embedded default),
each message is written to a file in the mail folder and logged, so a forum without a
mail server still shows what it would have sent.

Only jobs send (forum.services.emails): never a request."""

import logging
import smtplib
import ssl
import uuid
from datetime import datetime, UTC
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


def compose(to, subject, text, html, headers=None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@{current_app.config['MAIL_DOMAIN']}>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def deliver(message: EmailMessage):
    """Send message, or raise (the job that called retries)."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        _write(message, mail_dir())
        return
    security = config["MAIL_SECURITY"]
    smtp_class = smtplib.SMTP_SSL if security == "ssl" else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def mail_dir() -> Path:
    return Path(current_app.config["MAIL_DIR"] or current_app.config["INSTANCE_DIR"] / "mail")


def _write(message, folder):
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    log.info("Email to %s (%s) written to %s (no FORUM_MAIL_SERVER set)", message["To"], message["Subject"], path)
