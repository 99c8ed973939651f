"""People in the browser's terms: one's school chosen on joining and in preferences, the
community page's members, coordinators, mentors and schools, the member directory with its
filters, and the school on a profile."""

from forum import permissions
from forum.extensions import db
from forum.models import Membership
from forum.services import communities
from tests.factories import make_community, make_member, make_user


def test_joining_offers_the_communitys_schools_and_takes_a_new_one_while_there_is_room(app, client, auth, community):
    app.config["MAX_INSTITUTIONS_PER_COMMUNITY"] = 2
    communities.add_institution(community, "مدرسة الحصن")
    first = make_user()
    auth.login(first)
    form = client.get(f"/communities/{community.slug}/join").text
    assert 'name="school"' in form and "مدرسة الحصن" in form and 'name="new_school"' in form
    assert client.post(f"/communities/{community.slug}/join", data={"school": "مدرسة الحصن"}).status_code == 302
    assert db.session.get(Membership, (first.id, community.id)).institution.name == "مدرسة الحصن"
    auth.logout()

    second = make_user()
    auth.login(second)
    client.post(f"/communities/{community.slug}/join", data={"school": "", "new_school": "مدرسة إربد الأولى"})
    assert db.session.get(Membership, (second.id, community.id)).institution.name == "مدرسة إربد الأولى"
    auth.logout()

    third = make_user()
    auth.login(third)
    refused = client.post(f"/communities/{community.slug}/join", data={"new_school": "مدرسة ثالثة"})
    assert refused.status_code == 422 and f"يضمّ {community.name} 2 مؤسسة تعليمية" in refused.text, "the limit set"
    assert not permissions.is_member(third, community)


def test_the_community_page_names_its_people_and_schools_and_is_fresh_for_visitors(client, auth, community):
    coordinator = make_member(community, make_user(display_name="منسقة المجتمع"), role="coordinator")
    make_member(community, make_user(display_name="موجه المجتمع"), role="mentor")
    communities.set_school(coordinator, community, "مدرسة الحصن")
    page = client.get(f"/communities/{community.slug}")
    assert "منسقة المجتمع" in page.text and "موجه المجتمع" in page.text and "مدرسة الحصن" in page.text
    before = page.text
    communities.join_community(make_user(), community, school="مدرسة إربد الأولى")
    after = client.get(f"/communities/{community.slug}")
    assert after.headers["X-Page-Cache"] == "miss", "a new member renews the cached page"
    assert "مدرسة إربد الأولى" in after.text and "مدرسة إربد الأولى" not in before


def test_the_directory_filters_by_school_and_subject(client, auth, community):
    science = make_member(community, make_user(display_name="معلمة العلوم"))
    science.subjects = ["science"]
    maths = make_member(community, make_user(display_name="معلم الرياضيات"))
    maths.subjects = ["mathematics"]
    db.session.commit()
    communities.set_school(science, community, "مدرسة الحصن")
    communities.set_school(maths, community, "مدرسة إربد الأولى")
    auth.login(make_member(community))
    everyone = client.get(f"/communities/{community.slug}/members").text
    assert "معلمة العلوم" in everyone and "معلم الرياضيات" in everyone
    hosn = next(i for i in community.institutions if i.name == "مدرسة الحصن")
    by_school = client.get(f"/communities/{community.slug}/members?school={hosn.id}").text
    assert "معلمة العلوم" in by_school and "معلم الرياضيات" not in by_school
    by_subject = client.get(f"/communities/{community.slug}/members?subject=mathematics").text
    assert "معلم الرياضيات" in by_subject and "معلمة العلوم" not in by_subject
    other_school = communities.add_institution(make_community(), "مدرسة مجتمع آخر")
    bad_values = (
        f"school={other_school.id}",
        "school=99999999999999999999",
        "school=abc",
        "school=²",
        "school=" + "9" * 5000,
    )
    for bad in (*bad_values, "subject=astrology"):
        assert client.get(f"/communities/{community.slug}/members?{bad}").status_code == 404, bad


def test_outsiders_see_no_directory_and_nothing_of_a_members_only_community(client, auth):
    public, private = make_community(), make_community(visibility="members")
    make_member(private, make_user(display_name="عضو في مجتمع خاص"))
    auth.login(make_user())
    assert client.get(f"/communities/{public.slug}/members").status_code == 403
    assert client.get(f"/communities/{private.slug}/members").status_code == 404
    auth.logout()
    assert client.get(f"/communities/{public.slug}/members").status_code == 302, "signing in first"


def test_a_member_changes_their_school_in_preferences_and_the_profile_shows_it(client, auth, community):
    member = make_member(community)
    communities.add_institution(community, "مدرسة الحصن")
    auth.login(member)
    preferences = client.get("/my/preferences").text
    assert f'action="/communities/{community.slug}/school"' in preferences and "مدرسة الحصن" in preferences
    saved = client.post(f"/communities/{community.slug}/school", data={"school": "مدرسة الحصن"})
    assert saved.status_code == 302
    profile = client.get(f"/u/{member.username}").text
    assert community.name in profile and "مدرسة الحصن" in profile
    stranger = make_community()
    assert client.post(f"/communities/{stranger.slug}/school", data={"school": "x"}).status_code == 403
