"""Administrators create and edit communities: details, visibility, how it admits members,
and its schools (at most 20, a clear error beyond)."""

from sqlalchemy import select

from forum.extensions import db
from forum.models import Community, StaffAction
from tests.factories import make_community, make_member, make_user

FORM = {
    "slug": "irbid-science",
    "name": "مجتمع معلمي العلوم – إربد",
    "region": "إربد",
    "description": "معلمو العلوم في مدارس إربد",
    "charter": "نتعلم من أخطائنا معًا.",
    "visibility": "public",
    "join_policy": "request",
    "institutions": "مدرسة إربد الأولى\nمدرسة الحصن\n\n",
}


def test_an_admin_creates_a_community_with_its_schools(client, auth, app):
    auth.login(make_user(role="admin"))
    assert "مجتمع جديد" in client.get("/admin/communities").text
    response = client.post("/admin/communities/new", data=FORM)
    assert response.status_code == 302 and response.location.endswith("/communities/irbid-science")
    community = db.session.scalars(select(Community).where(Community.slug == "irbid-science")).one()
    assert (community.join_policy, [i.name for i in community.institutions]) == (
        "request",
        ["مدرسة إربد الأولى", "مدرسة الحصن"],
    )
    assert db.session.scalars(select(StaffAction.action)).all() == ["create_community"]
    assert client.get("/communities/irbid-science").status_code == 200


def test_bad_input_keeps_what_was_typed(client, auth, app):
    make_community("zarqa")
    auth.login(make_user(role="admin"))
    cases = [
        ({"slug": "Zarqa Science!"}, "حروف لاتينية صغيرة وأرقام"),
        ({"slug": "zarqa"}, "مجتمع آخر"),
        ({"name": "  "}, "أعطِ المجتمع اسمًا"),
        ({"visibility": "secret"}, "اختر إحدى القيم"),
        ({"institutions": "\n".join(f"مدرسة {n}" for n in range(21))}, "20 مؤسسة تعليمية على الأكثر"),
    ]
    for change, message in cases:
        response = client.post("/admin/communities/new", data={**FORM, **change})
        assert response.status_code == 422 and message in response.text, change
        assert "معلمو العلوم في مدارس إربد" in response.text
    assert db.session.scalars(select(Community.slug)).all() == ["zarqa"]


def test_editing_keeps_the_address_and_a_school_members_chose(client, auth, app):
    community = make_community("zarqa")
    auth.login(make_user(role="admin"))
    client.post(f"/admin/communities/{community.slug}/edit", data={**FORM, "slug": "ignored"})
    db.session.refresh(community)
    assert (community.slug, community.name) == ("zarqa", FORM["name"])
    chosen = community.institutions[0]
    make_member(community).memberships[0].institution = chosen
    db.session.commit()
    response = client.post(f"/admin/communities/{community.slug}/edit", data={**FORM, "institutions": "مدرسة الحصن"})
    assert response.status_code == 422 and chosen.name in response.text
    assert len(community.institutions) == 2


def test_only_administrators_reach_these_pages(client, auth, community):
    for user in (make_user(role="moderator"), make_member(community, role="coordinator"), make_member(community)):
        auth.login(user)
        assert client.get("/admin/communities").status_code == 403
        assert client.get("/admin/communities/new").status_code == 403
        assert client.post(f"/admin/communities/{community.slug}/edit", data=FORM).status_code == 403
        auth.logout()
