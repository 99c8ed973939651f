"""Pages issue the same number of SQL statements however many rows they show."""

from urllib.parse import quote

import pytest

from forum.services import bookmarks, communities, messages, reactions
from tests.factories import make_community, make_member, make_reply, make_topic, make_user


def statements_for(client, count_queries, path):
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_topic_page_statement_count_does_not_grow_with_its_posts(app, client, count_queries, community):
    app.config["POSTS_PER_PAGE"] = 10  # the small topic's page shows 2 posts, the large one's 10th page 10
    small, large = make_topic(community), make_topic(community)
    writers = [make_member(community) for _ in range(5)]
    make_reply(small, writers[0])
    for n in range(99):
        reply = make_reply(large, writers[n % 5], reply_to=1 if n % 3 else None)
        if n >= 89:  # the last page's posts have reactions from several people
            reactions.react(writers[(n + 1) % 5], reply, "like")
            reactions.react(writers[(n + 2) % 5], reply, "thanks")
    small_count = statements_for(client, count_queries, f"/t/{quote(small.slug)}/{small.id}")
    large_count = statements_for(client, count_queries, f"/t/{quote(large.slug)}/{large.id}?page=10")
    assert small_count == large_count <= 8


def test_topic_lists_statement_count_does_not_grow_with_their_topics(app, client, auth, count_queries):
    app.config["TOPICS_PER_PAGE"] = 50
    few, many = make_community(), make_community()
    for community, count in ((few, 5), (many, 50)):
        authors = [make_member(community) for _ in range(3)]
        for n in range(count):
            topic = make_topic(community, authors[n % 3])
            make_reply(topic, authors[(n + 1) % 3])
    reader = make_member(few)
    make_member(many, reader)
    auth.login(reader)
    client.get("/")  # the first request of a visit also records the visit (once an hour)
    for few_path, many_path in (
        (f"/communities/{few.slug}", f"/communities/{many.slug}"),
        (f"/communities/{few.slug}?category=hard-questions", f"/communities/{many.slug}?category=hard-questions"),
    ):
        few_count = statements_for(client, count_queries, few_path)
        many_count = statements_for(client, count_queries, many_path)
        assert few_count == many_count <= 10, "a list in seven, and the community's people in three"
    assert statements_for(client, count_queries, "/") <= 7
    assert statements_for(client, count_queries, "/categories/hard-questions") <= 7


@pytest.mark.usefixtures("search")
def test_search_page_statement_count_does_not_grow_with_its_hits(client, count_queries, community):
    author = make_member(community)
    for n in range(2):
        make_topic(community, author, title=f"نادر {n}", raw="الكسور")
    for n in range(15):
        make_topic(community, author, title=f"شائع {n}", raw="الواجبات")
    few = statements_for(client, count_queries, "/search?q=الكسور")
    many = statements_for(client, count_queries, "/search?q=الواجبات")
    assert few == many <= 6


def test_unread_and_new_lists_statement_count_does_not_grow_with_their_topics(app, client, auth, count_queries):
    from forum.services import reading

    app.config["TOPICS_PER_PAGE"] = 50
    counts = {}
    for size in (3, 40):
        community = make_community()
        reader, author = make_member(community), make_member(community)
        for n in range(size):
            topic = make_topic(community, author)
            if n % 2:  # half of them read, then answered: unread; the other half never opened: new
                reading.visit_topic(reader, topic, 1)
                make_reply(topic, author)
        auth.login(reader)
        client.get("/")
        page_unread, page_new = client.get("/unread").text, client.get("/new").text
        assert page_unread.count('class="mark-unread"') == size // 2
        assert page_new.count('class="mark-new"') == size - size // 2
        counts[size] = [statements_for(client, count_queries, path) for path in ("/unread", "/new")]
        auth.logout()
    assert counts[3] == counts[40]
    assert max(counts[40]) <= 7


def test_notifications_page_statement_count_does_not_grow_with_its_rows(client, auth, count_queries, community):
    few, many = make_member(community), make_member(community)
    for starter, replies in ((few, 2), (many, 30)):
        topic = make_topic(community, starter)
        for _ in range(replies):
            make_reply(topic)
    counts = []
    for user in (few, many):
        auth.login(user)
        client.get("/")
        counts.append(statements_for(client, count_queries, "/notifications"))
        auth.logout()
    assert counts[0] == counts[1] <= 5


def test_bookmarks_page_and_a_signed_in_topic_page_do_not_grow_with_their_rows(client, auth, count_queries, community):
    few, many = make_member(community), make_member(community)
    topic = make_topic(community)
    posts = [make_reply(topic) for _ in range(30)]
    for post in posts[:2]:
        bookmarks.bookmark(few, post, "للعودة إليها")
    for post in posts:
        bookmarks.bookmark(many, post, "")
    counts = []
    for user in (few, many):
        auth.login(user)
        client.get("/")
        counts.append(
            (
                statements_for(client, count_queries, "/bookmarks"),
                statements_for(client, count_queries, f"/t/{quote(topic.slug)}/{topic.id}"),
            )
        )
        auth.logout()
    assert counts[0] == counts[1]
    assert counts[1][0] <= 5


def test_profile_tabs_do_not_grow_with_their_rows(client, count_queries, community):
    quiet, busy = make_member(community), make_member(community)
    others = [make_member(community) for _ in range(3)]
    for author, count in ((quiet, 2), (busy, 30)):
        topic = make_topic(community, author)
        for n in range(count):
            reply = make_reply(topic, author)
            reactions.react(others[n % 3], reply, "like")
            reactions.react(author, make_reply(topic, others[n % 3]), "thanks")
    communities.set_school(busy, community, "مدرسة الحصن")
    for n in range(4):  # the busy one is in more communities, from a school in each
        elsewhere = make_community()
        make_member(elsewhere, busy, role="coordinator" if n else "member")
        communities.set_school(busy, elsewhere, f"مدرسة {n}")
    for tab in ("topics", "replies", "reactions"):
        counts = [statements_for(client, count_queries, f"/u/{user.username}?tab={tab}") for user in (quiet, busy)]
        assert counts[0] == counts[1] <= 6, tab


def test_a_solved_question_costs_its_page_no_more_statements(client, auth, count_queries, community):
    from forum.services import answers

    solved, unsolved = make_topic(community), make_topic(community)
    for topic in (solved, unsolved):
        for _ in range(3):
            make_reply(topic)
    answers.accept_answer(solved.author, make_reply(solved))
    make_reply(unsolved)
    auth.login(make_member(community))
    client.get("/")  # the first request of a visit also records the visit
    counts = [statements_for(client, count_queries, f"/t/{quote(t.slug)}/{t.id}") for t in (unsolved, solved)]
    assert counts[0] == counts[1]
    few = statements_for(client, count_queries, f"/communities/{community.slug}?category=hard-questions&status=solved")
    for topic in [make_topic(community) for _ in range(6)]:
        answers.accept_answer(topic.author, make_reply(topic))
    many = statements_for(client, count_queries, f"/communities/{community.slug}?category=hard-questions&status=solved")
    assert few == many


def test_the_library_and_curated_topics_do_not_grow_with_their_entries(client, auth, count_queries, community):
    from tests.factories import make_entry

    curator = make_member(community, role="coordinator")
    plain, curated = make_topic(community), make_topic(community)
    for topic in (plain, curated):
        for _ in range(6):
            make_reply(topic)
    auth.login(make_member(community))
    client.get("/")
    pages = ("/library", "/library/feed.atom", f"/t/{quote(curated.slug)}/{curated.id}")
    before = [statements_for(client, count_queries, path) for path in pages]
    for reply in make_reply(curated), make_reply(curated), make_reply(curated):
        make_entry(reply, curator)
    for _ in range(5):
        make_entry(make_reply(make_topic(community)), curator)
    after = [statements_for(client, count_queries, path) for path in pages]
    assert before == after
    assert statements_for(client, count_queries, f"/t/{quote(plain.slug)}/{plain.id}") == after[2]


def test_the_member_directory_statement_count_does_not_grow_with_its_members(app, client, auth, count_queries):
    few, many = make_community(), make_community()
    for community, count in ((few, 2), (many, 30)):
        for n in range(count):
            member = make_member(community)
            member.subjects = ["science", "mathematics"][: n % 3]
            communities.set_school(member, community, f"مدرسة {n % 4}")
        make_member(community, role="coordinator")
    reader = make_member(few)
    make_member(many, reader)
    auth.login(reader)
    client.get("/")
    for query in ("", "?subject=science", "?page=1&subject=mathematics"):
        few_count = statements_for(client, count_queries, f"/communities/{few.slug}/members{query}")
        many_count = statements_for(client, count_queries, f"/communities/{many.slug}/members{query}")
        assert few_count == many_count <= 7
    for community in (few, many):
        community_count = statements_for(client, count_queries, f"/communities/{community.slug}")
        assert community_count <= 10


def test_the_inbox_and_a_conversation_issue_as_many_statements_for_many_rows_as_for_few(
    app, client, auth, count_queries
):
    app.config["POSTS_PER_PAGE"] = 40
    reader = make_user()
    few_people, many_people = [make_user()], [make_user() for _ in range(8)]
    few = messages.start_conversation(few_people[0], [reader], "قليلة", "١")
    many = messages.start_conversation(many_people[0], [reader, *many_people[1:]], "كثيرة", "١")
    for n in range(30):
        messages.reply(many_people[n % 8], many, f"رسالة {n}")
    auth.login(reader)
    client.get("/")
    inbox_few = statements_for(client, count_queries, "/messages")
    for n in range(20):
        messages.start_conversation(many_people[n % 8], [reader, *many_people[:3]], f"محادثة {n}", "نص")
    inbox_many = statements_for(client, count_queries, "/messages")
    assert inbox_few == inbox_many <= 8
    few_count = statements_for(client, count_queries, f"/messages/{few.id}")
    many_count = statements_for(client, count_queries, f"/messages/{many.id}")
    assert few_count == many_count <= 10
