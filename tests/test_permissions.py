"""Who may see and do what, rule by rule, without HTTP: every can_* and is_* rule of
forum.permissions against every role.

Each test builds one cast and asserts the set of roles a rule lets through, so a failure shows
exactly which roles differ. The roles: nobody signed in, a member of another community, a
member, a coordinator of another community, the community's coordinator, a mentor assigned to
another community, a mentor assigned to this one, a site moderator and an admin; and, where a
rule has an author clause, the author of the topic or post (a plain member).
tests/moderation/test_authorization.py checks that the endpoints follow these rules.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import permissions
from forum.extensions import db
from forum.models import Community, Membership, Topic
from forum.models.base import utcnow
from forum.services import answers, moderation
from tests.factories import category, make_cast, make_community, make_member, make_reply, make_topic

ROLES = (
    "anonymous",
    "outsider",
    "member",
    "other_coordinator",
    "coordinator",
    "other_mentor",
    "mentor",
    "moderator",
    "admin",
)
WITH_AUTHOR = (*ROLES, "author")

# The spec, in sets of roles.
NOBODY = set()
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
AUTHOR = {"author"}
STAFF = {"moderator", "admin"}
ADMINS = {"admin"}
# The community's members, whatever their role in it.
MEMBERS = {"member", "coordinator", "mentor"}
# Signed in, and not members: those who may join.
NON_MEMBERS = SIGNED_IN - MEMBERS
# Who starts topics and replies: members, and site staff anywhere.
WRITERS = MEMBERS | STAFF
# Who reads a members-only community.
INSIDERS = MEMBERS | STAFF
MODERATORS = {"coordinator"} | STAFF
CURATORS = MODERATORS | {"mentor"}
# The review queue opens to coordinators of any community; the nominations queue to curators of any.
REVIEWERS = STAFF | {"coordinator", "other_coordinator"}
ANY_CURATORS = REVIEWERS | {"mentor", "other_mentor"}
# Accounts younger than NEW_USER_HOURS, and untrusted: the whole cast but staff.
NEW_ACCOUNTS = SIGNED_IN - STAFF


@pytest.fixture
def other(app):
    return make_community()


@pytest.fixture
def cast(community, other):
    return make_cast(community, other)


@pytest.fixture
def private(app):
    return make_community(visibility="members")


@pytest.fixture
def private_cast(private, other):
    return make_cast(private, other)


def allowed(cast, rule, *args, roles=ROLES):
    """The roles for whom rule(user, *args) holds."""
    return {role for role in roles if rule(cast[role], *args)}


def commit(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    db.session.commit()


# Site-wide rules ------------------------------------------------------------------------------

SITE_WIDE = [
    (permissions.is_authenticated, SIGNED_IN),
    (permissions.is_staff, STAFF),
    (permissions.can_pin_globally, STAFF),
    (permissions.can_moderate_users, STAFF),
    (permissions.can_view_staff_log, STAFF),
    (permissions.can_manage_communities, ADMINS),
    (permissions.can_grant_roles, ADMINS),
    (permissions.can_review, REVIEWERS),
    (permissions.is_curator, ANY_CURATORS),
]


@pytest.mark.parametrize("rule, expected", SITE_WIDE, ids=[rule.__name__ for rule, _ in SITE_WIDE])
def test_site_wide_rules(cast, rule, expected):
    assert allowed(cast, rule) == expected


def test_is_new_user_a_fresh_account(cast):
    assert allowed(cast, permissions.is_new_user) == NEW_ACCOUNTS


def test_is_new_user_no_longer_after_new_user_hours(app, cast):
    hours = app.config["NEW_USER_HOURS"]
    for role in SIGNED_IN:
        cast[role].created_at = utcnow() - timedelta(hours=hours, minutes=1)
    db.session.commit()
    assert allowed(cast, permissions.is_new_user) == NOBODY


def test_is_new_user_no_longer_once_trusted(cast):
    for role in SIGNED_IN:
        cast[role].trust_level = 1
    db.session.commit()
    assert allowed(cast, permissions.is_new_user) == NOBODY


# A community's rules ---------------------------------------------------------------------------


def test_is_member(cast, community):
    assert allowed(cast, permissions.is_member, community) == MEMBERS


def test_is_coordinator(cast, community):
    assert allowed(cast, permissions.is_coordinator, community) == {"coordinator"}


def test_can_moderate(cast, community):
    assert allowed(cast, permissions.can_moderate, community) == MODERATORS


def test_can_curate(cast, community):
    assert allowed(cast, permissions.can_curate, community) == CURATORS


def test_can_manage_members(cast, community):
    assert allowed(cast, permissions.can_manage_members, community) == MODERATORS


def test_can_change_community_settings(cast, community):
    assert allowed(cast, permissions.can_change_community_settings, community) == MODERATORS


def membership(user, community):
    return db.session.get(Membership, (user.id, community.id))


def test_can_remove_member_a_member(cast, community):
    removed = membership(make_member(community), community)
    assert allowed(cast, permissions.can_remove_member, community, removed) == MODERATORS


def test_can_remove_member_a_mentor_only_staff(cast, community):
    removed = membership(make_member(community, role="mentor"), community)
    assert allowed(cast, permissions.can_remove_member, community, removed) == STAFF


def test_can_remove_member_a_coordinator_only_staff(cast, community):
    removed = membership(make_member(community, role="coordinator"), community)
    assert allowed(cast, permissions.can_remove_member, community, removed) == STAFF


def test_can_remove_member_nobody_removes_themselves(cast, community):
    """Each signed-in role, made a member of the community if not one already, on their own
    membership: they leave instead."""
    for role in SIGNED_IN - MEMBERS:
        make_member(community, cast[role])
    own = {role: membership(cast[role], community) for role in SIGNED_IN}
    removing_themselves = {
        role for role in SIGNED_IN if permissions.can_remove_member(cast[role], community, own[role])
    }
    assert removing_themselves == NOBODY


def test_can_leave(cast, community):
    assert allowed(cast, permissions.can_leave, community) == MEMBERS


def test_can_join_an_open_public_community(cast, community):
    assert allowed(cast, permissions.can_join, community) == NON_MEMBERS


def test_can_join_not_where_it_admits_by_request(cast, community):
    commit(community, join_policy="request")
    assert allowed(cast, permissions.can_join, community) == NOBODY


def test_can_join_a_members_only_community_nobody(private_cast, private):
    """Only its invitations bring anyone in."""
    assert private.join_policy == "invitation"
    assert allowed(private_cast, permissions.can_join, private) == NOBODY


def test_can_request_to_join_where_it_admits_by_request(cast, community):
    commit(community, join_policy="request")
    assert allowed(cast, permissions.can_request_to_join, community) == NON_MEMBERS


def test_can_request_to_join_not_an_open_community(cast, community):
    assert allowed(cast, permissions.can_request_to_join, community) == NOBODY


def test_can_request_to_join_a_members_only_community_only_those_who_see_it(private_cast, private):
    commit(private, join_policy="request")
    assert allowed(private_cast, permissions.can_request_to_join, private) == STAFF


def test_can_view_community_public(cast, community):
    assert allowed(cast, permissions.can_view_community, community) == EVERYONE


def test_can_view_community_members_only(private_cast, private):
    assert allowed(private_cast, permissions.can_view_community, private) == INSIDERS


def test_can_create_topic_public(cast, community):
    assert allowed(cast, permissions.can_create_topic, community) == WRITERS


def test_can_create_topic_members_only(private_cast, private):
    assert allowed(private_cast, permissions.can_create_topic, private) == WRITERS


def test_must_hold_where_the_community_holds_new_accounts(cast, community):
    """New accounts' posts wait for approval, but not those of the community's moderators."""
    commit(community, hold_new_posts=True)
    assert allowed(cast, permissions.must_hold, community) == NEW_ACCOUNTS - MODERATORS


def test_must_hold_nobody_where_the_community_does_not(cast, community):
    assert allowed(cast, permissions.must_hold, community) == NOBODY


def test_can_post_anonymously_in_failures_only_where_the_community_allows(community):
    kinds = ("failures", "practices", "questions")
    assert {kind for kind in kinds if permissions.can_post_anonymously(community, category(kind))} == {"failures"}
    commit(community, anonymous_posts=False)
    assert {kind for kind in kinds if permissions.can_post_anonymously(community, category(kind))} == NOBODY


# Topics -------------------------------------------------------------------------------------


def test_can_view_topic_public(cast, community):
    topic = make_topic(community, cast["author"])
    assert allowed(cast, permissions.can_view_topic, topic, roles=WITH_AUTHOR) == EVERYONE | AUTHOR


def test_can_view_topic_members_only(private_cast, private):
    topic = make_topic(private, private_cast["author"])
    assert allowed(private_cast, permissions.can_view_topic, topic, roles=WITH_AUTHOR) == INSIDERS | AUTHOR


def test_can_view_topic_deleted_only_its_moderators(cast, community):
    topic = make_topic(community, cast["author"])
    moderation.delete_topic(cast["coordinator"], topic)
    assert allowed(cast, permissions.can_view_topic, topic, roles=WITH_AUTHOR) == MODERATORS


def test_can_view_topic_held_its_author_and_moderators(cast, community):
    commit(community, hold_new_posts=True)
    topic = make_topic(community, cast["author"])
    assert topic.held
    assert allowed(cast, permissions.can_view_topic, topic, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_reply_public(cast, community):
    topic = make_topic(community, cast["author"])
    assert allowed(cast, permissions.can_reply, topic, roles=WITH_AUTHOR) == WRITERS | AUTHOR


def test_can_reply_members_only(private_cast, private):
    topic = make_topic(private, private_cast["author"])
    assert allowed(private_cast, permissions.can_reply, topic, roles=WITH_AUTHOR) == WRITERS | AUTHOR


def test_can_reply_closed_nobody(cast, community):
    topic = make_topic(community, cast["author"])
    moderation.set_topic_state(cast["coordinator"], topic, "close")
    assert allowed(cast, permissions.can_reply, topic, roles=WITH_AUTHOR) == NOBODY


def test_can_reply_archived_nobody(cast, community):
    topic = make_topic(community, cast["author"])
    commit(topic, archived=True)
    assert allowed(cast, permissions.can_reply, topic, roles=WITH_AUTHOR) == NOBODY


def test_can_react_public(cast, community):
    """Any reader who may write (the service refuses reacting to one's own post)."""
    topic = make_topic(community, cast["author"])
    assert allowed(cast, permissions.can_react, topic, roles=WITH_AUTHOR) == SIGNED_IN | AUTHOR


def test_can_react_members_only(private_cast, private):
    topic = make_topic(private, private_cast["author"])
    assert allowed(private_cast, permissions.can_react, topic, roles=WITH_AUTHOR) == INSIDERS | AUTHOR


# Posts --------------------------------------------------------------------------------------


def authors_reply(cast, community, **kwargs):
    """A reply by the author to a question by someone else."""
    return make_reply(make_topic(community), cast["author"], **kwargs)


def test_can_view_post_public(cast, community):
    post = authors_reply(cast, community)
    assert allowed(cast, permissions.can_view_post, post, post.topic, roles=WITH_AUTHOR) == EVERYONE | AUTHOR


def test_can_view_post_members_only(private_cast, private):
    post = authors_reply(private_cast, private)
    assert allowed(private_cast, permissions.can_view_post, post, post.topic, roles=WITH_AUTHOR) == INSIDERS | AUTHOR


def test_can_view_post_hidden_its_author_and_moderators(cast, community):
    post = authors_reply(cast, community)
    moderation.hide_post(cast["coordinator"], post)
    assert allowed(cast, permissions.can_view_post, post, post.topic, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_view_post_held_its_author_and_moderators(cast, community):
    topic = make_topic(community)
    commit(community, hold_new_posts=True)
    post = make_reply(topic, cast["author"])
    assert post.held
    assert allowed(cast, permissions.can_view_post, post, topic, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_view_post_deleted_only_its_moderators(cast, community):
    post = authors_reply(cast, community)
    moderation.delete_post(cast["coordinator"], post)
    assert allowed(cast, permissions.can_view_post, post, post.topic, roles=WITH_AUTHOR) == MODERATORS


def test_can_see_hidden_post(cast, community):
    post = authors_reply(cast, community)
    moderation.hide_post(cast["coordinator"], post)
    assert allowed(cast, permissions.can_see_hidden_post, post, post.topic, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_edit_post_its_author_and_moderators(cast, community):
    post = authors_reply(cast, community)
    assert allowed(cast, permissions.can_edit_post, post, post.topic, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_edit_post_members_only(private_cast, private):
    post = authors_reply(private_cast, private)
    assert allowed(private_cast, permissions.can_edit_post, post, post.topic, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_edit_post_archived_only_moderators(cast, community):
    post = authors_reply(cast, community)
    commit(post.topic, archived=True)
    assert allowed(cast, permissions.can_edit_post, post, post.topic, roles=WITH_AUTHOR) == MODERATORS


def test_can_flag_public_everyone_signed_in_but_the_author(cast, community):
    post = authors_reply(cast, community)
    assert allowed(cast, permissions.can_flag, post, post.topic, roles=WITH_AUTHOR) == SIGNED_IN


def test_can_flag_members_only(private_cast, private):
    post = authors_reply(private_cast, private)
    assert allowed(private_cast, permissions.can_flag, post, post.topic, roles=WITH_AUTHOR) == INSIDERS


def test_can_nominate_public_everyone_signed_in_but_the_author(cast, community):
    post = authors_reply(cast, community)
    assert allowed(cast, permissions.can_nominate, post, post.topic, roles=WITH_AUTHOR) == SIGNED_IN


def test_can_nominate_members_only(private_cast, private):
    post = authors_reply(private_cast, private)
    assert allowed(private_cast, permissions.can_nominate, post, post.topic, roles=WITH_AUTHOR) == INSIDERS


def test_can_promote_public(cast, community):
    post = authors_reply(cast, community)
    assert allowed(cast, permissions.can_promote, post, post.topic, roles=WITH_AUTHOR) == CURATORS


def test_can_promote_members_only(private_cast, private):
    post = authors_reply(private_cast, private)
    assert allowed(private_cast, permissions.can_promote, post, post.topic, roles=WITH_AUTHOR) == CURATORS


def test_can_reveal_author_of_an_anonymous_post(cast, community):
    post = make_reply(make_topic(community, kind="failures"), cast["author"], anonymous=True)
    assert allowed(cast, permissions.can_reveal_author, post, post.topic, roles=WITH_AUTHOR) == MODERATORS


def test_can_reveal_author_nobody_of_a_named_post(cast, community):
    post = authors_reply(cast, community)
    assert allowed(cast, permissions.can_reveal_author, post, post.topic, roles=WITH_AUTHOR) == NOBODY


# Hard questions: the author below is the asker ---------------------------------------------


def test_can_accept_answer_the_asker_and_moderators(cast, community):
    question = make_topic(community, cast["author"])
    assert allowed(cast, permissions.can_accept_answer, question, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_accept_answer_members_only(private_cast, private):
    question = make_topic(private, private_cast["author"])
    assert allowed(private_cast, permissions.can_accept_answer, question, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_accept_answer_nobody_outside_hard_questions(cast, community):
    practice = make_topic(community, cast["author"], kind="practices")
    assert allowed(cast, permissions.can_accept_answer, practice, roles=WITH_AUTHOR) == NOBODY


def test_can_write_synthesis_moderators(cast, community):
    question = make_topic(community, cast["author"])
    assert allowed(cast, permissions.can_write_synthesis, question, roles=WITH_AUTHOR) == MODERATORS


def test_can_write_synthesis_nobody_outside_hard_questions(cast, community):
    practice = make_topic(community, cast["author"], kind="practices")
    assert allowed(cast, permissions.can_write_synthesis, practice, roles=WITH_AUTHOR) == NOBODY


def test_can_unmark_solution_an_accepted_answer_the_asker_and_moderators(cast, community):
    question = make_topic(community, cast["author"])
    answers.accept_answer(cast["author"], make_reply(question))
    assert allowed(cast, permissions.can_unmark_solution, question, roles=WITH_AUTHOR) == MODERATORS | AUTHOR


def test_can_unmark_solution_a_synthesis_only_moderators(cast, community):
    question = make_topic(community, cast["author"])
    answers.write_synthesis(cast["coordinator"], question, "خلاصة ما اتفقنا عليه")
    assert allowed(cast, permissions.can_unmark_solution, question, roles=WITH_AUTHOR) == MODERATORS


# Silenced users -------------------------------------------------------------------------------


def test_a_silenced_user_may_write_nothing(cast, community):
    """Every rule that writes, for a cast all silenced: nobody, whatever their role."""
    question = make_topic(community, cast["author"])
    post = make_reply(question, make_member(community))
    for role in SIGNED_IN | AUTHOR:
        cast[role].silenced_until = utcnow() + timedelta(days=1)
    db.session.commit()
    writes = {
        "can_create_topic": allowed(cast, permissions.can_create_topic, community, roles=WITH_AUTHOR),
        "can_reply": allowed(cast, permissions.can_reply, question, roles=WITH_AUTHOR),
        "can_react": allowed(cast, permissions.can_react, question, roles=WITH_AUTHOR),
        "can_edit_post": allowed(cast, permissions.can_edit_post, post, question, roles=WITH_AUTHOR),
        "can_flag": allowed(cast, permissions.can_flag, post, question, roles=WITH_AUTHOR),
        "can_nominate": allowed(cast, permissions.can_nominate, post, question, roles=WITH_AUTHOR),
        "can_curate": allowed(cast, permissions.can_curate, community, roles=WITH_AUTHOR),
        "can_promote": allowed(cast, permissions.can_promote, post, question, roles=WITH_AUTHOR),
        "can_accept_answer": allowed(cast, permissions.can_accept_answer, question, roles=WITH_AUTHOR),
        "can_write_synthesis": allowed(cast, permissions.can_write_synthesis, question, roles=WITH_AUTHOR),
    }
    assert writes == dict.fromkeys(writes, NOBODY)


# The SQL clauses say the same as the rules ---------------------------------------------------------


def test_visible_topics_clause_lists_exactly_the_topics_can_view_topic_opens(cast, community, other, private):
    make_member(private, cast["member"])
    make_member(private, cast["coordinator"], role="coordinator")
    deleted = make_topic(community)
    moderation.delete_topic(cast["coordinator"], deleted)
    commit(community, hold_new_posts=True)
    held = make_topic(community, cast["author"])
    commit(community, hold_new_posts=False)
    topics = [make_topic(community), make_topic(other), make_topic(private), deleted, held]

    def by_rule(user):
        return {topic.id for topic in topics if permissions.can_view_topic(user, topic)}

    def by_clause(user):
        stmt = select(Topic.id).join(Community).where(permissions.visible_topics_clause(user))
        return set(db.session.scalars(stmt))

    assert {role for role in WITH_AUTHOR if by_clause(cast[role]) != by_rule(cast[role])} == NOBODY


def test_moderated_and_curated_communities_clauses_agree_with_can_moderate_and_can_curate(cast, community, other):
    communities = [community, other]

    def differ(rule, clause, user):
        by_rule = {c.id for c in communities if rule(user, c)}
        by_clause = set(db.session.scalars(select(Community.id).where(clause(user, Community.id))))
        return by_rule != by_clause

    assert {
        role for role in ROLES if differ(permissions.can_moderate, permissions.moderated_communities_clause, cast[role])
    } == NOBODY
    assert {
        role for role in ROLES if differ(permissions.can_curate, permissions.curated_communities_clause, cast[role])
    } == NOBODY
