"""Numbers in addresses and forms past the database's integer range name nothing: a 404 or a
form error in the reader's language, never an overflow (a 500) in a query, on either engine."""

import pytest

from tests.factories import make_topic

HUGE = ["2147483648", "99999999999999999999"]


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "path", ["/t/{}", "/t/slug/{}", "/t/slug/1/{}", "/p/{}", "/p/{}/revisions", "/library/{}", "/notifications/{}"]
)
def test_ids_past_the_integer_range_are_not_found(member_client, path, number):
    assert member_client.get(path.format(number)).status_code == 404


def test_a_reply_to_a_post_number_past_the_range_is_a_form_error(community, member, member_client):
    topic = make_topic(community)
    response = member_client.post(
        f"/t/{topic.id}/reply", data={"raw": "رد على رد", "reply_to": "100000000000000000000"}
    )
    assert response.status_code == 422
    assert member_client.post(f"/t/{topic.id}/reply", data={"raw": "رد", "reply_to": "1e20"}).status_code == 422


def test_merging_into_a_topic_past_the_range_is_a_form_error(client, auth, community):
    from tests.factories import make_member

    auth.login(make_member(community, role="coordinator"))
    topic = make_topic(community)
    response = client.post(f"/t/{topic.id}/merge", data={"into": "#99999999999999999999", "reason": ""})
    assert response.status_code == 422
