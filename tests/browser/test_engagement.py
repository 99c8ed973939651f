"""Reactions, @mentions and the bell in a real browser, with jobs run by the server's own
worker thread (the embedded default), not immediately."""

from pathlib import Path
from urllib.parse import quote

from tests.browser.helpers import log_in, small_forum


def test_a_member_reacts_mentions_a_colleague_and_the_colleague_sees_the_bell(open_tab, app):
    community, topic, mona = small_forum()
    khalid = topic.author
    page = open_tab()
    log_in(page, mona)
    page.goto(f"/t/{quote(topic.slug)}/{topic.id}")
    first_post = page.locator("#post-1")
    first_post.get_by_role("button", name="شكرًا على المشاركة").click()
    page.wait_for_load_state()
    thanks = page.locator("#post-1").get_by_role("button", name="شكرًا على المشاركة")
    assert thanks.get_attribute("aria-pressed") == "true" and "1" in thanks.text_content()

    reply = page.locator("#raw")
    reply.click()
    reply.press_sequentially("شكرًا @خال")
    suggestion = page.get_by_role("option")
    suggestion.first.wait_for()
    assert "خالد الحداد" in suggestion.first.text_content()
    assert reply.get_attribute("aria-activedescendant") == suggestion.first.get_attribute("id")
    reply.press("Enter")
    assert reply.input_value() == "شكرًا @khalid "
    page.locator(".reply-box").get_by_role("button", name="رد", exact=True).click()
    page.locator(".cooked a.mention").last.wait_for()

    colleague = open_tab(locale="en")
    log_in(colleague, khalid)
    colleague.goto("/notifications")
    for _ in range(50):  # the server's worker thread tells khalid within moments
        items = colleague.locator(".notification-what").all_text_contents()
        if any("mentioned you" in item for item in items):
            break
        colleague.wait_for_timeout(200)
        colleague.reload()
    assert any("mentioned you" in item for item in items)
    assert any("reacted to your post" in item for item in items)
    unread = colleague.locator(".notification-unread").count()
    assert colleague.locator(".bell .count").text_content() == str(unread)
    colleague.get_by_role("button", name="Mark all read").click()
    colleague.wait_for_load_state()
    assert colleague.locator(".bell .count").count() == 0
    # The same worker emailed the mention at once (no mail server: a file in the instance folder).
    mails = [path.read_text() for path in (Path(app.config["INSTANCE_DIR"]) / "mail").glob("*.eml")]
    assert any(f"To: {khalid.email}" in text for text in mails)


def test_a_member_bookmarks_a_post_with_a_note_and_finds_it_again(open_tab):
    community, topic, mona = small_forum()
    page = open_tab()
    log_in(page, mona)
    page.goto(f"/t/{quote(topic.slug)}/{topic.id}")
    menu = page.locator("#post-1 .bookmark-menu")
    menu.locator("summary").click()
    menu.get_by_label("ملاحظة (اختيارية)").fill("أجرّبها مع الصف السابع")
    menu.get_by_role("button", name="احفظ").click()
    page.wait_for_load_state()
    assert "محفوظ" in page.locator("#post-1 .bookmark-menu summary").text_content()
    page.locator(".user-menu details").last.locator("summary").click()  # the account menu
    page.get_by_role("link", name="المحفوظات").click()
    assert page.locator(".bookmark-note").text_content().strip() == "أجرّبها مع الصف السابع"
    assert topic.title in page.locator(".bookmark-list").text_content()
