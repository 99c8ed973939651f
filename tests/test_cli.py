from sqlalchemy import func, select, update

from forum import demo
from forum.extensions import db
from forum.markup import COOK_VERSION
from forum.models import Community, Post, Topic, User
from tests.factories import make_reply, make_topic


def test_seed_demo_builds_a_living_arabic_forum_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["forum", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "mona.alqasem" in result.output and demo.PASSWORD in result.output
    assert db.session.scalar(select(func.count(Community.id))) == 3
    topics = db.session.scalar(select(func.count(Topic.id)))
    assert 35 <= topics <= 45
    assert db.session.scalar(select(func.count(Post.id))) > 2 * topics
    kinds = db.session.scalars(select(Topic.category_id).distinct()).all()
    assert len(kinds) == 3
    assert sorted(db.session.scalars(select(Topic.solution).where(Topic.solution != ""))) == ["answer", "synthesis"]
    assert db.session.scalar(select(func.count(Post.id)).where(Post.anonymous)) == 2
    again = runner.invoke(args=["forum", "seed-demo", "--if-empty"])
    assert again.exit_code == 0 and db.session.scalar(select(func.count(User.id))) == len(demo.PEOPLE)
    assert runner.invoke(args=["forum", "seed-demo"]).exit_code != 0


def test_the_demo_shows_whoever_signs_in_new_and_unread_topics(app):
    from forum import queries
    from forum.services import reading

    app.test_cli_runner().invoke(args=["forum", "seed-demo"])
    mona = db.session.scalars(select(User).where(User.username == "mona.alqasem")).one()
    reading.record_visit(mona)
    assert queries.count_new(mona) > 0 and queries.count_unread(mona) > 0


def test_recook_rerenders_posts_cooked_by_an_older_version(app, community):
    topic = make_topic(community, raw="**قديم**")
    make_reply(topic, raw="_حديث_")
    db.session.execute(update(Post).where(Post.post_number == 1).values(cooked="<p>stale</p>", cook_version=0))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["forum", "recook"])
    assert "1" in result.output
    cooked = db.session.scalars(select(Post.cooked).order_by(Post.post_number)).all()
    assert cooked[0] == "<p><strong>قديم</strong></p>"
    assert set(db.session.scalars(select(Post.cook_version))) == {COOK_VERSION}


def test_resync_repairs_topic_counters(app, community):
    topic = make_topic(community)
    make_reply(topic)
    db.session.execute(update(Topic).values(posts_count=99, highest_post_number=0))
    db.session.commit()
    app.test_cli_runner().invoke(args=["forum", "resync"])
    db.session.refresh(topic)
    assert (topic.posts_count, topic.highest_post_number) == (2, 2)


def test_create_admin_makes_the_first_administrator_and_refuses_bad_input(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["forum", "create-admin", "سلمى", "salma@example.org"],
        input="long-enough-password\nlong-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalars(select(User).where(User.username == "سلمى")).one()
    assert admin.role == "admin" and admin.password_hash
    again = runner.invoke(
        args=["forum", "create-admin", "سلمى", "other@example.org", "--password", "long-enough-password"]
    )
    assert again.exit_code != 0 and "مستخدم من قبل" in again.output
    short = runner.invoke(args=["forum", "create-admin", "huda", "huda@example.org", "--password", "short"])
    assert short.exit_code != 0 and db.session.scalar(select(func.count(User.id))) == 1
