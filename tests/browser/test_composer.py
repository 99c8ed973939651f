"""The composer in a real browser."""

import pytest

from forum.extensions import db
from tests.browser.helpers import log_in
from tests.factories import make_member, make_topic


@pytest.fixture
def composer(page, community):
    """A member on the new-topic page of their community."""
    member = make_member(community)
    db.session.commit()
    log_in(page, member)
    page.goto(f"/communities/{community.slug}/new-topic")
    return page


@pytest.mark.usefixtures("search")  # the topics it suggests are indexed as they are written
def test_typing_a_title_shows_similar_topics_already_discussed(page, community):
    member = make_member(community)
    make_topic(community, title="إدارة الوقت في الحصص المزدحمة")
    make_topic(community, title="موضوع آخر تماما")
    db.session.commit()
    log_in(page, member)
    page.goto(f"/communities/{community.slug}/new-topic")
    similar = page.locator("#similar-topics")
    assert similar.is_hidden()
    page.fill("#title", "كيف أحسن إدارة الوقت؟")
    link = similar.get_by_role("link")
    link.first.wait_for()
    assert link.all_text_contents() == ["إدارة الوقت في الحصص المزدحمة"]
    page.fill("#title", "")
    similar.wait_for(state="hidden")


def test_the_preview_shows_the_post_as_it_will_be_saved_while_typing(composer):
    page = composer
    page.fill("#raw", "**خطوة أولى** <script>alert(1)</script>")
    page.locator("#preview-area strong").wait_for()
    assert page.locator("#preview-area strong").text_content() == "خطوة أولى"
    assert page.locator("#preview-area script").count() == 0


def test_a_draft_survives_a_reload_until_the_server_has_it(composer):
    page, address = composer, composer.url
    page.fill("#title", "مسودة عن التقويم التكويني")
    page.locator("#raw").press_sequentially("فكرة أولى لم تكتمل")
    page.wait_for_timeout(400)
    page.reload()
    assert page.input_value("#title") == "مسودة عن التقويم التكويني"
    assert page.input_value("#raw") == "فكرة أولى لم تكتمل"
    notice = page.locator(".draft-notice")
    assert notice.is_visible()

    notice.get_by_role("button").click()
    assert page.input_value("#raw") == "" and page.input_value("#title") == ""
    page.reload()
    assert page.input_value("#raw") == "" and notice.is_hidden()

    page.fill("#title", "موضوع أرسل فعلا إلى الخادم")
    page.locator("#raw").press_sequentially("نص كامل هذه المرة")
    page.get_by_role("button", name="نشر الموضوع").click()
    page.wait_for_url("**/t/**")
    page.goto(address)
    assert page.input_value("#raw") == "" and notice.is_hidden()


def test_leaving_with_unsent_text_asks_first(composer):
    page = composer
    page.locator("#raw").press_sequentially("نص لم يرسل")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]


def test_the_toolbar_formats_the_selected_lines(composer):
    page = composer
    page.fill("#raw", "الخطوة الأولى\nالخطوة الثانية")
    page.locator("#raw").select_text()
    page.get_by_role("button", name="قائمة مرقمة").click()
    assert page.input_value("#raw") == "1. الخطوة الأولى\n2. الخطوة الثانية"
    page.fill("#raw", "المرجع")
    page.locator("#raw").select_text()
    page.get_by_role("button", name="رابط").click()
    page.keyboard.type("https://example.org/guide")
    assert page.input_value("#raw") == "[المرجع](https://example.org/guide)"
    page.locator("#preview-area a").wait_for()


def drafts_kept(page):
    return page.evaluate("Object.keys(localStorage).filter(function (key) { return key.startsWith('halaqa-draft:'); })")


def log_out(page):
    page.locator(".user-menu details").last.locator("summary").click()  # the account menu
    page.get_by_role("button", name="تسجيل الخروج").click()
    page.get_by_role("link", name="تسجيل الدخول").wait_for()


def test_logging_out_forgets_the_drafts_kept_in_this_browser(page, community):
    # An unsent failure story must not wait on a shared school computer for whoever comes next,
    # nor for its author's next visit.
    member = make_member(community)
    db.session.commit()
    log_in(page, member)
    address = f"/communities/{community.slug}/new-topic"
    page.goto(address)
    page.fill("#title", "حصة لم أحكها لأحد بعد")
    page.locator("#raw").press_sequentially("قصة لم أرسلها")
    page.wait_for_timeout(400)
    assert len(drafts_kept(page)) == 1
    page.on("dialog", lambda dialog: dialog.accept())  # leaving with unsent text asks first
    log_out(page)
    assert drafts_kept(page) == []
    log_in(page, member)
    page.goto(address)
    assert page.input_value("#raw") == "" and page.input_value("#title") == ""
    assert page.locator(".draft-notice").is_hidden()


def test_another_account_on_the_same_browser_never_sees_a_draft_and_drops_it(composer, community):
    # Without the logout button (the session simply ended), the draft waits under its author's
    # account; the next account to open a composer here drops it unseen.
    page, address = composer, composer.url
    page.locator("#raw").press_sequentially("مسودة صاحبها لم يخرج")
    page.wait_for_timeout(400)
    assert len(drafts_kept(page)) == 1
    page.context.clear_cookies()
    someone_else = make_member(community)
    db.session.commit()
    log_in(page, someone_else)
    page.goto(address)
    assert page.input_value("#raw") == "" and page.locator(".draft-notice").is_hidden()
    assert drafts_kept(page) == []


def test_a_picked_file_is_uploaded_and_shown_where_the_caret_was(composer, tmp_path):
    from tests.uploads import files

    page = composer
    photo = tmp_path / "السبورة.jpg"
    photo.write_bytes(files.photo(1400, 1000, gps=True))
    page.fill("#title", "صورة السبورة بعد الحصة")
    page.fill("#raw", "قبل الصورة\nبعد الصورة")
    page.locator("#raw").evaluate("t => t.setSelectionRange(10, 10)")  # the end of the first line
    page.set_input_files("#raw-files", str(photo))
    page.wait_for_function("() => /\\(\\/uploads\\/[0-9a-f]{64}\\.jpg\\)/.test(document.querySelector('#raw').value)")
    text = page.input_value("#raw")
    assert text.startswith("قبل الصورة\n![السبورة.jpg](/uploads/") and text.endswith("\nبعد الصورة")
    assert page.input_value("#raw-files") == "", "the form does not send it again"
    page.locator("#preview-area img").wait_for()
    page.get_by_role("button", name="نشر الموضوع").click()
    image = page.locator(".post .cooked img")
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 640
    assert image.get_attribute("loading") == "lazy"


def test_a_refused_file_says_why_and_leaves_the_text_alone(composer, open_tab, tmp_path):
    page = composer
    # The refusal is a 422, which the browser's console reports.
    open_tab.expected.append(
        "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    )
    page_file = tmp_path / "lesson.png"
    page_file.write_bytes(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    page.fill("#raw", "نص")
    page.set_input_files("#raw-files", str(page_file))
    error = page.locator(".upload-list .error")
    error.wait_for()
    assert "لا يمكن مشاركة" in error.text_content()
    assert page.input_value("#raw") == "نص"
