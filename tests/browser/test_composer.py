"""The composer in a real browser."""
from forum.extensions import db
from tests.browser.helpers import log_in
from tests.factories import make_member, make_topic


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


def test_the_preview_shows_the_post_as_it_will_be_saved_while_typing(page, community):
    member = make_member(community)
    db.session.commit()
    log_in(page, member)
    page.goto(f"/communities/{community.slug}/new-topic")
    page.fill("#raw", "**خطوة أولى** <script>alert(1)</script>")
    page.locator("#preview strong").wait_for()
    assert page.locator("#preview strong").text_content() == "خطوة أولى"
    assert page.locator("#preview script").count() == 0
