"""One owner per transaction: a service whose write is refused, however late the refusal
comes, leaves the database exactly as it was, even when something commits afterwards."""
import pytest

from forum.extensions import db
from forum.models import Post
from forum.services import answers, posting, revising
from forum.services.errors import InvalidInput, TopicClosed
from tests.factories import category, database_rows, make_member, make_topic, make_user

LINKS = "روابط: https://a.example https://b.example https://c.example https://d.example"


@pytest.fixture
def newcomer(community):
    """A new account: its posts may link out at most twice (a refusal that comes after cooking)."""
    user = make_member(community, make_user())
    assert user.trust_level == 0
    return user


def refused_and_unchanged(write, error=InvalidInput):
    before = database_rows()
    with pytest.raises(error):
        write()
    db.session.commit()  # whatever the request does next must not store half of the refused write
    assert database_rows() == before


def test_a_reply_refused_after_cooking_leaves_no_trace(community, newcomer):
    topic = make_topic(community)
    refused_and_unchanged(lambda: posting.create_reply(newcomer, topic, LINKS))


def test_a_topic_refused_after_cooking_leaves_no_trace(community, newcomer):
    refused_and_unchanged(lambda: posting.create_topic(newcomer, community, category("practices"),
                                                       "عنوان موضوع جديد", LINKS))


def test_an_edit_refused_after_cooking_leaves_no_trace(community, newcomer):
    topic = make_topic(community, newcomer)
    opening = db.session.scalars(db.select(Post).where(Post.topic_id == topic.id)).one()
    refused_and_unchanged(lambda: revising.revise_post(newcomer, opening, LINKS, title="عنوان آخر تماما"))


def test_a_synthesis_refused_after_cooking_leaves_no_trace(app, community):
    app.config["MAX_MENTIONS_PER_POST"] = 1
    coordinator = make_member(community, role="coordinator")
    names = [make_member(community).username for _ in range(2)]
    topic = make_topic(community)
    refused_and_unchanged(lambda: answers.write_synthesis(coordinator, topic, " ".join("@" + n for n in names)))


def test_a_reply_to_a_topic_closed_meanwhile_leaves_no_trace(community):
    topic = make_topic(community)
    replier = make_member(community)
    db.session.execute(db.update(type(topic)).where(type(topic).id == topic.id).values(closed=True))
    db.session.commit()
    topic.closed = False  # the reader's copy is stale: the claim of a number finds it closed
    refused_and_unchanged(lambda: posting.create_reply(replier, topic, "رد"), TopicClosed)


def test_a_reply_to_a_post_number_past_any_id_is_refused(community, member):
    topic = make_topic(community)
    refused_and_unchanged(lambda: posting.create_reply(member, topic, "رد", reply_to=10**20))
