from forum.extensions import db
from forum.models import Membership
from tests.factories import make_community, make_member, make_topic, make_user


def test_home_lists_visible_communities_with_topic_counts_and_latest_topics(client):
    open_one = make_community(name="مجتمع الزرقاء")
    make_topic(open_one, title="سؤال عن التقييم القبلي")
    make_community(visibility="members", name="مجتمع مغلق للمديرين")
    page = client.get("/").text
    assert "مجتمع الزرقاء" in page and "موضوع واحد" in page
    assert "سؤال عن التقييم القبلي" in page
    assert "مجتمع مغلق للمديرين" not in page


def test_community_page_lists_pinned_topics_first_then_by_activity(client, community):
    older = make_topic(community, title="موضوع قديم مثبت")
    make_topic(community, title="موضوع أحدث")
    older.pinned = True
    db.session.commit()
    page = client.get(f"/communities/{community.slug}").text
    assert page.index("موضوع قديم مثبت") < page.index("موضوع أحدث")


def test_community_page_filters_by_category(client, community):
    make_topic(community, kind="failures", title="درس لم ينجح")
    make_topic(community, kind="practices", title="ممارسة ناجحة")
    page = client.get(f"/communities/{community.slug}?category=failures-and-mistakes").text
    assert "درس لم ينجح" in page and "ممارسة ناجحة" not in page


def test_category_page_gathers_topics_across_communities(client):
    make_topic(make_community(), kind="questions", title="سؤال من الزرقاء")
    make_topic(make_community(), kind="questions", title="سؤال من سلا")
    make_topic(make_community(), kind="practices", title="ممارسة من حمص")
    page = client.get("/categories/hard-questions").text
    assert "سؤال من الزرقاء" in page and "سؤال من سلا" in page and "ممارسة من حمص" not in page


def test_a_user_joins_a_public_community_and_can_then_post(client, auth, community):
    user = make_user()
    auth.login(user)
    assert client.get(f"/communities/{community.slug}/new-topic").status_code == 403
    assert client.post(f"/communities/{community.slug}/join").status_code == 302
    assert db.session.get(Membership, (user.id, community.id)) is not None
    assert client.get(f"/communities/{community.slug}/new-topic").status_code == 200


def test_members_only_communities_cannot_be_joined_by_outsiders(client, auth):
    closed = make_community(visibility="members")
    user = make_user()
    auth.login(user)
    assert client.post(f"/communities/{closed.slug}/join").status_code == 404
    assert db.session.get(Membership, (user.id, closed.id)) is None


def test_a_member_can_leave(client, auth, community):
    user = make_member(community)
    auth.login(user)
    client.post(f"/communities/{community.slug}/leave")
    assert db.session.get(Membership, (user.id, community.id)) is None


def test_topic_lists_paginate(app, client, community):
    app.config["TOPICS_PER_PAGE"] = 3
    author = make_member(community)
    for n in range(7):
        make_topic(community, author, title=f"موضوع رقم {n:02d}")
    first, third = client.get("/").text, client.get("/?page=3").text
    assert first.count('class="topic-row"') == 3 and third.count('class="topic-row"') == 1
    assert 'rel="next"' in first and 'rel="next"' not in third
