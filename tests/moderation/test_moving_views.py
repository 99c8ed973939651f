"""Moving discussions in the browser's terms: the moderator's page, its three forms, where
old addresses lead, and what bad input gets."""

from forum.services import moving
from tests.factories import make_community, make_member, make_reply, make_topic, make_user, topic_url


def test_the_page_offers_the_three_moves_to_a_coordinator(client, auth, community):
    topic = make_topic(community)
    make_reply(topic, raw="رد يمكن نقله إلى موضوع جديد")
    coordinator = make_member(community, role="coordinator")
    make_community(name="مجتمع لا ينسقه")
    auth.login(coordinator)
    assert "نقل أو تقسيم أو دمج…" in client.get(topic_url(topic)).text
    page = client.get(f"/t/{topic.id}/move").text
    assert "نقل الموضوع" in page and "تقسيم ردود إلى موضوع جديد" in page and "الدمج في موضوع آخر" in page
    assert "رد يمكن نقله إلى موضوع جديد" in page and 'value="2"' in page
    assert community.name in page and "مجتمع لا ينسقه" not in page, "only communities they moderate"


def test_split_then_merge_back_through_the_forms(client, auth, community):
    topic = make_topic(community, title="الموضوع الذي سيتفرع")
    make_reply(topic, raw="رد باق")
    make_reply(topic, raw="استطراد سينتقل")
    auth.login(make_user(role="moderator"))
    response = client.post(
        f"/t/{topic.id}/split", data={"posts": ["3"], "title": "موضوع الاستطراد", "category": "failures-and-mistakes"}
    )
    assert response.status_code == 302
    new_page = client.get(response.location, follow_redirects=True).text
    assert "موضوع الاستطراد" in new_page and "استطراد سينتقل" in new_page
    assert "استطراد سينتقل" not in client.get(topic_url(topic)).text
    new_id = int(response.location.rstrip("/").split("/")[-1])
    merged = client.post(f"/t/{new_id}/merge", data={"into": f"https://halaqa.example{topic_url(topic)}/2"})
    assert merged.status_code == 302
    assert "استطراد سينتقل" in client.get(topic_url(topic)).text
    old = client.get(f"/t/{new_id}")
    assert old.status_code == 301 and old.location.endswith(topic_url(topic))


def test_a_merged_topic_leads_readers_on(client, community):
    source, target = make_topic(community), make_topic(community, title="الموضوع الباقي بعد الدمج")
    moving.merge_topics(make_user(role="admin"), source, target)
    for path in (f"/t/{source.id}", topic_url(source), f"{topic_url(source)}/1"):
        response = client.get(path)
        assert response.status_code == 301 and response.location.endswith(topic_url(target)), path


def test_bad_input_gets_a_clear_4xx_and_nothing_moves(client, auth, community):
    private = make_community(visibility="members", name="مجتمع مغلق")
    hidden = make_topic(private)
    topic = make_topic(community)
    make_reply(topic)
    auth.login(make_member(community, role="coordinator"))
    cases = [
        (f"/t/{topic.id}/move", {"community": private.slug, "category": "hard-questions"}, 422, "اختر أحد المجتمعات"),
        (f"/t/{topic.id}/move", {"community": community.slug, "category": "nowhere"}, 422, "اختر أحد التصنيفات"),
        (f"/t/{topic.id}/move", {"community": community.slug, "category": "hard-questions"}, 409, ""),
        (f"/t/{topic.id}/split", {"title": "موضوع جديد بلا ردود"}, 422, "اختر الردود"),
        (f"/t/{topic.id}/split", {"posts": "1", "title": "موضوع جديد"}, 422, ""),
        (f"/t/{topic.id}/merge", {"into": str(hidden.id)}, 422, "لا موضوع تراه"),
        (f"/t/{topic.id}/merge", {"into": "<script>"}, 422, "لا موضوع تراه"),
        (f"/t/{topic.id}/merge", {"into": str(topic.id)}, 422, ""),
        (f"/t/{hidden.id}/merge", {"into": str(topic.id)}, 404, ""),
    ]
    for path, data, status, text in cases:
        response = client.post(path, data=data)
        assert response.status_code == status, (path, data, response.status_code)
        assert text in response.text
    assert (topic.posts_count, topic.community_id) == (2, community.id)
    other_target = make_topic(make_community())
    assert client.post(f"/t/{topic.id}/merge", data={"into": str(other_target.id)}).status_code == 403, (
        "a coordinator merges only into a community they moderate"
    )
