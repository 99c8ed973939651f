from tests.factories import make_community, make_member, make_topic


def test_search_page_shows_highlighted_results_with_filters_in_the_form(client, community):
    make_topic(community, title="كيف نقيم العمل الجماعي؟", raw="تقييم العمل الجماعي للطلاب")
    page = client.get("/search", query_string={"q": "تقييم", "community": community.slug})
    assert page.status_code == 200
    assert "كيف نقيم العمل الجماعي؟" in page.text and "<mark>تقييم</mark>" in page.text
    assert "نتيجة واحدة" in page.text


def test_search_json_gives_the_fields_a_client_needs(client, community):
    topic = make_topic(community, title="الواجبات المنزلية", raw="الواجبات")
    data = client.get("/search.json", query_string={"q": "الواجبات"}).get_json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert {"post_id", "topic_id", "post_number", "topic_title", "blurb", "author", "created_at",
            "community", "category", "url", "score"} <= set(hit)
    assert hit["topic_id"] == topic.id and hit["community"] == community.slug


def test_search_never_errors_on_odd_input(client):
    for params in ({"q": ""}, {"q": "x" * 10_000}, {"q": '"'}, {"q": "a", "page": "999"},
                   {"q": "a", "page": "-1"}, {"q": "a", "after": "not-a-date"}, {"q": "ً"}):
        assert client.get("/search", query_string=params).status_code == 200
        assert client.get("/search.json", query_string=params).status_code == 200


def test_members_only_topics_are_not_suggested_to_outsiders(client, auth):
    closed = make_community(visibility="members")
    make_topic(closed, title="ميزانية المدرسة السرية")
    auth.login(make_member(make_community()))
    assert client.get("/topics/similar.json", query_string={"title": "ميزانية المدرسة"}).get_json() == {"topics": []}


def test_search_results_page_and_keep_their_filters(app, client, community):
    app.config["SEARCH_RESULTS_PER_PAGE"] = 2
    author = make_member(community)
    for n in range(3):
        make_topic(community, author, title=f"الواجبات المنزلية {n}", raw="الواجبات")
    params = {"q": "الواجبات", "community": community.slug}
    first = client.get("/search", query_string=params).text
    assert first.count('class="search-hit"') == 2 and 'rel="next"' in first and 'rel="prev"' not in first
    assert f'<option value="{community.slug}" selected>' in first
    second = client.get("/search", query_string={**params, "page": 2}).text
    assert second.count('class="search-hit"') == 1 and 'rel="prev"' in second and 'rel="next"' not in second
