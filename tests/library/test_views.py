"""The library in the browser's terms: its page, filters and feed, an entry, promoting,
nominating, the curators' queue, retiring, and the badge on a topic's page."""

from xml.etree import ElementTree

import pytest

from forum.services import curation
from tests.factories import make_community, make_entry, make_member, make_reply, make_topic, make_user, topic_url

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_library_lists_entries_with_their_tags_and_filters(client, community):
    maths = make_entry(make_reply(make_topic(community)), title="بطاقات الخروج في الرياضيات", subject="mathematics")
    make_entry(make_reply(make_topic(community)), title="ركن القراءة", subject="arabic", grade="primary_lower")
    page = client.get("/library")
    assert page.status_code == 200
    assert "مكتبة الممارسات الفضلى" in page.text and "بطاقات الخروج في الرياضيات" in page.text
    assert "الرياضيات" in page.text and "الصفوف من 1 إلى 3" in page.text
    assert 'type="application/atom+xml"' in page.text
    filtered = client.get("/library?subject=arabic&grade=primary_lower").text
    assert "ركن القراءة" in filtered and maths.title not in filtered
    assert "لا مدخل يطابق" in client.get("/library?subject=science").text
    assert client.get("/library?subject=<script>&community=nowhere&page=-4").status_code == 200


def test_an_entry_page_shows_the_summary_the_post_and_the_way_back(client, community):
    reply = make_reply(make_topic(community, title="كيف نشرك الصامتين؟"), raw="نبدأ الحصة **بسؤال** مكتوب")
    entry = make_entry(reply, summary="سؤال مكتوب في **أول** الحصة")
    page = client.get(f"/library/{entry.id}").text
    assert "<strong>أول</strong>" in page and "<strong>بسؤال</strong>" in page
    assert f"/{reply.topic_id}/2" in page and "كيف نشرك الصامتين؟" in page
    assert client.get("/library/99999").status_code == 404


def test_a_coordinator_promotes_from_the_topic_page_with_preview_and_errors_kept(client, auth, community):
    reply = make_reply(make_topic(community, kind="practices", title="تجربة التعلم بالأقران"))
    coordinator = make_member(community, role="coordinator")
    auth.login(coordinator)
    assert "إضافة إلى المكتبة" in client.get(topic_url(reply.topic)).text
    form = client.get(f"/p/{reply.id}/promote")
    assert form.status_code == 200 and "تجربة التعلم بالأقران" in form.text
    data = {"title": "التعلم بالأقران", "raw": "أزواج **متقاربة** المستوى", "subject": "science", "grade": "middle"}
    preview = client.post(f"/p/{reply.id}/promote", data={**data, "preview": "1"})
    assert preview.status_code == 200 and "<strong>متقاربة</strong>" in preview.text
    refused = client.post(f"/p/{reply.id}/promote", data={**data, "subject": "astrology"})
    assert (
        refused.status_code == 422 and "اختر إحدى القيم" in refused.text and "أزواج **متقاربة** المستوى" in refused.text
    )
    done = client.post(f"/p/{reply.id}/promote", data=data)
    assert done.status_code == 302 and "/library/" in done.location
    page = client.get(topic_url(reply.topic)).text
    assert "في مكتبة الممارسات الفضلى" in page and coordinator.name in page
    assert client.post(f"/p/{reply.id}/promote", data=data).status_code == 409
    assert client.get(f"/p/{reply.id}/promote").status_code == 302, "already in: sent to its entry"


def test_a_member_nominates_and_the_curator_works_the_queue(client, auth, community):
    reply = make_reply(make_topic(community), raw="جدول مراجعة أسبوعي مشترك")
    auth.login(make_member(community))
    assert "رشّحها للمكتبة" in client.get(topic_url(reply.topic)).text
    assert client.post(f"/p/{reply.id}/nominate", data={"reason": "جربناه في مدرستنا"}).status_code == 302
    assert "رشّحتَ هذه المشاركة للمكتبة" in client.get(topic_url(reply.topic)).text
    assert client.post(f"/p/{reply.id}/nominate", data={}).status_code == 409
    auth.logout()
    mentor = make_member(community, role="mentor")
    auth.login(mentor)
    home = client.get("/").text
    assert "ترشيحات المكتبة" in home and '<span class="count">1</span>' in home
    queue = client.get("/library/nominations").text
    assert "جدول مراجعة أسبوعي مشترك" in queue and "جربناه في مدرستنا" in queue
    assert client.post(f"/library/nominations/{reply.id}/decline").status_code == 302
    assert "لا ترشيح ينتظر" in client.get("/library/nominations").text
    assert client.post(f"/library/nominations/{reply.id}/decline").status_code == 409


def test_retiring_takes_an_entry_out_and_only_curators_still_see_it(client, auth, community):
    entry = make_entry(make_reply(make_topic(community)), title="مدخل سيُسحب")
    coordinator = make_member(community, role="coordinator")
    auth.login(coordinator)
    assert "سحب من المكتبة" in client.get(f"/library/{entry.id}").text
    assert client.post(f"/library/{entry.id}/retire", data={"reason": "تغيّر المنهاج"}).status_code == 302
    assert "مدخل سيُسحب" not in client.get("/library").text
    assert "سُحبت من المكتبة" in client.get(f"/library/{entry.id}").text
    assert client.post(f"/library/{entry.id}/retire").status_code == 409
    auth.logout()
    assert client.get(f"/library/{entry.id}").status_code == 404


def test_the_feed_is_atom_with_the_filters_and_names_no_anonymous_author(client, community):
    secret = make_member(community, make_user(display_name="سلمى السرية"))
    anonymous = make_reply(make_topic(community, kind="failures"), secret, anonymous=True)
    make_entry(anonymous, title="ما تعلمناه من خطأ", subject="arabic")
    make_entry(make_reply(make_topic(community)), title="مدخل الرياضيات", subject="mathematics")
    response = client.get("/library/feed.atom?subject=arabic")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["ما تعلمناه من خطأ"]
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "عضو في هذا المجتمع"
    assert secret.name not in response.text and secret.username not in response.text
    assert len(ElementTree.fromstring(client.get("/library/feed.atom").data).findall(f"{ATOM}entry")) == 2


def test_members_only_entries_stay_unseen_outside_the_community(client, auth):
    private = make_community(visibility="members")
    entry = make_entry(make_reply(make_topic(private)), title="ممارسة داخلية")
    for reader in (None, make_user(), make_member(make_community(), role="mentor")):
        if reader:
            auth.login(reader)
        assert "ممارسة داخلية" not in client.get("/library").text
        assert "ممارسة داخلية" not in client.get("/library/feed.atom").text
        assert client.get(f"/library/{entry.id}").status_code == 404
        assert "ممارسة داخلية" not in client.get("/search?q=ممارسة&status=curated").text
        if reader:
            auth.logout()
    auth.login(make_member(private))
    assert "ممارسة داخلية" in client.get("/library").text


@pytest.mark.usefixtures("search")
def test_search_by_status_curated(client, community):
    make_entry(make_reply(make_topic(community), raw="دفتر التأمل الأسبوعي للمعلم"))
    make_reply(make_topic(community), raw="دفتر التأمل اليومي")
    page = client.get("/search?q=دفتر&status=curated").text
    assert "التأمل الأسبوعي" in page and "التأمل اليومي" not in page
    assert curation.count_pending(make_user()) == 0
