"""Who a member is, professionally: their role, subjects and grades, chosen in preferences and
shown on their profile with the roles they hold in their communities."""

import re

from forum.extensions import db
from forum.services import communities
from forum.services.preferences import EMAIL_KINDS
from tests.factories import database_rows, make_community, make_member, make_user

ENGLISH = {"Accept-Language": "en"}


def preferences(**changes):
    data = {"display_name": "", "bio": "", "locale": "", "on_start": "watching", "on_reply": "tracking"}
    data.update({f"email_{kind}": "now" for kind in EMAIL_KINDS})
    data.update(changes)
    return data


def test_a_member_says_what_they_teach_and_their_profile_shows_it(client, auth):
    user = make_user("samira")
    auth.login(user)
    saved = client.post(
        "/my/preferences",
        data=preferences(profession="supervisor", subjects=["mathematics", "science"], grades=["middle"]),
    )
    assert saved.status_code == 302
    profile = client.get("/u/samira", headers=ENGLISH).text
    assert "Educational supervisor" in profile
    assert "Mathematics, Science" in profile and "Grades 7–9" in profile
    form = client.get("/my/preferences").text
    checked = set(re.findall(r'<input checked[^>]*name="(?:subjects|grades)"[^>]*value="([^"]+)"', form))
    assert checked == {"mathematics", "science", "middle"}


def test_roles_outside_the_lists_are_refused_whole(client, auth):
    auth.login(make_user("samira"))
    client.get("/my/preferences")
    before = database_rows()
    for changes in ({"profession": "astronaut"}, {"subjects": ["alchemy"]}, {"grades": ["grade-13"]}):
        assert client.post("/my/preferences", data=preferences(**changes)).status_code == 422
    assert database_rows() == before


def test_a_profile_shows_the_roles_held_in_communities_and_on_the_site(client):
    community = make_community(name="مجتمع معلمي العلوم")
    coordinator = make_member(community, make_user("nadia"), role="coordinator")
    moderator = make_user("karim", role="moderator")
    communities.add_member(community, moderator)
    db.session.commit()
    assert "Coordinator" in client.get(f"/u/{coordinator.username}", headers=ENGLISH).text
    page = client.get(f"/u/{moderator.username}", headers=ENGLISH).text
    assert "Site moderator" in page and "Coordinator" not in page
