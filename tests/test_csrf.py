"""With CSRF protection on, as in production, forms without their token are refused."""

import re


# The signed token in an email's one-click unsubscribe link is its credential (RFC 8058).
EXEMPT = {"users.unsubscribe"}


def post_paths(app):
    """Every address that accepts a POST, with sample values for its parts."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in EXEMPT:
            continue
        values = {}
        for name, converter in rule._converters.items():
            choices = getattr(converter, "items", None)
            values[name] = sorted(choices)[0] if choices else (1 if converter.regex == r"\d+" else "x")
        paths.append(rule.build(values, append_unknown=False)[1])
    return paths


def test_posts_without_a_csrf_token_get_a_friendly_400(app, protected_client):
    paths = post_paths(app)
    assert {"/login", "/p/1/flag", "/p/1/accept", "/t/1/synthesis"} <= set(paths)
    for path in paths:
        response = protected_client.post(path, data={"login": "x", "password": "y", "locale": "en", "raw": "x"})
        assert response.status_code == 400, path
        assert "انتهت صلاحية هذا النموذج" in response.text, path


def test_a_form_with_its_token_goes_through(protected_client):
    page = protected_client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = protected_client.post("/login", data={"csrf_token": token, "login": "x", "password": "y"})
    assert response.status_code == 422
