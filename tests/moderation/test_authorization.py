"""Who may flag, review, moderate and curate, through HTTP: every moderation, curation and
library endpoint, sent as a browser sends it.

The rules themselves, against every role, are tested in tests/test_permissions.py. Here each
endpoint is tried by the least privileged role allowed, which must get its way (the change is
in the database, or the page shows what it is for), by the roles just below it and by nobody
signed in, who must be refused with nothing changed. Each try has a fresh client and a fresh
target, and the allowed role goes last, so a refusal that changed something anyway is caught.

Roles: nobody signed in, a member of another community, a member, a coordinator of another
community, the community's coordinator, a mentor assigned to another community, a mentor
assigned to this one, a site moderator and an admin.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Community, Flag, Invitation, LibraryEntry, Membership, Nomination, StaffAction
from forum.services import answers, communities, curation, flags, moderation
from tests.conftest import PASSWORD
from tests.factories import (
    category,
    make_cast,
    make_community,
    make_entry,
    make_member,
    make_reply,
    make_topic,
    make_user,
)


@pytest.fixture
def cast(community):
    return make_cast(community, make_community())


def client_as(app, cast, role):
    """A fresh client, signed in as role ("anonymous": nobody)."""
    client = app.test_client()
    if role != "anonymous":
        response = client.post("/login", data={"login": cast[role].username, "password": PASSWORD})
        assert response.status_code == 302
    return client


def outcome(response):
    """The response as the tests read it: "login" for a redirect to the sign-in page, "done"
    for any other redirect (every endpoint here redirects when it did its work), else the
    status code."""
    if response.status_code == 302:
        return "login" if urlsplit(response.headers["Location"]).path == "/login" else "done"
    return response.status_code


@dataclass(frozen=True)
class Boundary:
    """The least privileged role allowed, and the roles just below it."""

    allowed: str
    refused: tuple[str, ...]


MODERATORS = Boundary("coordinator", ("mentor", "other_coordinator"))
CURATORS = Boundary("mentor", ("member", "other_mentor"))
STAFF = Boundary("moderator", ("coordinator",))
ADMINS = Boundary("admin", ("moderator",))
SIGNED_IN = Boundary("outsider", ())
MEMBERS = Boundary("member", ("outsider", "other_coordinator"))
# The queues open to coordinators, and to curators, of any community.
ANY_COORDINATOR = Boundary("other_coordinator", ("mentor", "other_mentor"))
ANY_CURATOR = Boundary("other_mentor", ("member", "outsider"))


@dataclass(frozen=True)
class Write:
    """A POST: make(community, cast) a fresh target, send(client, target) the request, and
    changed(target) says whether the database holds the change."""

    make: Callable
    send: Callable
    changed: Callable
    who: Boundary
    refusal: int = 403


@dataclass(frozen=True)
class Page:
    """A GET: make(community, cast) a fresh target, the address to open, and what only that
    page shows ({t} in either is the target)."""

    make: Callable
    address: str
    shows: str
    who: Boundary


def expected(role, who, refusal=403):
    if role == "anonymous":
        return "login"
    return "done" if role == who.allowed else refusal


def roles_to_try(who):
    """Nobody signed in and the refused roles first, the allowed role last."""
    return ("anonymous", *who.refused, who.allowed)


# Targets ----------------------------------------------------------------------------------------


def a_topic(community, cast):
    return make_topic(community)


def a_reply(community, cast):
    return make_reply(make_topic(community))


def the_community(community, cast):
    return community


def community_of(user):
    return db.session.scalars(
        select(Community).join(Membership, Membership.community_id == Community.id).where(Membership.user_id == user.id)
    ).one()


def a_member(community, cast):
    return make_member(community)


def flagged_post(community, cast):
    post = make_reply(make_topic(community))
    flags.flag(make_member(community), post, "spam")
    return post


def flagged_post_elsewhere(community, cast):
    return flagged_post(community_of(cast["other_coordinator"]), cast)


def solved_question(community, cast):
    question = make_topic(community)
    reply = make_reply(question)
    answers.accept_answer(question.author, reply)
    return reply


def anonymous_failure(community, cast):
    return make_reply(make_topic(community, kind="failures"), anonymous=True)


def nominated_post(community, cast):
    post = make_reply(make_topic(community))
    curation.nominate(make_member(community), post)
    return post


def nominated_post_elsewhere(community, cast):
    return nominated_post(community_of(cast["other_mentor"]), cast)


def held_post(community, cast):
    """A new account's reply, held, in a topic that is not."""
    community.hold_new_posts = False
    topic = make_topic(community)
    community.hold_new_posts = True
    return make_reply(topic)


def join_request(community, cast):
    community.join_policy = "request"
    return communities.request_to_join(make_user(), community)


def invitation(community, cast):
    return communities.create_invitation(make_user(role="admin"), community, days=7)


def two_topics(community, cast):
    return make_topic(community), make_topic(community)


def an_entry(community, cast):
    return make_entry(make_reply(make_topic(community)))


LOG_REASON = "رسالة إعلانية خارج الموضوع"


def a_logged_action(community, cast):
    moderation.hide_post(cast["coordinator"], make_reply(make_topic(community)), LOG_REASON)


# What changed ------------------------------------------------------------------------------------


def exists(stmt):
    return db.session.scalar(stmt.limit(1)) is not None


def flagged(post):
    return exists(select(Flag.id).where(Flag.post_id == post.id))


def flags_settled_as(post, outcome):
    return db.session.scalars(select(Flag.outcome).where(Flag.post_id == post.id)).all() == [outcome]


def nominated(post):
    return exists(select(Nomination.id).where(Nomination.post_id == post.id))


def nominations_declined(post):
    return db.session.scalars(select(Nomination.outcome).where(Nomination.post_id == post.id)).all() == ["declined"]


def in_library(post):
    return exists(select(LibraryEntry.id).where(LibraryEntry.post_id == post.id, LibraryEntry.retired_at.is_(None)))


def revealed(post):
    return exists(select(StaffAction.id).where(StaffAction.action == "reveal_author", StaffAction.post_id == post.id))


def is_member(user, community):
    return db.session.get(Membership, (user.id, community.id)) is not None


def in_no_community(user):
    return not exists(select(Membership.user_id).where(Membership.user_id == user.id))


def approved_and_member(request):
    return request.outcome == "approved" and is_member(request.user, request.community)


def has_invitation(community):
    return exists(select(Invitation.id).where(Invitation.community_id == community.id))


def opens_a_topic_of_its_own(reply):
    """A reply split off opens the new topic: it is post number 1 there."""
    return reply.post_number == 1


def merged(topics):
    source, into = topics
    return source.merged_into_id == into.id


# Requests -----------------------------------------------------------------------------------------


def post_to(address, **data):
    """A POST to address, where {t} is the target: "/p/{t.id}/flag"."""
    return lambda client, target: client.post(address.format(t=target), data=data)


def remove(client, user):
    return client.post(f"/communities/{community_of(user).slug}/members/{user.username}/remove")


def move_to_failures(client, topic):
    return client.post(
        f"/t/{topic.id}/move", data={"community": topic.community.slug, "category": "failures-and-mistakes"}
    )


def merge(client, topics):
    source, into = topics
    return client.post(f"/t/{source.id}/merge", data={"into": str(into.id)})


ENTRY = {"title": "بطاقات الخروج", "raw": "سؤال واحد في آخر الحصة", "subject": "science", "grade": "middle"}
NEW_NAME = "اسم جديد للمجتمع"
SILENCE = {"kind": "silence", "until": "2099-01-01", "reason": "رسائل مزعجة"}

WRITES = {
    "hide a post": Write(a_reply, post_to("/p/{t.id}/moderate", action="hide"), lambda post: post.hidden, MODERATORS),
    "delete a post": Write(
        a_reply,
        post_to("/p/{t.id}/moderate", action="delete", reason="مكرر"),
        lambda post: post.deleted_at is not None,
        MODERATORS,
    ),
    "close a topic": Write(
        a_topic, post_to("/t/{t.id}/moderate", action="close"), lambda topic: topic.closed, MODERATORS
    ),
    "pin across the site": Write(
        a_topic, post_to("/t/{t.id}/moderate", action="pin_globally"), lambda topic: topic.pinned_globally, STAFF
    ),
    # A held post does not exist for those who may not moderate it.
    "approve a held post": Write(
        held_post,
        post_to("/review/{t.id}/held", decision="approve"),
        lambda post: not post.held,
        MODERATORS,
        refusal=404,
    ),
    "settle flags": Write(
        flagged_post,
        post_to("/review/{t.id}", outcome="disagreed"),
        lambda post: flags_settled_as(post, "disagreed"),
        MODERATORS,
    ),
    "silence a member": Write(
        a_member, post_to("/u/{t.username}/restrict", **SILENCE), lambda user: user.is_silenced(), STAFF
    ),
    "flag a post": Write(a_reply, post_to("/p/{t.id}/flag", reason="spam"), flagged, SIGNED_IN),
    # Hard questions: the asker (tests/test_permissions.py) and the community's moderators.
    "accept an answer": Write(
        a_reply, post_to("/p/{t.id}/accept"), lambda post: post.topic.accepted_post_id == post.id, MODERATORS
    ),
    "unmark a solution": Write(
        solved_question, post_to("/p/{t.id}/unaccept"), lambda post: post.topic.accepted_post_id is None, MODERATORS
    ),
    "publish a synthesis": Write(
        a_topic,
        post_to("/t/{t.id}/synthesis", raw="خلاصة ما اتفقنا عليه"),
        lambda topic: topic.solution == "synthesis" and topic.closed,
        MODERATORS,
    ),
    "reveal an anonymous author": Write(
        anonymous_failure, post_to("/p/{t.id}/moderate", action="reveal", reason="شكوى"), revealed, MODERATORS
    ),
    "change the community's settings": Write(
        the_community,
        post_to("/communities/{t.slug}/settings", anonymous_posts="1", hold_new_posts="1"),
        lambda community: community.hold_new_posts,
        MODERATORS,
    ),
    # Communities: administrators create and edit them.
    "edit a community": Write(
        the_community,
        post_to("/admin/communities/{t.slug}/edit", name=NEW_NAME, visibility="public", join_policy="open"),
        lambda community: community.name == NEW_NAME,
        ADMINS,
    ),
    # Membership: the community's moderators manage it.
    "remove a member": Write(a_member, remove, in_no_community, MODERATORS),
    "answer a request to join": Write(
        join_request,
        post_to("/communities/{t.community.slug}/requests/{t.id}", decision="approve"),
        approved_and_member,
        MODERATORS,
    ),
    "create an invitation link": Write(
        the_community, post_to("/communities/{t.slug}/invitations", days="7"), has_invitation, MODERATORS
    ),
    "revoke an invitation link": Write(
        invitation,
        post_to("/communities/{t.community.slug}/invitations/{t.id}/revoke"),
        lambda invitation: invitation.revoked_at is not None,
        MODERATORS,
    ),
    # Moving discussions: within the community here (across communities: tests/moderation/test_moving_views.py).
    "move a topic": Write(
        a_topic, move_to_failures, lambda topic: topic.category_id == category("failures").id, MODERATORS
    ),
    "split replies off": Write(
        a_reply,
        post_to("/t/{t.topic_id}/split", posts="2", title="موضوع منفصل جديد"),
        opens_a_topic_of_its_own,
        MODERATORS,
    ),
    "merge topics": Write(two_topics, merge, merged, MODERATORS),
    # The library: curators are the community's coordinators and mentors, and site staff.
    "promote a post": Write(a_reply, post_to("/p/{t.id}/promote", **ENTRY), in_library, CURATORS),
    "retire an entry": Write(
        an_entry, post_to("/library/{t.id}/retire"), lambda entry: entry.retired_at is not None, CURATORS
    ),
    "decline nominations": Write(
        nominated_post, post_to("/library/nominations/{t.id}/decline"), nominations_declined, CURATORS
    ),
    "nominate a post": Write(a_reply, post_to("/p/{t.id}/nominate"), nominated, SIGNED_IN),
    "say one's school": Write(
        the_community,
        post_to("/communities/{t.slug}/school", new_school="مدرسة الاختبار"),
        lambda community: "مدرسة الاختبار" in {i.name for i in community.institutions},
        MEMBERS,
    ),
}

PAGES = {
    # The queues: of the other community, whose coordinator (or mentor) is the least privileged allowed.
    "open the review queue": Page(flagged_post_elsewhere, "/review", 'action="/review/{t.id}"', ANY_COORDINATOR),
    "open the nominations queue": Page(
        nominated_post_elsewhere, "/library/nominations", 'action="/library/nominations/{t.id}/decline"', ANY_CURATOR
    ),
    "read the staff log": Page(a_logged_action, "/admin/log", LOG_REASON, STAFF),
    "open the communities admin page": Page(
        the_community, "/admin/communities", 'href="/admin/communities/{t.slug}/edit"', ADMINS
    ),
    "open the flagged messages": Page(the_community, "/review/messages", 'id="flagged-messages"', STAFF),
    "open the member directory": Page(the_community, "/communities/{t.slug}/members", 'id="filter-subject"', MEMBERS),
    "open the move page": Page(a_topic, "/t/{t.id}/move", 'action="/t/{t.id}/split"', MODERATORS),
    "open the synthesis page": Page(a_topic, "/t/{t.id}/synthesis", 'data-draft="/t/{t.id}/synthesis', MODERATORS),
    "open the promote page": Page(a_reply, "/p/{t.id}/promote", 'data-draft="/p/{t.id}/promote', CURATORS),
}


def check_write(app, community, cast, write):
    """Each role tries the write on a fresh target: only the allowed role gets its way."""
    for role in roles_to_try(write.who):
        target = write.make(community, cast)
        response = write.send(client_as(app, cast, role), target)
        db.session.expire_all()
        assert (role, outcome(response)) == (role, expected(role, write.who, write.refusal))
        assert (role, bool(write.changed(target))) == (role, role == write.who.allowed), "changed"


@pytest.mark.parametrize("name", WRITES)
def test_a_write_goes_through_for_the_least_privileged_allowed_role_and_nobody_below(app, community, cast, name):
    check_write(app, community, cast, WRITES[name])


@pytest.mark.parametrize("name", PAGES)
def test_a_page_opens_for_the_least_privileged_allowed_role_and_nobody_below(app, community, cast, name):
    page = PAGES[name]
    for role in roles_to_try(page.who):
        target = page.make(community, cast)
        response = client_as(app, cast, role).get(page.address.format(t=target))
        done = "done" if response.status_code == 200 else outcome(response)
        assert (role, done) == (role, expected(role, page.who))
        assert (role, page.shows.format(t=target) in response.text) == (role, role == page.who.allowed), "shown"


def test_only_admins_grant_roles(app, community, cast):
    grant = Write(
        a_member, post_to("/u/{t.username}/role", role="moderator"), lambda user: user.role == "moderator", ADMINS
    )
    check_write(app, community, cast, grant)


def sent_to(client, post):
    """What an outsider might try on a post of a members-only community."""
    return [
        client.post(f"/p/{post.id}/flag", data={"reason": "spam"}),
        client.post(f"/p/{post.id}/accept"),
        client.post(f"/p/{post.id}/nominate"),
        client.get(f"/p/{post.id}/promote"),
        client.post(f"/p/{post.id}/moderate", data={"action": "hide"}),
        client.post(f"/t/{post.topic_id}/moderate", data={"action": "close"}),
        client.post(f"/t/{post.topic_id}/synthesis", data={"raw": "خلاصة"}),
    ]


def changes(post):
    db.session.expire_all()
    return {
        "flagged": flagged(post),
        "accepted": post.topic.accepted_post_id is not None,
        "nominated": nominated(post),
        "hidden": post.hidden,
        "closed": post.topic.closed,
    }


def test_a_members_only_community_stays_unseen_by_those_outside_it(app, cast):
    """Outsiders of every kind get 404 and change nothing; a member of it, to show the
    requests are sound, flags and nominates, and is refused the rest with 403."""
    private = make_community(visibility="members")
    people = {**cast, "member": make_member(private)}
    unchanged = dict.fromkeys(("flagged", "accepted", "nominated", "hidden", "closed"), False)
    tries = [("anonymous", ["login"] * 7, unchanged)]
    tries += [(role, [404] * 7, unchanged) for role in ("outsider", "other_coordinator", "other_mentor")]
    tries += [("member", ["done", 403, "done", 403, 403, 403, 403], {**unchanged, "flagged": True, "nominated": True})]
    for role, outcomes, changed in tries:
        post = make_reply(make_topic(private))
        sent = sent_to(client_as(app, people, role), post)
        assert (role, [outcome(r) for r in sent]) == (role, outcomes)
        assert (role, changes(post)) == (role, changed)
