"""Who may flag, review, moderate and curate: every moderation, curation and library
endpoint against every role.

Roles: nobody signed in, a member of another community, a member, a coordinator of another
community, the community's coordinator, a mentor assigned to another community, a mentor
assigned to this one, a site moderator and an admin. "login" means the
request is sent to the login page; "done" means the action went through (a redirect).
"""
import pytest

from forum.services import answers, communities, curation, flags
from tests.conftest import PASSWORD
from tests.factories import make_community, make_entry, make_member, make_reply, make_topic, make_user

ROLES = ("anonymous", "outsider", "member", "other_coordinator", "coordinator", "other_mentor", "mentor",
         "moderator", "admin")


@pytest.fixture
def cast(community):
    other = make_community()
    return {
        "outsider": make_member(other), "member": make_member(community),
        "other_coordinator": make_member(other, role="coordinator"),
        "coordinator": make_member(community, role="coordinator"),
        "other_mentor": make_member(other, role="mentor"), "mentor": make_member(community, role="mentor"),
        "moderator": make_user(role="moderator"), "admin": make_user(role="admin"),
    }


def as_role(client, cast, role):
    if role != "anonymous":
        response = client.post("/login", data={"login": cast[role].username, "password": PASSWORD})
        assert response.status_code == 302
    return client


def outcome(response):
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return {302: "done", 200: "done"}.get(response.status_code, response.status_code)


MODERATORS = {"coordinator", "moderator", "admin"}
CURATORS = MODERATORS | {"mentor"}
STAFF = {"moderator", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous"}


def expected(allowed, role, refused=403):
    if role == "anonymous":
        return "login"
    return "done" if role in allowed else refused


def flagged_post(community, cast):
    post = make_reply(make_topic(community))
    flags.flag(make_member(community), post, "spam")
    return post


def solved_question(community):
    question = make_topic(community)
    reply = make_reply(question)
    answers.accept_answer(question.author, reply)
    return reply


def anonymous_failure(community):
    return make_reply(make_topic(community, kind="failures"), anonymous=True)


def nominated_post(community):
    post = make_reply(make_topic(community))
    curation.nominate(make_member(community), post)
    return post


def held_post(community):
    topic = make_topic(community)
    community.hold_new_posts = True
    return make_reply(topic)


def join_request(community):
    community.join_policy = "request"
    return communities.request_to_join(make_user(), community)


def invitation(community):
    return communities.create_invitation(make_user(role="admin"), community, days=7)


ENTRY = {"title": "بطاقات الخروج", "raw": "سؤال واحد في آخر الحصة", "subject": "science", "grade": "middle"}


ACTIONS = {
    # name: (how to send it, who may)
    "hide a post": (lambda c, community, cast: c.post(f"/p/{make_reply(make_topic(community)).id}/moderate",
                                                      data={"action": "hide"}), MODERATORS),
    "delete a post": (lambda c, community, cast: c.post(f"/p/{make_reply(make_topic(community)).id}/moderate",
                                                        data={"action": "delete", "reason": "مكرر"}), MODERATORS),
    "close a topic": (lambda c, community, cast: c.post(f"/t/{make_topic(community).id}/moderate",
                                                        data={"action": "close"}), MODERATORS),
    "pin across the site": (lambda c, community, cast: c.post(f"/t/{make_topic(community).id}/moderate",
                                                              data={"action": "pin_globally"}), STAFF),
    "open the review queue": (lambda c, community, cast: c.get("/review"),
                              MODERATORS | {"other_coordinator"}),
    # A held post does not exist for those who may not moderate it.
    "approve a held post": (lambda c, community, cast: c.post(f"/review/{held_post(community).id}/held",
                                                              data={"decision": "approve"}), MODERATORS, 404),
    "settle flags": (lambda c, community, cast: c.post(f"/review/{flagged_post(community, cast).id}",
                                                       data={"outcome": "disagreed"}), MODERATORS),
    "read the staff log": (lambda c, community, cast: c.get("/admin/log"), STAFF),
    "silence a member": (lambda c, community, cast: c.post(
        f"/u/{make_member(community).username}/restrict",
        data={"kind": "silence", "until": "2099-01-01", "reason": "رسائل مزعجة"}), STAFF),
    "flag a post": (lambda c, community, cast: c.post(f"/p/{make_reply(make_topic(community)).id}/flag",
                                                      data={"reason": "spam"}), SIGNED_IN),
    # Hard questions: the asker (tested on its own) and the community's moderators.
    "accept an answer": (lambda c, community, cast: c.post(f"/p/{make_reply(make_topic(community)).id}/accept"),
                         MODERATORS),
    "unmark a solution": (lambda c, community, cast: c.post(f"/p/{solved_question(community).id}/unaccept"),
                          MODERATORS),
    "open the synthesis page": (lambda c, community, cast: c.get(f"/t/{make_topic(community).id}/synthesis"),
                                MODERATORS),
    "reveal an anonymous author": (lambda c, community, cast: c.post(
        f"/p/{anonymous_failure(community).id}/moderate", data={"action": "reveal", "reason": "شكوى"}), MODERATORS),
    "change the community's settings": (lambda c, community, cast: c.post(
        f"/communities/{community.slug}/settings", data={}), MODERATORS),
    "publish a synthesis": (lambda c, community, cast: c.post(f"/t/{make_topic(community).id}/synthesis",
                                                              data={"raw": "خلاصة ما اتفقنا عليه"}), MODERATORS),
    # Communities: administrators create and edit them.
    "open the communities admin page": (lambda c, community, cast: c.get("/admin/communities"), {"admin"}),
    "edit a community": (lambda c, community, cast: c.post(f"/admin/communities/{community.slug}/edit", data={
        "name": "اسم جديد للمجتمع", "visibility": "public", "join_policy": "open"}), {"admin"}),
    # Membership: the community's moderators manage it.
    "open the members page": (lambda c, community, cast: c.get(f"/communities/{community.slug}/members"), MODERATORS),
    "remove a member": (lambda c, community, cast: c.post(
        f"/communities/{community.slug}/members/{make_member(community).username}/remove"), MODERATORS),
    "answer a request to join": (lambda c, community, cast: c.post(
        f"/communities/{community.slug}/requests/{join_request(community).id}", data={"decision": "approve"}), MODERATORS),
    "create an invitation link": (lambda c, community, cast: c.post(
        f"/communities/{community.slug}/invitations", data={"days": "7"}), MODERATORS),
    "revoke an invitation link": (lambda c, community, cast: c.post(
        f"/communities/{community.slug}/invitations/{invitation(community).id}/revoke"), MODERATORS),
    # Moving discussions: within the community here (across communities: tests/moderation/test_moving_views.py).
    "open the move page": (lambda c, community, cast: c.get(f"/t/{make_topic(community).id}/move"), MODERATORS),
    "move a topic": (lambda c, community, cast: c.post(f"/t/{make_topic(community).id}/move", data={
        "community": community.slug, "category": "failures-and-mistakes"}), MODERATORS),
    "split replies off": (lambda c, community, cast: c.post(f"/t/{make_reply(make_topic(community)).topic_id}/split",
                                                            data={"posts": "2", "title": "موضوع منفصل جديد"}), MODERATORS),
    "merge topics": (lambda c, community, cast: c.post(f"/t/{make_topic(community).id}/merge",
                                                       data={"into": str(make_topic(community).id)}), MODERATORS),
    # The library: curators are the community's coordinators and mentors, and site staff.
    "open the promote page": (lambda c, community, cast: c.get(f"/p/{make_reply(make_topic(community)).id}/promote"),
                              CURATORS),
    "promote a post": (lambda c, community, cast: c.post(f"/p/{make_reply(make_topic(community)).id}/promote",
                                                         data=ENTRY), CURATORS),
    "retire an entry": (lambda c, community, cast: c.post(
        f"/library/{make_entry(make_reply(make_topic(community))).id}/retire"), CURATORS),
    "open the nominations queue": (lambda c, community, cast: c.get("/library/nominations"),
                                   CURATORS | {"other_coordinator", "other_mentor"}),
    "decline nominations": (lambda c, community, cast: c.post(
        f"/library/nominations/{nominated_post(community).id}/decline"), CURATORS),
    "nominate a post": (lambda c, community, cast: c.post(f"/p/{make_reply(make_topic(community)).id}/nominate"),
                        SIGNED_IN),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_role_may_do_exactly_what_it_should(client, community, cast, role, action):
    send, allowed, *refused = ACTIONS[action]
    client = as_role(client, cast, role)
    assert outcome(send(client, community, cast)) == expected(allowed, role, *refused)


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_community_stays_unseen_by_those_outside_it(client, cast, role):
    private = make_community(visibility="members")
    cast = {**cast, "member": make_member(private), "coordinator": make_member(private, role="coordinator"),
            "mentor": make_member(private, role="mentor")}
    post = make_reply(make_topic(private))
    client = as_role(client, cast, role)
    sent = [client.post(f"/p/{post.id}/flag", data={"reason": "spam"}),
            client.post(f"/p/{post.id}/accept"),
            client.post(f"/p/{post.id}/nominate"),
            client.get(f"/p/{post.id}/promote"),
            client.post(f"/p/{post.id}/moderate", data={"action": "hide"}),
            client.post(f"/t/{post.topic_id}/moderate", data={"action": "close"}),
            client.post(f"/t/{post.topic_id}/synthesis", data={"raw": "خلاصة"})]
    if role == "anonymous":
        assert {outcome(r) for r in sent} == {"login"}
    elif role in ("outsider", "other_coordinator", "other_mentor"):
        assert {r.status_code for r in sent} == {404}, "neither the post nor the topic exists for them"
    elif role == "member":
        assert [outcome(r) for r in sent] == ["done", 403, "done", 403, 403, 403, 403]
    elif role == "mentor":  # reads and curates; does not moderate
        assert [outcome(r) for r in sent] == ["done", 403, "done", "done", 403, 403, 403]
    else:
        assert [outcome(r) for r in sent] == ["done"] * 7


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_grant_roles(client, community, cast, role):
    target = make_member(community)
    client = as_role(client, cast, role)
    response = client.post(f"/u/{target.username}/role", data={"role": "moderator"})
    assert outcome(response) == expected({"admin"}, role)
    if role != "admin":
        assert target.role == "member"
