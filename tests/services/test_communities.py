import pytest

from forum import permissions
from forum.extensions import db
from forum.models import Membership
from forum.services import communities
from forum.services.errors import LimitReached, NotAllowed
from tests.factories import make_member, make_user


def test_a_community_gathers_at_most_the_configured_number_of_institutions(app, community):
    app.config["MAX_INSTITUTIONS_PER_COMMUNITY"] = 2
    communities.add_institution(community, "مدرسة الزرقاء الثانوية")
    communities.add_institution(community, "مدرسة عوجان الأساسية")
    with pytest.raises(LimitReached):
        communities.add_institution(community, "مدرسة ثالثة")


def test_a_member_joins_from_one_of_the_communitys_schools_or_adds_theirs_while_there_is_room(app, community):
    app.config["MAX_INSTITUTIONS_PER_COMMUNITY"] = 2
    communities.add_institution(community, "Zarqa Secondary School")
    joined = communities.join_community(make_user(), community, school="  zarqa secondary SCHOOL ")
    assert joined.institution.name == "Zarqa Secondary School", "the same school, however it is typed"
    newcomer = communities.join_community(make_user(), community, school="مدرسة عوجان الأساسية")
    assert sorted(i.name for i in community.institutions) == ["Zarqa Secondary School", "مدرسة عوجان الأساسية"]
    assert newcomer.institution.name == "مدرسة عوجان الأساسية"

    late = make_user()
    with pytest.raises(LimitReached) as refused:
        communities.join_community(late, community, school="مدرسة ثالثة")
    assert refused.value.field == "school"
    assert not permissions.is_member(late, community) and len(community.institutions) == 2
    assert communities.join_community(late, community).institution is None, "no school named: welcome"


def test_a_request_names_a_school_that_becomes_the_members_on_approval(app, community):
    app.config["MAX_INSTITUTIONS_PER_COMMUNITY"] = 1
    community.join_policy = "request"
    coordinator = make_member(community, role="coordinator")
    asking = communities.request_to_join(make_user(), community, school="مدرسة الحصن")
    assert community.institutions == [], "a request adds no school"
    communities.settle_request(coordinator, asking, approve=True)
    assert db.session.get(Membership, (asking.user_id, community.id)).institution.name == "مدرسة الحصن"

    with pytest.raises(LimitReached):  # refused when asking, not at approval
        communities.request_to_join(make_user(), community, school="مدرسة أخرى")
    other = communities.request_to_join(make_user(), community, school="مدرسة الحصن")
    assert other.school == "مدرسة الحصن"


def test_a_request_whose_new_school_no_longer_has_room_is_approved_without_it(app, community):
    app.config["MAX_INSTITUTIONS_PER_COMMUNITY"] = 1
    community.join_policy = "request"
    coordinator = make_member(community, role="coordinator")
    asking = communities.request_to_join(make_user(), community, school="مدرسة الحصن")
    communities.add_institution(community, "مدرسة سبقت")
    communities.settle_request(coordinator, asking, approve=True)
    membership = db.session.get(Membership, (asking.user_id, community.id))
    assert membership.institution is None and [i.name for i in community.institutions] == ["مدرسة سبقت"]


def test_only_an_account_that_may_write_adds_a_school_to_the_list(community):
    unconfirmed = make_member(community)
    unconfirmed.email_confirmed_at = None
    db.session.commit()
    communities.set_school(unconfirmed, community, "مدرسة لا وجود لها")
    assert community.institutions == []
    communities.add_institution(community, "مدرسة الحصن")
    communities.set_school(unconfirmed, community, "مدرسة الحصن")
    assert db.session.get(Membership, (unconfirmed.id, community.id)).institution.name == "مدرسة الحصن"


def test_a_member_changes_or_clears_their_school_and_a_stranger_cannot(app, community):
    member = make_member(community)
    communities.set_school(member, community, "مدرسة الحصن")
    communities.set_school(member, community, "مدرسة إربد الأولى")
    membership = db.session.get(Membership, (member.id, community.id))
    assert membership.institution.name == "مدرسة إربد الأولى"
    assert len(community.institutions) == 2, "the school left stays in the community's list"
    communities.set_school(member, community, "")
    assert membership.institution is None
    with pytest.raises(NotAllowed):
        communities.set_school(make_user(), community, "مدرسة الحصن")


def test_an_invitation_admits_from_the_school_named(community):
    coordinator = make_member(community, role="coordinator")
    invitation = communities.create_invitation(coordinator, community, days=3)
    membership = communities.accept_invitation(make_user(), invitation, school="مدرسة الحصن")
    assert membership.institution.name == "مدرسة الحصن"
