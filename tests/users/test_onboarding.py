"""After signing up: language, role and subjects, then communities to join; and the tip on
the three categories, shown until dismissed."""

from sqlalchemy import select

from forum.extensions import db
from forum.models import User
from forum.services import communities
from tests.auth.test_views import register
from tests.factories import database_rows, make_community, make_member, make_user


def test_signing_up_leads_to_the_profile_step_then_to_communities_to_join(client):
    open_one, asked = make_community(name="مجتمع مفتوح"), make_community(name="مجتمع بطلب")
    asked.join_policy = "request"
    closed = make_community(name="مجتمع مغلق", visibility="members")
    db.session.commit()
    make_member(open_one)
    signed_up = register(client)
    assert signed_up.status_code == 302 and signed_up.headers["Location"] == "/welcome"
    step = client.get("/welcome")
    assert step.status_code == 200 and 'name="subjects"' in step.text and 'name="locale"' in step.text
    saved = client.post(
        "/welcome", data={"locale": "en", "profession": "teacher", "subjects": ["science"], "grades": ["middle"]}
    )
    assert saved.status_code == 302 and saved.headers["Location"] == "/welcome/communities"
    assert "locale=en" in saved.headers["Set-Cookie"]
    user = db.session.scalars(select(User).where(User.username == "mona.alqasem")).one()
    assert (user.locale, user.profession, user.subjects, user.grades) == ("en", "teacher", ["science"], ["middle"])

    suggestions = client.get("/welcome/communities").text
    assert "Join your community" in suggestions
    assert suggestions.index("مجتمع مفتوح") < suggestions.index("مجتمع بطلب"), "the larger first"
    assert f"/communities/{open_one.slug}/join" in suggestions and "Ask to join" in suggestions
    assert closed.name not in suggestions
    communities.join_community(user, open_one)
    assert open_one.name not in client.get("/welcome/communities").text, "not one already joined"


def test_a_role_not_offered_is_refused_and_nothing_is_stored(client, auth):
    auth.login(make_user())
    client.get("/welcome")
    before = database_rows()
    for data in ({"profession": "astronaut"}, {"subjects": ["alchemy"]}, {"locale": "de"}):
        assert client.post("/welcome", data=data).status_code == 422
    assert database_rows() == before


def test_the_category_tip_shows_until_dismissed(client, auth, community):
    client_page = client.get("/").text
    assert 'id="tip-categories"' not in client_page, "signed out: no tip"
    auth.login(make_member(community))
    assert 'id="tip-categories"' in client.get("/").text
    assert 'id="tip-categories"' in client.get(f"/communities/{community.slug}").text
    dismissed = client.post("/tips/categories/dismiss", data={"next": f"/communities/{community.slug}"})
    assert dismissed.status_code == 302 and dismissed.headers["Location"] == f"/communities/{community.slug}"
    assert 'id="tip-categories"' not in client.get("/").text
    assert client.post("/tips/nonsense/dismiss").status_code == 422
    assert client.post("/tips/categories/dismiss", data={"next": "//evil.example"}).headers["Location"] == "/"
