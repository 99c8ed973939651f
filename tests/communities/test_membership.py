"""Joining and membership: the charter accepted once, open communities, requests a
coordinator answers, invitation links with expiry and a number of uses, removal, and the
settings that choose how a community admits members."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import permissions
from forum.extensions import db
from forum.models import Membership, StaffAction
from forum.services import communities
from forum.services.errors import AlreadyDone, Gone, InvalidInput, NotAllowed
from tests.factories import make_community, make_member, make_user, sent_mail

CHARTER = "نحترم التجارب، ولا نذكر أسماء الطلبة."


def logged():
    return list(db.session.scalars(select(StaffAction.action).order_by(StaffAction.id)))


@pytest.fixture
def chartered(app):
    community = make_community()
    community.charter = CHARTER
    db.session.commit()
    return community


def test_joining_an_open_community_asks_for_the_charter_once(chartered):
    user = make_user()
    with pytest.raises(InvalidInput) as error:
        communities.join_community(user, chartered)
    assert error.value.field == "accept_charter" and not permissions.is_member(user, chartered)
    membership = communities.join_community(user, chartered, accept_charter=True)
    assert membership.charter_accepted_at is not None
    with pytest.raises(AlreadyDone):
        communities.join_community(user, chartered, accept_charter=True)
    communities.leave_community(user, chartered)
    with pytest.raises(AlreadyDone):
        communities.leave_community(user, chartered)


def test_a_request_waits_for_a_coordinator_who_approves_it_once(chartered):
    coordinator = make_member(chartered, role="coordinator")
    communities.change_settings(coordinator, chartered, join_policy="request")
    user = make_user()
    with pytest.raises(NotAllowed):
        communities.join_community(user, chartered, accept_charter=True)
    request = communities.request_to_join(user, chartered, "معلمة علوم في مدرسة الزرقاء", accept_charter=True)
    with pytest.raises(AlreadyDone):
        communities.request_to_join(user, chartered, accept_charter=True)
    assert not permissions.is_member(user, chartered)
    with pytest.raises(NotAllowed):
        communities.settle_request(make_member(chartered), request, True)
    communities.settle_request(coordinator, request, True)
    assert permissions.is_member(user, chartered)
    assert db.session.get(Membership, (user.id, chartered.id)).charter_accepted_at is not None
    with pytest.raises(AlreadyDone):
        communities.settle_request(coordinator, request, False)
    assert logged() == ["set_join_policy", "approve_member"]


def test_a_declined_member_may_ask_again(chartered):
    coordinator = make_member(chartered, role="coordinator")
    communities.change_settings(coordinator, chartered, join_policy="request")
    user = make_user()
    communities.settle_request(coordinator, communities.request_to_join(user, chartered, accept_charter=True), False)
    assert not permissions.is_member(user, chartered)
    assert communities.request_to_join(user, chartered, accept_charter=True).outcome is None


def test_an_invitation_admits_until_it_expires_is_used_up_or_revoked(app):
    private = make_community(visibility="members")
    coordinator = make_member(private, role="coordinator")
    with pytest.raises(NotAllowed):
        communities.join_community(make_user(), private, accept_charter=True)
    for days, uses in ((0, None), (91, None), (7, 0)):
        with pytest.raises(InvalidInput):
            communities.create_invitation(coordinator, private, days=days, max_uses=uses)
    with pytest.raises(NotAllowed):
        communities.create_invitation(make_member(private), private, days=7)
    link = communities.create_invitation(coordinator, private, days=7, max_uses=2)
    first, second, third = make_user(), make_user(), make_user()
    communities.accept_invitation(first, link)
    communities.accept_invitation(second, link)
    with pytest.raises(Gone):
        communities.accept_invitation(third, link)
    assert permissions.is_member(first, private) and not permissions.is_member(third, private)
    expiring = communities.create_invitation(coordinator, private, days=1)
    expiring.expires_at -= timedelta(days=2)
    db.session.commit()
    with pytest.raises(Gone):
        communities.accept_invitation(third, expiring)
    revoked = communities.create_invitation(coordinator, private, days=30)
    communities.revoke_invitation(coordinator, revoked)
    with pytest.raises(Gone):
        communities.accept_invitation(third, revoked)
    with pytest.raises(AlreadyDone):
        communities.revoke_invitation(coordinator, revoked)


def test_coordinators_remove_members_staff_remove_anyone_nobody_themselves(community):
    coordinator = make_member(community, role="coordinator")
    member, mentor = make_member(community), make_member(community, role="mentor")
    with pytest.raises(NotAllowed):
        communities.remove_member(make_member(community), community, member)
    with pytest.raises(NotAllowed):
        communities.remove_member(coordinator, community, mentor)
    with pytest.raises(NotAllowed):
        communities.remove_member(coordinator, community, coordinator)
    communities.remove_member(coordinator, community, member, "إعلانات متكررة")
    assert not permissions.is_member(member, community)
    with pytest.raises(AlreadyDone):
        communities.remove_member(coordinator, community, member)
    communities.remove_member(make_user(role="moderator"), community, mentor)
    action = db.session.scalars(select(StaffAction).where(StaffAction.action == "remove_member")).first()
    assert (action.target_user_id, action.reason) == (member.id, "إعلانات متكررة")


def test_settings_refuse_unknown_policies_and_no_change(community):
    coordinator = make_member(community, role="coordinator")
    with pytest.raises(InvalidInput):
        communities.change_settings(coordinator, community, join_policy="lottery")
    with pytest.raises(AlreadyDone):
        communities.change_settings(coordinator, community, anonymous_posts=True, join_policy="open")


def test_an_invitation_is_emailed_in_the_coordinators_language(app, community):

    coordinator = make_member(community, make_user(display_name="منى القاسم"), role="coordinator")
    with pytest.raises(InvalidInput) as error:
        communities.create_invitation(coordinator, community, days=7, addresses=["salma@example.org", "not-an-address"])
    assert "not-an-address" in str(error.value.message)
    with pytest.raises(InvalidInput):
        communities.create_invitation(
            coordinator, community, days=7, addresses=[f"t{n}@example.org" for n in range(51)]
        )
    invitation = communities.create_invitation(
        coordinator,
        community,
        days=7,
        language="ar",
        addresses=["salma@example.org", " SALMA@example.org ", "omar@example.org"],
    )
    assert invitation.max_uses == 2, "one use per address"
    sent = sent_mail()
    assert sorted(m["To"] for m in sent) == ["omar@example.org", "salma@example.org"]
    body = sent[0].get_body(("plain",)).get_content()
    assert "منى القاسم" in body and f"/invite/{invitation.token}" in body and "دعوة" in str(sent[0]["Subject"])


def test_whoever_asked_is_emailed_the_answer_in_their_language(app, chartered):

    coordinator = make_member(chartered, role="coordinator")
    communities.change_settings(coordinator, chartered, join_policy="request")
    french, arab = make_user(email="fatima@example.org"), make_user(email="salma@example.org")
    french.locale = "fr"
    db.session.commit()
    communities.settle_request(coordinator, communities.request_to_join(french, chartered, accept_charter=True), True)
    communities.settle_request(coordinator, communities.request_to_join(arab, chartered, accept_charter=True), False)
    sent = {m["To"]: m for m in sent_mail()}
    assert set(sent) == {"fatima@example.org", "salma@example.org"}
    assert "est acceptée" in sent["fatima@example.org"].get_body(("plain",)).get_content()
    assert "رفض منسقو" in sent["salma@example.org"].get_body(("plain",)).get_content()
