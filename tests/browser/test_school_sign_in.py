"""Signing in with a school account in a real browser: the login page's button, the school's
provider (served inside the test), and back to the forum, signed in, on the welcome step."""

import pytest

from tests import live
from tests.auth.test_oidc import TEACHER
from tests.oidc_provider import Provider


@pytest.fixture
def school():
    provider = Provider()
    provider.person = dict(TEACHER)
    yield provider
    provider.close()


def test_a_teacher_signs_in_with_the_school_account(app, browser, school):
    settings = school.settings(label="وزارة التربية")
    environment = live.forum_environment(
        app,
        FORUM_OIDC_PROVIDERS="school",
        FORUM_OIDC_SCHOOL_ISSUER=settings["issuer"],
        FORUM_OIDC_SCHOOL_CLIENT_ID=settings["client_id"],
        FORUM_OIDC_SCHOOL_CLIENT_SECRET=settings["client_secret"],
        FORUM_OIDC_SCHOOL_LABEL=settings["label"],
    )
    with live.gunicorn(environment, workers=1) as base:
        context = browser.new_context(base_url=base, locale="ar")
        context.set_default_timeout(10_000)
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto("/login")
        page.get_by_role("link", name="الدخول بـوزارة التربية").click()
        page.wait_for_url("**/welcome")
        assert page.locator(".menu-name").inner_text() == "سميرة حداد"
        assert school.challenges == ["S256"]
        page.get_by_role("link", name="تخطَّ").click()
        page.wait_for_url("**/welcome/communities")
        context.close()
        assert problems == []
