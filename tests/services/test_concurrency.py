"""Replies arriving at the same moment, from separate connections, on the real engines."""

import threading

from forum.extensions import db
from forum.models import Post, Topic, User
from forum.services import posting
from tests.factories import make_member, make_topic

WRITERS = 8
REPLIES_EACH = 3


def _reply_concurrently(app, topic_id, user_ids):
    start = threading.Barrier(len(user_ids))
    failures = []

    def write(user_id):
        try:
            with app.app_context():
                user, topic = db.session.get(User, user_id), db.session.get(Topic, topic_id)
                start.wait()
                for n in range(REPLIES_EACH):
                    posting.create_reply(user, topic, f"رد متزامن {user_id}-{n}")
                    db.session.refresh(topic)
        except Exception as error:  # reported below, with the thread's error
            failures.append(error)

    threads = [threading.Thread(target=write, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures


def test_simultaneous_replies_each_get_their_own_number_and_are_all_counted(app, community):
    topic = make_topic(community)
    user_ids = [make_member(community).id for _ in range(WRITERS)]
    db.session.commit()

    failures = _reply_concurrently(app, topic.id, user_ids)

    assert failures == []
    db.session.expire_all()
    numbers = sorted(db.session.scalars(db.select(Post.post_number).where(Post.topic_id == topic.id)))
    total = 1 + WRITERS * REPLIES_EACH
    assert numbers == list(range(1, total + 1))
    topic = db.session.get(Topic, topic.id)
    assert (topic.posts_count, topic.highest_post_number) == (total, total)
