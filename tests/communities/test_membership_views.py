"""Membership in the browser's terms: the join page with its charter, requests on the
coordinators' member page, invitation links, removal, and what others may not reach."""

from sqlalchemy import select

from forum import permissions
from forum.extensions import db
from forum.models import Invitation
from forum.services import communities
from tests.factories import make_community, make_member, make_topic, make_user


def test_joining_shows_the_charter_and_needs_it_accepted(client, auth, community):
    community.charter = "ما يقال هنا يبقى هنا."
    db.session.commit()
    user = make_user()
    auth.login(user)
    assert "انضم إلى هذا المجتمع" in client.get(f"/communities/{community.slug}").text
    page = client.get(f"/communities/{community.slug}/join").text
    assert "ما يقال هنا يبقى هنا." in page and "قرأت الميثاق وأقبله" in page
    refused = client.post(f"/communities/{community.slug}/join", data={})
    assert refused.status_code == 422 and "اقرأ ميثاق المجتمع" in refused.text
    assert client.post(f"/communities/{community.slug}/join", data={"accept_charter": "1"}).status_code == 302
    assert permissions.is_member(user, community)


def test_a_request_is_answered_on_the_members_page(client, auth, community):
    coordinator = make_member(community, role="coordinator")
    communities.change_settings(coordinator, community, join_policy="request")
    applicant = make_user(display_name="سمر الخطيب")
    auth.login(applicant)
    assert "اطلب الانضمام" in client.get(f"/communities/{community.slug}").text
    client.post(f"/communities/{community.slug}/join", data={"message": "معلمة رياضيات"})
    assert "طلبك ينتظر المنسقين" in client.get(f"/communities/{community.slug}/join").text
    auth.logout()
    auth.login(coordinator)
    page = client.get(f"/communities/{community.slug}/members").text
    assert "سمر الخطيب" in page and "معلمة رياضيات" in page
    request_id = communities.pending_request(applicant, community).id
    assert (
        client.post(f"/communities/{community.slug}/requests/{request_id}", data={"decision": "approve"}).status_code
        == 302
    )
    assert permissions.is_member(applicant, community)
    assert (
        client.post(f"/communities/{community.slug}/requests/{request_id}", data={"decision": "approve"}).status_code
        == 409
    )


def test_an_invitation_link_brings_someone_into_a_members_only_community(client, auth):
    private = make_community(visibility="members", name="مجتمع المديرين")
    coordinator = make_member(private, role="coordinator")
    make_topic(private, title="موضوع داخلي للمديرين")
    auth.login(coordinator)
    assert client.post(f"/communities/{private.slug}/invitations", data={"days": "abc"}).status_code == 422
    assert (
        client.post(f"/communities/{private.slug}/invitations", data={"days": "7", "max_uses": "1"}).status_code == 302
    )
    token = db.session.scalars(select(Invitation.token)).one()
    assert token in client.get(f"/communities/{private.slug}/members").text
    auth.logout()
    guest = make_user()
    assert client.get(f"/invite/{token}").status_code == 302, "sign in first"
    auth.login(guest)
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200 and "مجتمع المديرين" in page.text
    assert client.post(f"/invite/{token}", data={}).status_code == 302
    assert "موضوع داخلي للمديرين" in client.get(f"/communities/{private.slug}").text
    auth.logout()
    auth.login(make_user())
    assert client.post(f"/invite/{token}", data={}).status_code == 410, "used up"
    assert client.get("/invite/not-a-real-token").status_code == 404


def test_members_see_the_directory_and_only_the_communitys_moderators_remove(client, auth, community):
    member = make_member(community, make_user(display_name="عضو سيزال"))
    auth.login(make_member(make_community(), role="coordinator"))
    assert client.get(f"/communities/{community.slug}/members").status_code == 403, "not a member"
    auth.logout()
    for fellow in (make_member(community), make_member(community, role="mentor")):
        auth.login(fellow)
        page = client.get(f"/communities/{community.slug}/members")
        assert page.status_code == 200 and "عضو سيزال" in page.text
        assert "/remove" not in page.text and "/invitations" not in page.text
        assert client.post(f"/communities/{community.slug}/members/{member.username}/remove").status_code == 403
        auth.logout()
    auth.login(make_member(community, role="coordinator"))
    assert "عضو سيزال" in client.get(f"/communities/{community.slug}/members").text
    assert (
        client.post(
            f"/communities/{community.slug}/members/{member.username}/remove", data={"reason": "طلب ذلك"}
        ).status_code
        == 302
    )
    assert not permissions.is_member(member, community)
    assert client.post(f"/communities/{community.slug}/members/nobody-here/remove").status_code == 404
