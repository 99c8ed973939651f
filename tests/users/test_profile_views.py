"""A member's page: figures, communities and activity, counting only what the viewer may read."""

import re

from forum.services import reactions
from tests.factories import make_community, make_member, make_reply, make_topic, make_user


def figures(page):
    return [int(n) for n in re.findall(r"<dd>(\d+)</dd>", page.text)]


def test_figures_and_each_tab_of_activity(client, community):
    mona = make_member(community, make_user("mona", display_name="منى القاسم"))
    khaled = make_member(community, make_user("khaled", display_name="خالد الحداد"))
    topic = make_topic(community, mona, title="التعلم بالمشروع في العلوم")
    reply = make_reply(topic, khaled, raw="جرّبنا مشروع الطاقة الشمسية مع الصف الثامن.")
    reactions.react(mona, reply, "thanks")
    make_reply(make_topic(community, khaled, title="تقويم الكتابة"), mona, raw="أستعمل سلّم تقدير من أربع درجات.")
    page = client.get("/u/mona")
    assert figures(page) == [1, 1, 1, 0]  # topics, replies, reactions given, received
    assert "التعلم بالمشروع في العلوم" in page.text
    replies = client.get("/u/mona?tab=replies")
    assert "تقويم الكتابة" in replies.text and "أستعمل سلّم تقدير من أربع درجات." in replies.text
    assert "التعلم بالمشروع في العلوم" not in replies.text
    given = client.get("/u/mona?tab=reactions").text
    assert "منى القاسم" in given and "خالد الحداد" in given and "شكرًا على المشاركة" in given
    assert figures(client.get("/u/khaled")) == [1, 1, 0, 1]
    assert "التعلم بالمشروع في العلوم" in client.get("/u/khaled?tab=reactions").text


def test_members_only_activity_is_not_counted_or_shown_to_outsiders(client, auth, community):
    private = make_community(visibility="members")
    mona = make_member(private, make_user("mona"))
    make_reply(make_topic(private, mona, title="نقاش داخلي عن التقويم"), mona, raw="رد داخلي سري")
    assert figures(client.get("/u/mona")) == [0, 0, 0, 0]
    for tab in ("topics", "replies", "reactions"):
        assert "نقاش داخلي" not in client.get(f"/u/mona?tab={tab}").text
    auth.login(make_member(private))
    assert figures(client.get("/u/mona")) == [1, 1, 0, 0]
    assert "رد داخلي سري" in client.get("/u/mona?tab=replies").text


def test_an_unknown_tab_or_user_is_404(client, member):
    assert client.get(f"/u/{member.username}?tab=secrets").status_code == 404
    assert client.get("/u/nobody-here").status_code == 404
