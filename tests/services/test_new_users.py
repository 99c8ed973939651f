"""The new-account tier: a new member's post links out to at most NEW_USER_MAX_LINKS sites;
mentions and quotes are not links out; the limit lifts with time or trust."""

from datetime import timedelta

import pytest

from forum.extensions import db
from forum.services import posting, revising
from forum.services.errors import InvalidInput
from tests.factories import make_member, make_reply, make_topic

LINKS = "انظروا https://example.com/1 و https://example.org/2 و [هنا](https://example.net/3)"
TWO_LINKS = "انظروا https://example.com/1 و [راسلونا](mailto:office@example.org)"


def test_a_new_member_posts_two_links_out_not_three(community):
    topic = make_topic(community)
    newcomer = make_member(community)
    assert posting.create_reply(newcomer, topic, TWO_LINKS).cooked.count("<a ") == 2
    with pytest.raises(InvalidInput) as error:
        posting.create_reply(newcomer, topic, LINKS)
    assert error.value.field == "raw" and "2" in str(error.value.message)
    with pytest.raises(InvalidInput):
        posting.create_topic(newcomer, community, topic.category, "روابط كثيرة في موضوع", LINKS)


def test_mentions_and_quotes_are_not_links_out(community):
    topic = make_topic(community)
    quoted = make_reply(topic)
    colleagues = [make_member(community) for _ in range(3)]
    raw = " ".join(f"@{c.username}" for c in colleagues) + f" [كما قيل](/p/{quoted.id}) https://example.com"
    assert posting.create_reply(make_member(community), topic, raw).cooked.count('class="mention"') == 3


def test_the_limit_lifts_with_time_or_trust_and_holds_for_edits(app, community):
    topic = make_topic(community)
    settled, trusted, newcomer = make_member(community), make_member(community), make_member(community)
    settled.created_at -= timedelta(hours=app.config["NEW_USER_HOURS"] + 1)
    trusted.trust_level = 1
    db.session.commit()
    assert posting.create_reply(settled, topic, LINKS)
    assert posting.create_reply(trusted, topic, LINKS)
    reply = posting.create_reply(newcomer, topic, "رد بلا روابط")
    with pytest.raises(InvalidInput):
        revising.revise_post(newcomer, reply, LINKS)
    assert reply.raw == "رد بلا روابط"


def test_the_preview_says_so_before_sending(client, auth, community):
    auth.login(make_member(community))
    response = client.post("/preview", data={"raw": LINKS})
    assert response.status_code == 422 and "رابطين على الأكثر" in response.json["error"]
