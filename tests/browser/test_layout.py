"""How the pages look and behave in both directions and on a phone. With FORUM_SCREENSHOTS=1
(`make screenshots`), screenshots of the main pages in Arabic and English, desktop and phone,
are kept in test-artifacts/screenshots (they cost as much as the checks)."""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import log_in, main_pages, small_forum

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": (1280, 900), "phone": (360, 740)}
# Controls a finger has to hit: at least 44 px high (links inside a post's text are exempt).
CONTROLS = (
    ".site-header a, .site-header summary, .site-header input, .button, button, .post-header a,"
    " .post-actions a, .pagination a, .category-tabs a, .field input:not([type=checkbox]), .field.checkbox,"
    " .field select, .field textarea"
)


@pytest.mark.parametrize("locale", ["ar", "en"])
def test_main_pages_fit_a_phone_and_are_kept_as_screenshots(open_tab, locale):
    community, topic, member = small_forum()
    keep = os.environ.get("FORUM_SCREENSHOTS") == "1"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport, (width, height) in VIEWPORTS.items():
        page = open_tab(locale=locale, width=width, height=height)
        log_in(page, member)
        for name, path in main_pages(community, topic).items():
            page.goto(path)
            page.evaluate("document.fonts.ready")
            if keep:
                page.screenshot(path=SCREENSHOTS / f"{locale}-{viewport}-{name}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows"
            if viewport == "phone":
                small = page.eval_on_selector_all(
                    CONTROLS,
                    """controls => controls
                    .filter(c => c.offsetParent !== null && c.getBoundingClientRect().height < 44)
                    .map(c => c.outerHTML.slice(0, 80))""",
                )
                assert small == [], f"controls under 44 px on {name}: {small}"


@pytest.mark.parametrize("locale, side", [("ar", "right"), ("en", "left")])
def test_the_layout_follows_the_direction_of_the_language(open_tab, locale, side):
    small_forum()
    page = open_tab(locale=locale)
    page.goto("/")
    width = page.viewport_size["width"]
    brand = page.locator(".brand").bounding_box()
    search = page.locator(".header-search").bounding_box()
    if side == "right":
        assert brand["x"] + brand["width"] > width - 100 and search["x"] < brand["x"]
    else:
        assert brand["x"] < 100 and search["x"] > brand["x"]


def test_directional_icons_are_mirrored_in_arabic_only(open_tab):
    community, topic, member = small_forum()
    for locale, mirrored in (("ar", True), ("en", False)):
        page = open_tab(locale=locale)
        log_in(page, member)
        page.goto(f"/t/{topic.slug}/{topic.id}")
        transform = page.eval_on_selector(".post-actions .icon-directional", "i => getComputedStyle(i).transform")
        assert (transform == "matrix(-1, 0, 0, 1, 0, 0)") is mirrored, locale
        assert (
            page.eval_on_selector(".post-actions .icon:not(.icon-directional)", "i => getComputedStyle(i).transform")
            == "none"
        )


def test_mixed_direction_text_is_isolated_in_both_languages(open_tab):
    community, topic, member = small_forum()
    page = open_tab(locale="ar")
    page.goto(f"/t/{topic.slug}/{topic.id}")
    english_post = page.locator(".post .cooked", has_text="We tried this")
    assert english_post.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.locator("#post-1 .cooked").evaluate("e => getComputedStyle(e).direction") == "rtl"
    # Code reads left to right even inside an Arabic post.
    assert page.locator("#post-1 pre").evaluate("e => getComputedStyle(e).direction") == "ltr"
    page = open_tab(locale="en")
    page.goto("/")
    title = page.locator(".topic-title", has_text="بطاقات الخروج")
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"


def test_j_and_k_move_through_posts_and_topics(open_tab):
    community, topic, member = small_forum()
    page = open_tab(locale="ar")
    page.goto(f"/t/{topic.slug}/{topic.id}")
    focused = "() => document.activeElement.id || document.activeElement.className"
    page.keyboard.press("j")
    assert page.evaluate(focused) == "post-1"
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate(focused) == "post-3"
    page.keyboard.press("k")
    assert page.evaluate(focused) == "post-2"
    page.goto("/")
    page.keyboard.press("j")
    first = page.evaluate("() => document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_url("**/t/**")
    assert page.locator("h1").inner_text() == first
