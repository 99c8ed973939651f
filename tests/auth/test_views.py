import re

import pytest

from forum.extensions import db
from forum.models import User
from tests.factories import PASSWORD, make_user


def invalid_fields(page):
    return {
        re.search(r'name="([^"]+)"', tag).group(1) for tag in re.findall(r'<input[^>]*aria-invalid="true"[^>]*>', page)
    }


def register(client, **fields):
    data = {
        "username": "mona.alqasem",
        "display_name": "منى القاسم",
        "email": "mona@example.org",
        "password": "a-good-password",
        "confirm": "a-good-password",
        **fields,
    }
    return client.post("/register", data=data)


def test_register_signs_the_new_member_in(client):
    response = register(client)
    assert response.status_code == 302
    assert "منى القاسم" in client.get("/").text


def test_arabic_usernames_are_welcome(client):
    assert register(client, username="سلمى_العلي").status_code == 302
    assert client.get("/u/سلمى_العلي").status_code == 200


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"username": "Mona.AlQasem"}, "اسم المستخدم هذا مستخدم من قبل"),
        ({"email": "MONA@Example.org", "username": "other"}, "هذا البريد الإلكتروني مسجّل من قبل"),
    ],
)
def test_names_and_emails_differing_only_in_case_are_taken(client, fields, message):
    register(client)
    client.post("/logout")
    response = register(client, **fields)
    assert response.status_code == 422 and message in response.text
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


@pytest.mark.parametrize(
    "username",
    ["mona\u202e", "mo\u200bna", "\u2067mona", "mona alqasem", "<b>mona</b>", "ab", "m" * 31, ".mona", "منى."],
)
def test_usernames_with_invisible_or_odd_characters_are_refused(client, username):
    response = register(client, username=username)
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"username": "\u0430dmin"}, "username"),  # a Cyrillic а
        ({"username": "adrnin"}, "username"),
        ({"username": "m\u0430nager"}, "username"),
        ({"username": "mona", "display_name": "ADMIN"}, "display_name"),
        ({"username": "mona", "display_name": "\u0430dmin"}, "display_name"),
        ({"username": "mona", "display_name": "مدير الموقع"}, "display_name"),
        ({"username": "mona", "display_name": "Manager"}, "display_name"),
    ],
)
def test_names_that_look_like_another_members_are_refused_on_their_field(client, fields, field):
    make_user("admin", display_name="مدير الموقع", role="admin")
    make_user("manager")
    response = register(client, **fields)
    assert response.status_code == 422
    assert "هذا الاسم يشبه اسم عضو آخر" in response.text
    assert invalid_fields(response.text) == {field}
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2


def test_names_of_other_people_are_welcome_and_so_is_ones_own_username_as_name(client):
    make_user("admin", display_name="مدير الموقع", role="admin")
    assert register(client, username="mona", display_name="MONA").status_code == 302


def test_display_names_lose_bidi_overrides(client):
    register(client, display_name="منى\u202e القاسم\u200b")
    assert db.session.scalars(db.select(User)).one().display_name == "منى القاسم"


@pytest.mark.parametrize(
    "fields", [{"email": "not-an-email"}, {"password": "short", "confirm": "short"}, {"confirm": "different-password"}]
)
def test_bad_emails_and_passwords_are_refused(client, fields):
    assert register(client, **fields).status_code == 422


@pytest.mark.parametrize("login", ["khaled", "KHALED", "khaled@example.org", "Khaled@Example.org"])
def test_login_by_username_or_email_in_any_case(client, login):
    make_user("khaled", email="khaled@example.org")
    response = client.post("/login", data={"login": login, "password": PASSWORD})
    assert response.status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client):
    make_user("khaled")
    response = client.post("/login", data={"login": "khaled", "password": "wrong-password"})
    assert response.status_code == 422 and "كلمة المرور غير صحيحة" in response.text


def test_login_follows_only_local_next_links(client):
    make_user("khaled")
    data = {"login": "khaled", "password": PASSWORD}
    assert client.post("/login?next=/communities/x", data=data).location == "/communities/x"
    client.post("/logout")
    assert client.post("/login?next=https://evil.example/", data=data).location == "/"
    client.post("/logout")
    assert client.post("/login?next=//evil.example/", data=data).location == "/"
    client.post("/logout")
    # Browsers read a backslash as a slash: /\evil.example is another site.
    assert client.post("/login", query_string={"next": "/\\evil.example/"}, data=data).location == "/"


UNSAFE_NEXT = [
    "/x\r\nSet-Cookie: stolen=1",
    "/x\nLocation: https://evil.example/",
    "/x\r",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/x\x00y",
    "/x\x7fy",
    "/x\u0085y",
    "/x\u2028y",
    "//evil.example/",
    "\\\\evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    " //evil.example/",
    "///evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "evil.example",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_login_refuses_next_links_with_control_characters_or_another_host(client, target):
    make_user("khaled")
    response = client.post("/login", query_string={"next": target}, data={"login": "khaled", "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/login", query_string={"next": target}).status_code == 302, "signed in: sent home"


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_the_language_switcher_refuses_the_same_next_links(client, target):
    response = client.post("/locale", data={"locale": "en", "next": target})
    assert response.status_code == 302 and response.location == "/"


@pytest.mark.parametrize("target", ["/communities/x?page=2#post-3", "/t/%D8%A7/5", "/u/منى"])
def test_local_next_links_are_followed_as_they_are(client, target):
    make_user("khaled")
    response = client.post("/login", query_string={"next": target}, data={"login": "khaled", "password": PASSWORD})
    assert response.status_code == 302 and response.location.startswith("/") and "evil" not in response.location


def test_logout_signs_out(client, auth):
    user = make_user("khaled")
    auth.login(user)
    client.post("/logout")
    assert "تسجيل الدخول" in client.get("/").text


def test_form_fields_carry_no_empty_aria_attributes(client):
    # An attribute left unset must be left out, not written as the text "None".
    for path in ("/login", "/register"):
        assert '="None"' not in client.get(path).text, path
    assert 'aria-describedby="username-help"' in client.get("/register").text
