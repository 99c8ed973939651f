"""Pages served to visitors from the page cache (forum/pagecache.py), topics and topic lists:
every change shows at once, whoever made it and however, and a cached page never reaches anyone
it was not made for."""

import re

import pytest
import redis
from sqlalchemy import text

from config import TestingConfig
from forum import create_app, queries
from forum.extensions import db
from forum.models import Post
from forum.services import curation, moderation, moving, reactions, revising
from tests.test_jobs import REDIS_URL, redis_available
from tests.factories import (
    PASSWORD,
    topic_url,
    category,
    make_community,
    make_member,
    make_reply,
    make_topic,
    make_user,
)


def cached_twice(client, url, **kwargs):
    """The page as a visitor gets it once it is in the cache."""
    first = client.get(url, **kwargs)
    second = client.get(url, **kwargs)
    assert (first.headers.get("X-Page-Cache"), second.headers.get("X-Page-Cache")) == ("miss", "hit")
    assert _without_tokens(second.text) == _without_tokens(first.text)
    return second


def _without_tokens(page):
    """A page without its CSRF tokens (signed anew each second)."""
    return re.sub(r'(name="csrf_token" value|name="csrf-token" content)="[^"]+"', r"\1", page)


@pytest.fixture
def topic(community):
    topic = make_topic(community, title="كيف نستقبل الطلاب الجدد في الأسبوع الأول؟", raw="جربنا جولة في المدرسة")
    make_reply(topic, raw="بطاقات التعارف أنجح ما جربنا")
    return topic


def test_a_visitor_is_served_the_cached_page_and_sees_a_new_reply_at_once(client, topic):
    cached_twice(client, topic_url(topic))
    make_reply(topic, raw="أضفنا لقاء مع أولياء الأمور في اليوم الثاني")
    page = client.get(topic_url(topic))
    assert page.headers["X-Page-Cache"] == "miss"
    assert "أضفنا لقاء مع أولياء الأمور" in page.text


def _hide(topic, post):
    moderation.hide_post(make_user(role="moderator"), post, "خارج الموضوع")


def _delete(topic, post):
    moderation.delete_post(make_user(role="moderator"), post)


def _edit(topic, post):
    revising.revise_post(post.author, post, "بطاقات التعارف ثم لعبة الأسماء")


def _react(topic, post):
    reactions.react(make_member(topic.community), post, "thanks")


def _close(topic, post):
    moderation.set_topic_state(make_user(role="moderator"), topic, "close")


def _promote(topic, post):
    curation.promote(
        make_member(topic.community, role="coordinator"),
        post,
        title="استقبال الطلاب",
        summary="ملخص",
        subject="mathematics",
        grade="middle",
    )


def _rename_author(topic, post):
    # Any write counts, even one that no service made.
    post.author.display_name = "رانيا عودة"
    db.session.commit()


def _move_away(topic, post):
    moving.split_posts(make_user(role="moderator"), topic, [post.post_number], "موضوع منفصل عن الاستقبال")


def _hand_written_sql(topic, post):
    db.session.execute(text("UPDATE posts SET cooked = '<p>نص من قاعدة البيانات</p>' WHERE id = :id"), {"id": post.id})
    db.session.commit()


CHANGES = {
    # what changes, and what a visitor's page must (or must no longer) show
    "hidden by a moderator": (_hide, None, "بطاقات التعارف"),
    "deleted by a moderator": (_delete, None, "بطاقات التعارف"),
    "edited by its author": (_edit, "لعبة الأسماء", None),
    "reacted to": (_react, "Who reacted", None),
    "topic closed": (_close, "This topic is closed", None),
    "promoted to the library": (_promote, "In the best-practice library", None),
    "author renamed": (_rename_author, "رانيا عودة", None),
    "moved to another topic": (_move_away, None, "بطاقات التعارف"),
    "changed by hand in the database": (_hand_written_sql, "نص من قاعدة البيانات", "بطاقات التعارف"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_every_change_to_what_the_page_shows_reaches_visitors_at_once(client, topic, change):
    apply, shown, gone = CHANGES[change]
    reply = _reply(topic)
    headers = {"Accept-Language": "en"}
    before = cached_twice(client, topic_url(topic), headers=headers).text
    assert "بطاقات التعارف" in before
    apply(topic, reply)
    db.session.expire_all()
    after = client.get(topic_url(topic), headers=headers)
    assert after.headers["X-Page-Cache"] == "miss"
    if shown:
        assert shown in after.text and shown not in before
    if gone:
        assert gone not in after.text


def test_a_topic_moved_into_a_members_only_community_is_no_longer_served_to_visitors(client, topic):
    cached_twice(client, topic_url(topic))
    closed = make_community(visibility="members")
    moving.move_topic(make_user(role="moderator"), topic, closed, category("questions"))
    assert client.get(topic_url(topic)).status_code == 404


def test_a_community_made_members_only_stops_serving_its_cached_pages(client, topic):
    cached_twice(client, topic_url(topic))
    topic.community.visibility = "members"
    db.session.commit()
    assert client.get(topic_url(topic)).status_code == 404


def test_a_moderators_page_and_a_visitors_are_never_served_to_each_other(app, topic):
    moderator = make_user(role="moderator")
    visitor, staff = app.test_client(), app.test_client()
    staff.post("/login", data={"login": moderator.username, "password": PASSWORD})
    assert "X-Page-Cache" not in staff.get(topic_url(topic)).headers
    assert "Hide" not in cached_twice(visitor, topic_url(topic), headers={"Accept-Language": "en"}).text
    for _ in range(2):
        page = staff.get(topic_url(topic), headers={"Accept-Language": "en"})
        assert "X-Page-Cache" not in page.headers
        assert "Hide" in page.text and "Log out" in page.text
        assert "Log out" not in visitor.get(topic_url(topic), headers={"Accept-Language": "en"}).text


def test_a_members_page_is_never_served_to_an_outsider(app):
    closed = make_community(visibility="members")
    topic = make_topic(closed, raw="ما يبقى بين أعضاء المجتمع")
    member, outsider = app.test_client(), app.test_client()
    member.post("/login", data={"login": make_member(closed).username, "password": PASSWORD})
    for _ in range(2):
        assert "ما يبقى بين أعضاء المجتمع" in member.get(topic_url(topic)).text
        assert outsider.get(topic_url(topic)).status_code == 404


def test_each_language_has_its_own_cached_page(client, topic):
    english = cached_twice(client, topic_url(topic), headers={"Accept-Language": "en"})
    arabic = cached_twice(client, topic_url(topic), headers={"Accept-Language": "ar"})
    assert '<html lang="en" dir="ltr">' in english.text
    assert '<html lang="ar" dir="rtl">' in arabic.text
    client.set_cookie("locale", "fr")
    assert '<html lang="fr" dir="ltr">' in client.get(topic_url(topic), headers={"Accept-Language": "ar"}).text


def test_each_page_of_a_topic_is_cached_apart(app, client, community):
    topic = make_topic(community, raw="المنشور الأول")
    for number in range(app.config["POSTS_PER_PAGE"]):
        make_reply(topic, raw=f"رد رقم {number + 2} في النقاش")
    assert "المنشور الأول" in cached_twice(client, topic_url(topic)).text
    second = cached_twice(client, topic_url(topic, "?page=2")).text
    assert "المنشور الأول" not in second and f"رد رقم {app.config['POSTS_PER_PAGE'] + 1} في النقاش" in second
    assert client.get(topic_url(topic, "?page=3")).status_code == 404


def test_a_visitor_with_a_message_waiting_gets_it_and_it_is_kept_from_others(app, client, topic):
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "رسالة لهذا الزائر وحده")]
    page = client.get(topic_url(topic))
    assert "رسالة لهذا الزائر وحده" in page.text and "X-Page-Cache" not in page.headers
    other = app.test_client()
    assert "رسالة لهذا الزائر وحده" not in cached_twice(other, topic_url(topic)).text


def test_other_query_arguments_are_served_fresh(client, topic):
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(topic_url(topic, "?utm_source=mail")).headers


def test_a_cached_page_carries_each_visitors_own_token_and_its_forms_work(protected_client, topic):
    """The language switcher posts with the page's CSRF token: from a cached page too."""
    other = protected_client.application.test_client()
    tokens = []
    for visitor in (protected_client, other, other):
        page = visitor.get(topic_url(topic))
        (token,) = set(re.findall(r'name="csrf_token" value="([^"]+)"', page.text))
        assert re.search(rf'<meta name="csrf-token" content="{re.escape(token)}">', page.text)
        tokens.append(token)
        switched = visitor.post("/locale", data={"csrf_token": token, "locale": "en", "next": topic_url(topic)})
        assert switched.status_code == 302
        visitor.delete_cookie("locale")
    assert page.headers["X-Page-Cache"] == "hit"
    assert tokens[0] != tokens[1]


def test_views_are_counted_when_the_page_comes_from_the_cache(client, topic):
    cached_twice(client, topic_url(topic))
    db.session.refresh(topic)
    assert topic.views == 2


def test_two_machines_sharing_redis_share_cached_pages_and_see_a_change_at_once(app, topic):
    """Web machines over one database and one Redis: a page one cached is served by the other,
    and a reply written on one is shown at once by both."""
    if not redis_available():
        pytest.skip("Redis is not running")
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_DIR": app.config["INSTANCE_DIR"],
        "PAGE_CACHE_REDIS_URL": REDIS_URL,
    }
    first, second = (create_app(type("Config", (TestingConfig,), settings)).test_client() for _ in range(2))
    assert first.get(topic_url(topic)).headers["X-Page-Cache"] == "miss"
    assert second.get(topic_url(topic)).headers["X-Page-Cache"] == "hit"
    make_reply(topic, raw="رد كتب على الجهاز الأول")
    for machine in (second, first):
        page = machine.get(topic_url(topic))
        assert "رد كتب على الجهاز الأول" in page.text
    assert first.get(topic_url(topic)).headers["X-Page-Cache"] == "hit"


def _lists(topic):
    return {
        "home": "/",
        "latest": "/latest",
        "community": f"/communities/{topic.community.slug}",
        "community, one category": f"/communities/{topic.community.slug}?category={topic.category.slug}",
        "category": f"/categories/{topic.category.slug}",
    }


def test_a_new_topic_shows_at_once_on_every_cached_list(client, topic):
    for url in _lists(topic).values():
        cached_twice(client, url)
    make_topic(topic.community, title="خطة أسبوع الاستقبال للعام القادم")
    for name, url in _lists(topic).items():
        page = client.get(url)
        assert page.headers["X-Page-Cache"] == "miss", name
        assert "خطة أسبوع الاستقبال للعام القادم" in page.text, name


def test_a_topic_a_moderator_deletes_leaves_every_cached_list_at_once(client, topic):
    for url in _lists(topic).values():
        assert topic.title in cached_twice(client, url).text
    moderation.delete_topic(make_user(role="moderator"), topic)
    for name, url in _lists(topic).items():
        assert topic.title not in client.get(url).text, name


def test_a_topic_moved_to_another_community_leaves_its_cached_list_and_joins_the_other(client, topic):
    other = make_community(name="مجتمع الرياضيات في الزرقاء")
    old_list, new_list = f"/communities/{topic.community.slug}", f"/communities/{other.slug}"
    assert topic.title in cached_twice(client, old_list).text
    assert topic.title not in cached_twice(client, new_list).text
    moving.move_topic(make_user(role="moderator"), topic, other, topic.category)
    assert topic.title not in client.get(old_list).text
    assert topic.title in client.get(new_list).text


def test_a_reply_elsewhere_leaves_a_communitys_cached_list_as_it_is(client, topic):
    elsewhere = make_topic(make_community(), title="موضوع في مجتمع آخر")
    url = f"/communities/{topic.community.slug}"
    cached_twice(client, url)
    make_reply(elsewhere)
    assert client.get(url).headers["X-Page-Cache"] == "hit"


def test_a_community_renamed_shows_its_new_name_at_once(client, topic):
    url = f"/communities/{topic.community.slug}"
    cached_twice(client, url)
    topic.community.name = "مجتمع المعلمين الجدد"
    db.session.commit()
    assert "مجتمع المعلمين الجدد" in client.get(url).text


# What changes on every view, or after every new post, and shows on no page: how it changes.
BOOKKEEPING = {
    "topics": {"views": "views + 1"},
    "posts": {"search_dirty": "NOT search_dirty", "notify_pending": "NOT notify_pending"},
}


@pytest.mark.parametrize("table", BOOKKEEPING)
def test_every_column_but_bookkeeping_renews_the_topics_stamp(topic, table):
    """The triggers name a post's columns: a column added to posts without them fails here."""
    row = topic.id if table == "topics" else _reply(topic).id

    def stamp():
        return db.session.execute(text("SELECT page_stamp FROM topics WHERE id = :id"), {"id": topic.id}).scalar()

    for column in db.metadata.tables[table].columns:
        before = stamp()
        value = BOOKKEEPING[table].get(column.name, column.name)
        db.session.execute(text(f"UPDATE {table} SET {column.name} = {value} WHERE id = :id"), {"id": row})
        db.session.commit()
        assert (stamp() != before) == (column.name not in BOOKKEEPING[table]), column.name


def _reply(topic):
    return db.session.scalars(db.select(Post).where(Post.topic_id == topic.id, Post.post_number == 2)).one()


def test_a_change_made_while_a_page_is_made_is_never_stored_as_the_new_page(client, topic, monkeypatch):
    """The view loads the topic and its author, then the cache reads the stamps: a rename in
    between must not store the old name under the new stamp."""
    read_stamp = queries.site_page_stamp

    def renamed_meanwhile():
        with db.engine.begin() as connection:
            connection.execute(
                text("UPDATE users SET display_name = 'اسم بعد التغيير' WHERE id = :id"), {"id": topic.user_id}
            )
        return read_stamp()

    monkeypatch.setattr(queries, "site_page_stamp", renamed_meanwhile)
    client.get(topic_url(topic))
    monkeypatch.setattr(queries, "site_page_stamp", read_stamp)
    page = client.get(topic_url(topic))
    assert page.headers["X-Page-Cache"] == "hit" and "اسم بعد التغيير" in page.text
