"""Building test data through the services, so fixtures obey the rules under test."""

import email
import email.policy
import itertools
import re
from urllib.parse import quote

from flask_login import AnonymousUserMixin
from sqlalchemy import select

from forum import mail
from forum.extensions import db
from forum.models import Category
from forum.services import accounts, communities, curation, posting

PASSWORD = "secret-password"
_serial = itertools.count(1)


def category(kind="questions") -> Category:
    return db.session.scalars(select(Category).where(Category.kind == kind)).one()


def make_user(username=None, *, role="member", display_name="", email=None):
    n = next(_serial)
    username = username or f"user{n}"
    return accounts.register_user(
        username, email or f"user{n}@example.org", PASSWORD, display_name=display_name, role=role, email_confirmed=True
    )


def make_community(slug=None, *, visibility="public", name=None):
    n = next(_serial)
    slug = slug or f"community-{n}"
    return communities.create_community(
        slug, name or f"مجتمع التعلم {n}", region="الزرقاء", description="وصف", visibility=visibility
    )


def make_member(community, user=None, *, role="member"):
    user = user or make_user()
    communities.add_member(community, user, role=role)
    return user


def make_topic(community=None, author=None, *, kind="questions", title=None, raw=None, anonymous=False, at=None):
    community = community or make_community()
    author = author or make_member(community)
    n = next(_serial)
    return posting.create_topic(
        author,
        community,
        category(kind),
        title or f"كيف نقيس أثر التعلم؟ {n}",
        raw or "نص المشاركة الأولى في الموضوع.",
        anonymous=anonymous,
        at=at,
    )


def make_reply(topic, author=None, *, raw=None, reply_to=None, anonymous=False, at=None):
    if author is None:
        author = make_member(topic.community)
    return posting.create_reply(
        author, topic, raw or "رد مفيد على الموضوع.", reply_to=reply_to, anonymous=anonymous, at=at
    )


def make_entry(
    post,
    curator=None,
    *,
    title="ممارسة تستحق أن تبقى",
    summary="ما جربناه ولماذا نجح.",
    subject="mathematics",
    grade="middle",
):
    """A post promoted to the library, by a coordinator of its community unless told."""
    curator = curator or make_member(post.topic.community, role="coordinator")
    return curation.promote(curator, post, title=title, summary=summary, subject=subject, grade=grade)


def database_rows() -> dict[str, list]:
    """Every row of every table, in a stable order: what a refused write must leave as it was."""
    db.session.expire_all()
    return {
        table.name: sorted((tuple(row) for row in db.session.execute(table.select())), key=repr)
        for table in db.metadata.sorted_tables
    }


def make_cast(community, other):
    """A user of every role, for community (outsiders belong to other): nobody signed in, a
    member elsewhere, a member, a coordinator elsewhere, the coordinator, a mentor elsewhere,
    the mentor, site staff, and a plain member who authors what a test needs."""
    return {
        "anonymous": AnonymousUserMixin(),
        "outsider": make_member(other),
        "member": make_member(community),
        "other_coordinator": make_member(other, role="coordinator"),
        "coordinator": make_member(community, role="coordinator"),
        "other_mentor": make_member(other, role="mentor"),
        "mentor": make_member(community, role="mentor"),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
        "author": make_member(community),
    }


def sent_mail() -> list:
    """The emails written so far (the embedded default writes them to files), oldest first."""
    folder = mail.mail_dir()
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def topic_url(topic, suffix=""):
    """A topic's address as a browser asks for it (suffix: a query string or an anchor)."""
    return f"/t/{quote(topic.slug)}/{topic.id}{suffix}"


def emailed_path(message, path) -> str:
    """Where the one link to path in an email's text leads, as a path on this forum."""
    (link,) = re.findall(rf"http://\S+?({re.escape(path)}\S+)", message.get_body(("plain",)).get_content())
    return link
