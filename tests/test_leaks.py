"""The leak sweep: every page and JSON answer of the forum, read by every kind of reader, over
a forum holding what some of them must not see: a members-only community, an anonymous
author, posts held for approval, a hidden reply and a deleted topic. Each carries markers in
its title, body and author; no marker may reach a reader who may not see it, counts included.

Every GET route of app.url_map is swept; a route whose parameters the sweep cannot fill
fails it, so that routes added later are swept too."""

import re
from itertools import product
from urllib.parse import quote, unquote

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import (
    Category,
    Conversation,
    Invitation,
    LibraryEntry,
    Message,
    MessageFlag,
    Notification,
    Post,
    Upload,
)
from forum.services import addresses, communities, emails, export, messages, moderation, reading, recovery, uploads
from tests.factories import make_community, make_entry, make_member, make_reply, make_topic, make_user

# These readers search: posts are indexed as they are written.
pytestmark = pytest.mark.usefixtures("search")

ROLES = (
    "signed_out",
    "member_elsewhere",
    "member",
    "coordinator_elsewhere",
    "coordinator",
    "mentor",
    "moderator",
    "admin",
)
# Who may see each kind of thing.
MEMBERS_ONLY_READERS = {"member", "coordinator", "mentor", "moderator", "admin"}
MODERATORS = {"coordinator", "moderator", "admin"}
# Markers: plain words, so that search finds them, each unique to one thing.
MARKERS = {
    "secret_title": MEMBERS_ONLY_READERS,
    "secret_body": MEMBERS_ONLY_READERS,
    "secret_reply": MEMBERS_ONLY_READERS,
    "secretauthor": MEMBERS_ONLY_READERS,
    "held_title": MODERATORS,
    "held_body": MODERATORS,
    "heldauthor": MODERATORS,
    "held_reply": MODERATORS,
    "hidden_reply": MODERATORS,
    "deleted_title": MODERATORS,
    "deleted_body": MODERATORS,
    "secret_school": MEMBERS_ONLY_READERS,
    # A private conversation between the member and someone who is none of the readers: one
    # of its messages flagged, which the site's moderators read, and nothing else of it.
    "private_subject": {"member"},
    "private_message": {"member"},
    "flagged_message": {"member", "moderator", "admin"},
    "anonauthor": set(),
    # Uploaded files, their text a marker: shown in the members-only topic, in a hidden reply, in
    # a post held for approval, in the private conversation; and one uploaded but shown nowhere.
    "secret_file": MEMBERS_ONLY_READERS,
    "hidden_file": MODERATORS,
    "held_file": MODERATORS,
    "private_file": {"member"},
    "draft_file": set(),
}
# Where a marker of an author shows by design: lists of people, not of what they wrote (the
# members of the members-only community only to those who may see it).
PEOPLE_PAGES = {"communities.members", "users.search_json"}
# GET routes that show no forum content.
NOT_SWEPT = {"static"}


def word(marker):
    """The marker as written in the forum: one word, unlike any other."""
    return "zq" + marker.replace("_", "") + "zq"


@pytest.fixture
def world(app):
    public, secret, elsewhere = (
        make_community("open-circle"),
        make_community("closed-circle", visibility="members"),
        make_community("far-circle"),
    )
    people = {
        "member_elsewhere": make_member(elsewhere),
        "coordinator_elsewhere": make_member(elsewhere, role="coordinator"),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="admin"),
    }
    for role, kind in (("member", "member"), ("coordinator", "coordinator"), ("mentor", "mentor")):
        people[role] = make_member(public, role=kind)
        communities.add_member(secret, people[role], role=kind)
    for user in db.session.scalars(select(type(people["admin"]))):
        user.trust_level = 1  # nobody but the held author is a new account
    db.session.commit()
    writer = make_member(public)
    writer.trust_level = 1
    secret_author = make_member(secret, make_user(word("secretauthor"), display_name=word("secretauthor")))
    anon_author = make_member(public, make_user(word("anonauthor"), display_name=word("anonauthor")))
    for user in (secret_author, anon_author):
        user.trust_level = 1
    db.session.commit()

    secret_topic = make_topic(
        secret,
        secret_author,
        title=f"{word('secret_title')} اجتماع الفريق",
        raw=f"{word('secret_body')} ما يقال هنا يبقى هنا {_file(secret_author, 'secret_file')}",
    )
    make_reply(secret_topic, people["member"], raw=f"{word('secret_reply')} رد")
    public_topic = make_topic(public, writer, title="اجتماع أولياء الأمور المفتوح", raw="نص عام للجميع")
    anonymous = make_topic(
        public,
        anon_author,
        kind="failures",
        title="إخفاق في إدارة الاجتماع",
        raw="قصة إخفاق يرويها عضو",
        anonymous=True,
    )
    make_reply(anonymous, people["member"], raw="شكرًا على الصراحة")
    hidden = make_reply(public_topic, writer, raw=f"{word('hidden_reply')} رد سيخفى {_file(writer, 'hidden_file')}")
    moderation.hide_post(people["coordinator"], hidden, "مخالف")
    deleted = make_topic(
        public, writer, title=f"{word('deleted_title')} موضوع سيحذف", raw=f"{word('deleted_body')} نص سيحذف"
    )
    moderation.delete_topic(people["coordinator"], deleted, "مكرر")
    make_topic(elsewhere, people["member_elsewhere"], title="موضوع في مجتمع آخر")
    entry = make_entry(
        db.session.scalars(select(Post).where(Post.topic_id == secret_topic.id)).first(), people["coordinator"]
    )
    for user in (people["member"], people["mentor"]):
        reading.set_community_level(user, secret, "watching")
    communities.set_school(people["member"], secret, word("secret_school"))
    communities.change_settings(people["coordinator"], public, hold_new_posts=True)
    held_author = make_member(public, make_user(word("heldauthor"), display_name=word("heldauthor")))
    held_topic = make_topic(
        public,
        held_author,
        kind="practices",
        title=f"{word('held_title')} ممارسة جديدة",
        raw=f"{word('held_body')} نص ينتظر الموافقة {_file(held_author, 'held_file')}",
    )
    held_reply = make_reply(public_topic, held_author, raw=f"{word('held_reply')} رد ينتظر")
    assert held_reply.held and db.session.scalars(select(Post).where(Post.topic_id == held_topic.id)).one().held
    communities.create_invitation(people["coordinator"], secret, days=7)
    conversation = messages.start_conversation(
        writer,
        [people["member"]],
        f"{word('private_subject')} حديث خاص",
        f"{word('private_message')} بيننا {_file(writer, 'private_file')}",
    )
    _file(writer, "draft_file")
    flagged = messages.reply(writer, conversation, f"{word('flagged_message')} رسالة مسيئة")
    messages.flag(people["member"], flagged, "إساءة")
    return {
        "people": people,
        "communities": (public, secret, elsewhere),
        "entry": entry,
        "unsubscribe": emails.unsubscribe_token(people["member"], "replied"),
        "reset": recovery.reset_token(people["member"]),
        "confirm": addresses.confirmation_token(people["member"]),
        "export": export.LINK.token(people["member"], f"{people['member'].id}-gone.zip"),
        "usernames": [people["member"].username, writer.username],
    }


def _file(author, marker):
    """A text file holding the marker (in its text, so that a file served to whom it should not
    be shows it), uploaded by author; the Markdown that shows it."""
    return uploads.markdown(uploads.receive(author, "ملف.txt", f"{word(marker)} نص الملف".encode()))


def fillers(world):
    """For each URL parameter name, the values the sweep tries."""
    topics = db.session.execute(select(Post.topic_id).distinct()).scalars().all()
    from forum.models import Topic

    slugs = {t.id: t.slug for t in db.session.scalars(select(Topic))}
    posts = db.session.scalars(select(Post.id)).all()
    return {
        "topic_id": topics,
        "post_id": posts,
        "post_number": [1, 2],
        "entry_id": db.session.scalars(select(LibraryEntry.id)).all(),
        "notification_id": db.session.scalars(select(Notification.id)).all(),
        "community_slug": [c.slug for c in world["communities"]],
        "category_slug": db.session.scalars(select(Category.slug)).all(),
        "topic_slug": slugs,
        "username": world["usernames"],
        "invitation_token": db.session.scalars(select(Invitation.token)).all(),
        "unsubscribe_token": [world["unsubscribe"]],
        "reset_token": [world["reset"]],
        "confirm_token": [world["confirm"]],
        "export_token": [world["export"]],
        "conversation_id": db.session.scalars(select(Conversation.id)).all(),
        "message_id": db.session.scalars(select(Message.id)).all(),
        "flag_id": db.session.scalars(select(MessageFlag.id)).all(),
        "name": ["unread", "new"],
        "provider": ["nowhere"],
        "filename": [
            f"{sha}.{extension}" for sha, extension in db.session.execute(select(Upload.sha256, Upload.extension))
        ],
    }


# Query strings some pages read, tried beside the bare URL.
SEARCH_WORDS = [word(m) for m in MARKERS]
QUERIES = {
    "search.page": [{"q": w} for w in SEARCH_WORDS] + [{"q": "اجتماع"}, {"q": "اجتماع", "group": "topic"}],
    "search.as_json": [{"q": w} for w in SEARCH_WORDS] + [{"q": "اجتماع"}, {"q": "status:curated"}],
    "search.similar": [{"title": w} for w in SEARCH_WORDS] + [{"title": "اجتماع"}],
    "users.search_json": [{"term": "zq"}],
    "users.show": [{}, {"tab": "replies"}, {"tab": "reactions"}],
    "communities.show": [{}, {"category": "best-practices"}, {"status": "unsolved"}],
    "communities.members": [{}, {"subject": "science"}],
    "library.index": [{}, {"community": "closed-circle"}],
}


def urls(app, world):
    """Every URL the sweep reads: each GET route with each combination of parameter values."""
    values = fillers(world)
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_SWEPT:
            continue
        names = sorted(rule.arguments)
        choices = []
        for name in names:
            if name == "slug":
                key = (
                    "topic_slug"
                    if "topic_id" in names
                    else ("category_slug" if rule.endpoint == "communities.category" else "community_slug")
                )
            elif name == "token":
                key = {
                    "communities.invitation": "invitation_token",
                    "auth.reset_password": "reset_token",
                    "auth.confirm_email": "confirm_token",
                    "users.download_export": "export_token",
                }.get(rule.endpoint, "unsubscribe_token")
            else:
                key = name
            assert key in values, f"the leak sweep cannot fill <{name}> of {rule.rule}: teach it"
            choices.append((name, key))
        for combination in product(*[values[key] if key != "topic_slug" else [None] for _, key in choices]):
            arguments = dict(zip([name for name, _ in choices], combination, strict=True))
            if "slug" in arguments and "topic_id" in arguments:
                arguments["slug"] = values["topic_slug"].get(arguments["topic_id"], "x")
            for query in QUERIES.get(rule.endpoint, [{}]):
                found.append((rule.endpoint, _build(rule, arguments, query)))
    return found


def _build(rule, arguments, query):
    path = rule.rule
    for name, value in arguments.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", quote(str(value)), path)
    if query:
        path += "?" + "&".join(f"{k}={quote(v)}" for k, v in query.items())
    return path


def _shown_by_design(endpoint, marker):
    if endpoint == "communities.invitation" and marker == word("secret_school"):
        return True  # whoever holds an invitation link chooses their school among the community's
    if not marker.endswith("authorzq") or endpoint not in PEOPLE_PAGES:
        return False
    return endpoint != "communities.members" or marker != word("secretauthor")


@pytest.mark.parametrize("role", ROLES)
def test_nothing_reaches_a_reader_who_may_not_see_it(app, client, auth, world, role):
    if role != "signed_out":
        auth.login(world["people"][role])
    forbidden = {word(m) for m, readers in MARKERS.items() if role not in readers}
    leaks = []
    for endpoint, url in urls(app, world):
        response = client.get(url)
        text = response.get_data(as_text=True).lower() + response.headers.get("Location", "").lower()
        if response.status_code >= 500:
            leaks.append((url, response.status_code))
        # What the reader typed may come back to them (a search box, a link back); nothing else.
        asked = unquote(url).lower()
        leaks.extend(
            (url, marker)
            for marker in sorted(forbidden)
            if marker in text and marker not in asked and not _shown_by_design(endpoint, marker)
        )
    assert leaks == [], f"{role} reads:\n" + "\n".join(f"{unquote(url)} {what}" for url, what in leaks)


@pytest.mark.parametrize("role", ROLES)
def test_counts_count_only_what_the_reader_may_see(app, client, auth, world, role):
    if role != "signed_out":
        auth.login(world["people"][role])
    for marker, readers in MARKERS.items():
        if marker.endswith("author") or marker.startswith(("secret_school", "private", "flagged")):  # no post's
            continue
        found = client.get("/search.json?q=" + word(marker)).get_json()
        if role in readers and not marker.startswith(("held", "hidden", "deleted")):
            assert found["total"] >= 1, (role, marker, "what the reader may see is found")
            continue
        assert (found["total"], found["results"]) == (0, []), (role, marker)
        assert client.get("/topics/similar.json?title=" + word(marker)).get_json()["topics"] == [], (role, marker)
    # Everything about meetings that the reader can read, and nothing more, is counted.
    found = client.get("/search.json?q=" + quote("اجتماع")).get_json()
    assert found["total"] == len(found["results"]), role
