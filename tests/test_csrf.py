"""With CSRF protection on, as in production, forms without their token are refused."""
import re

import pytest


@pytest.mark.parametrize("path", ["/login", "/register", "/locale", "/preview", "/logout", "/new/dismiss",
                                  "/notifications/read", "/p/1/react", "/t/1/level", "/communities/x/join",
                                  "/p/1/bookmark", "/p/1/bookmark/remove", "/my/preferences", "/my/password",
                                  "/p/1/flag", "/p/1/moderate", "/t/1/moderate", "/review/1", "/u/x/restrict", "/u/x/role"])
def test_posts_without_a_csrf_token_get_a_friendly_400(protected_client, path):
    response = protected_client.post(path, data={"login": "x", "password": "y", "locale": "en", "raw": "x"})
    assert response.status_code == 400
    assert "انتهت صلاحية هذا النموذج" in response.text


def test_a_form_with_its_token_goes_through(protected_client):
    page = protected_client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = protected_client.post("/login", data={"csrf_token": token, "login": "x", "password": "y"})
    assert response.status_code == 422
