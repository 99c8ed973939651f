"""The topic page on a first visit over a slow connection: everything it loads (HTML, CSS, JS,
icons, the Arabic typeface), compressed as served, stays under 150 KB, all from this server."""

from urllib.parse import urlsplit

from tests.browser.helpers import log_in, small_forum
from tests.factories import make_reply

BUDGET = 150_000


def test_a_topic_page_loads_under_150_kb_all_from_here(open_tab, live_server):
    community, topic, member = small_forum()
    for n in range(17):  # A full page of posts.
        make_reply(
            topic, raw=f"مشاركة رقم {n} فيها **تجربة** من الصف، وسؤال عن [مرجع](/t/1) وقائمة:\n\n- أولا\n- ثانيا"
        )
    signed_in = open_tab(locale="ar")
    log_in(signed_in, member)
    # A first visit: a new browser profile (empty cache) holding only the session cookie.
    page = open_tab(locale="ar", storage_state=signed_in.context.storage_state())
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(f"/t/{topic.slug}/{topic.id}")
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"IBM Plex Sans Arabic\"', 'تجربة')")
    sizes = page.evaluate("""() => [performance.getEntriesByType("navigation")[0],
                                    ...performance.getEntriesByType("resource")]
        .map(entry => [entry.name, entry.transferSize])""")
    total = sum(size for _, size in sizes)
    assert any(name.endswith(".woff2") for name, _ in sizes), "the Arabic typeface was not loaded"
    print(f"\ntopic page, first visit: {total} bytes in {len(sizes)} responses")
    assert total < BUDGET, sizes
    assert set(hosts) == {urlsplit(live_server).netloc}


def test_a_topic_with_five_photos_stays_under_150_kb_loading_only_those_in_view(open_tab, live_server, app):
    from forum.services import uploads
    from tests.uploads import files

    community, topic, member = small_forum()
    photos = [uploads.receive(member, f"صورة {n}.jpg", files.classroom(1600, 1200, seed=n)) for n in range(5)]
    for n, photo in enumerate(photos):
        make_reply(
            topic, member, raw=f"الصورة {n} من الحصة:\n\n{uploads.markdown(photo)}\n\n" + "تعليق على الصورة. " * 30
        )
    signed_in = open_tab(locale="ar")
    log_in(signed_in, member)
    page = open_tab(locale="ar", storage_state=signed_in.context.storage_state())
    page.goto(f"/t/{topic.slug}/{topic.id}")
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    sizes = page.evaluate("""() => [performance.getEntriesByType("navigation")[0],
                                    ...performance.getEntriesByType("resource")]
        .map(entry => [entry.name, entry.transferSize])""")
    total = sum(size for _, size in sizes)
    images = [name for name, _ in sizes if "/uploads/" in name]
    print(f"\ntopic page with 5 photos, first visit: {total} bytes in {len(sizes)} responses, {len(images)} photos")
    assert total < BUDGET, sizes
    assert all(name.endswith("-640.webp") for name in images), "the thumbnail that fits, not the photo"
    assert len(images) < 5, "photos below the fold wait until they are scrolled to"
    page.locator(".post .cooked img").last.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('.post .cooked img')].at(-1).complete")
    assert page.locator(".post .cooked img").last.evaluate("img => img.naturalWidth") == 640
