"""A member's first visit, in a real browser: sign up, confirm the address from the email, join,
start a topic in Arabic, reply, quote, edit, switch to English and search. Any console error or
refused script fails it."""

import re
import time

from tests.browser.helpers import small_forum
from tests.factories import emailed_path, sent_mail


def emailed_link(path):
    """The link to path in the emails the forum wrote (its job runs beside the request)."""
    for _ in range(100):
        for message in sent_mail():
            if path in message.get_body(("plain",)).get_content():
                return emailed_path(message, path)
        time.sleep(0.1)
    raise AssertionError(f"no email with a link to {path}")


def test_a_new_member_takes_part_from_sign_up_to_search(page):
    community, _, _ = small_forum()

    page.goto("/register")
    page.fill("#username", "rania")
    page.fill("#display_name", "رانيا يوسف")
    page.fill("#email", "rania@example.org")
    page.fill("#password", "a-long-password")
    page.fill("#confirm", "a-long-password")
    page.click("main button[type=submit]")
    assert page.locator(".flash").is_visible()
    assert page.locator(".confirm-notice").is_visible(), "posting waits for the address"
    page.goto(emailed_link("/email/confirm/"))
    assert page.locator(".flash").is_visible() and page.locator(".confirm-notice").count() == 0

    page.goto(f"/communities/{community.slug}")
    page.get_by_role("link", name="انضم إلى هذا المجتمع").click()
    page.get_by_label("قرأت الميثاق وأقبله").check()
    page.get_by_role("button", name="انضم إلى هذا المجتمع").click()
    page.get_by_role("link", name="موضوع جديد").first.click()

    page.select_option("#category", index=1)
    page.fill("#title", "كيف ننظم زيارات الأقران دون إرباك الجدول؟")
    page.fill("#raw", "نحتاج خطة واضحة")
    page.locator("#raw").select_text()
    page.get_by_role("button", name="غامق").click()
    assert page.input_value("#raw") == "**نحتاج خطة واضحة**"
    page.locator("#preview-area strong").wait_for()
    page.get_by_role("button", name="نشر الموضوع").click()
    assert page.locator("h1").inner_text() == "كيف ننظم زيارات الأقران دون إرباك الجدول؟"
    assert page.locator("#post-1 .cooked strong").inner_text() == "نحتاج خطة واضحة"

    page.fill(".reply-box textarea", "أقترح أن نبدأ بزيارة واحدة في الشهر.")
    page.locator(".reply-box").get_by_role("button", name="رد", exact=True).click()
    page.locator("#post-2").wait_for()
    assert "زيارة واحدة في الشهر" in page.locator("#post-2 .cooked").inner_text()

    # Quote part of the first post: select it, press Quote, send.
    page.locator("#post-1 .cooked strong").select_text()
    page.locator("#post-1 .quote-button").click()
    quoted = page.input_value(".reply-box textarea")
    assert "> نحتاج خطة واضحة" in quoted and "#1" in quoted
    page.locator(".reply-box textarea").press("End")
    page.keyboard.type("موافقة تماما.")
    page.locator(".reply-box").get_by_role("button", name="رد", exact=True).click()
    page.locator("#post-3").wait_for()
    assert page.locator("#post-3 blockquote").inner_text().strip() == "نحتاج خطة واضحة"
    assert re.fullmatch(r"/p/\d+", page.locator("#post-3 .cooked a").first.get_attribute("href"))
    page.locator("#post-3 .cooked a").first.click()
    page.wait_for_url("**#post-1")
    assert page.locator("#post-3 .reply-to").is_visible()

    page.locator("#post-2").get_by_role("link", name="تعديل").click()
    page.fill("#raw", "أقترح أن نبدأ بزيارتين في الشهر.")
    page.get_by_role("button", name="حفظ التعديل").click()
    assert "بزيارتين" in page.locator("#post-2 .cooked").inner_text()

    page.locator(".user-menu summary", has_text="العربية").click()
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("#post-2").get_by_role("link", name="Edited — see revisions").is_visible()

    page.fill("#header-q", "زيارات الأقران")
    page.press("#header-q", "Enter")
    page.get_by_role("link", name="كيف ننظم زيارات الأقران دون إرباك الجدول؟").first.wait_for()
