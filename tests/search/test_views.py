from tests.factories import make_community, make_member, make_reply, make_topic


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
    assert {
        "post_id",
        "topic_id",
        "post_number",
        "topic_title",
        "blurb",
        "author",
        "created_at",
        "community",
        "category",
        "url",
        "score",
    } <= set(hit)
    assert hit["topic_id"] == topic.id and hit["community"] == community.slug


def test_search_never_errors_on_odd_input(client):
    for params in (
        {"q": ""},
        {"q": "x" * 10_000},
        {"q": '"'},
        {"q": "a", "page": "999"},
        {"q": "a", "page": "-1"},
        {"q": "a", "after": "not-a-date"},
        {"q": "ً"},
    ):
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


def test_similar_topics_are_suggested_in_all_three_languages(client, community):
    make_topic(community, title="إدارة الصف في الحصص الأخيرة", kind="practices")
    make_topic(community, title="Managing classrooms after lunch")
    make_topic(community, title="La gestion de classe en fin de journée")
    make_topic(community, title="موضوع لا علاقة له")

    def titles(title, **headers):
        data = client.get("/topics/similar.json", query_string={"title": title}, headers=headers).get_json()
        return [t["title"] for t in data["topics"]], data["topics"]

    assert titles("كيف نحسن إدارة الصفوف المكتظة؟")[0] == ["إدارة الصف في الحصص الأخيرة"]
    assert titles("classroom management")[0] == ["Managing classrooms after lunch"]
    assert titles("gérer une classe difficile")[0] == ["La gestion de classe en fin de journée"]
    _, topics = titles("إدارة الصف", **{"Accept-Language": "en"})
    assert topics[0]["category"] == "Best practices" and topics[0]["community"] == community.name


def test_the_new_topic_form_asks_for_similar_topics_as_the_title_is_typed(member_client, community):
    page = member_client.get(f"/communities/{community.slug}/new-topic").text
    assert 'data-similar-url="/topics/similar.json"' in page and 'id="similar-topics"' in page


def test_similar_topics_ignore_words_that_say_nothing_about_the_topic(client, community):
    make_topic(community, title="كيف نتعامل مع الغياب المتكرر؟")
    make_topic(community, title="How do we start the year?")
    assert client.get("/topics/similar.json", query_string={"title": "كيف نحفز القراءة؟"}).get_json()["topics"] == []
    assert (
        client.get("/topics/similar.json", query_string={"title": "How do we teach fractions"}).get_json()["topics"]
        == []
    )


def test_search_can_show_one_result_per_topic(client, community):
    topic = make_topic(community, title="الكسور في الصف الرابع", raw="الكسور")
    make_reply(topic, raw="الكسور مرة ثانية")
    assert client.get("/search.json", query_string={"q": "الكسور"}).get_json()["total"] == 2
    grouped = client.get("/search.json", query_string={"q": "الكسور", "group": "topic"}).get_json()
    assert grouped["total"] == 1 and len(grouped["results"]) == 1
    page = client.get("/search", query_string={"q": "الكسور", "group": "topic"}).text
    assert page.count('class="search-hit"') == 1 and "موضوع واحد" in page
    assert 'id="group" name="group" value="topic" checked' in page


def test_a_very_common_word_is_counted_up_to_a_limit(monkeypatch, client, community):
    monkeypatch.setattr("forum.search.query.COUNT_LIMIT", 2)
    author = make_member(community)
    for n in range(4):
        make_topic(community, author, title=f"الطلاب {n}", raw="الطلاب")
    data = client.get("/search.json", query_string={"q": "الطلاب"}).get_json()
    assert (data["total"], data["more"]) == (2, True)
    assert "أكثر من 2 نتيجة" in client.get("/search", query_string={"q": "الطلاب"}).text
    assert client.get("/search.json", query_string={"q": "الطلاب", "group": "topic"}).get_json()["more"] is True
