"""Who may see and do what. The only home of these rules: views, services, queries and
templates all ask here."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, exists, false, or_, select, true

from forum.extensions import db
from forum.models import Community, Membership, Message, MessageUpload, Participant, Post, PostUpload, Topic, User
from forum.models.base import utcnow
from forum.models.user import STAFF_ROLES


def is_authenticated(user):
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_staff(user):
    return is_authenticated(user) and user.is_staff


def community_roles(user) -> dict[int, str]:
    """The user's role in each of their communities, read once per user object."""
    if not is_authenticated(user):
        return {}
    roles = user.__dict__.get("_community_roles")
    if roles is None:
        rows = db.session.execute(select(Membership.community_id, Membership.role).where(Membership.user_id == user.id))
        roles = dict(rows.all())
        user.__dict__["_community_roles"] = roles
    return roles


def forget_community_roles(user):
    user.__dict__.pop("_community_roles", None)


def is_member(user, community):
    return community.id in community_roles(user)


def is_coordinator(user, community):
    return community_roles(user).get(community.id) == "coordinator"


def visible_communities_clause(user):
    """A WHERE clause on Community: the communities whose content this user may read."""
    if is_staff(user):
        return Community.id.is_not(None)
    member_of = list(community_roles(user))
    return or_(Community.visibility == "public", Community.id.in_(member_of))


def can_view_community(user, community):
    return community.is_public or is_staff(user) or is_member(user, community)


def audience_clause(community):
    """A WHERE clause on User, with each user's Membership of community outer-joined: those
    who may be told about its content (who can read it, and are not suspended)."""
    now = utcnow()
    active = or_(User.suspended_until.is_(None), User.suspended_until <= now)
    if community.is_public:
        return active
    return and_(or_(Membership.user_id.is_not(None), User.role.in_(STAFF_ROLES)), active)


def can_moderate(user, community):
    """Site staff everywhere; a coordinator in their own community."""
    return is_staff(user) or (is_authenticated(user) and is_coordinator(user, community))


def _may_ask_to_join(user, community, policy):
    return (
        is_authenticated(user)
        and community.join_policy == policy
        and can_view_community(user, community)
        and not is_member(user, community)
    )


def can_join(user, community):
    """Joining on one's own, in a community open to all who see it."""
    return _may_ask_to_join(user, community, "open")


def can_request_to_join(user, community):
    return _may_ask_to_join(user, community, "request")


def can_manage_members(user, community):
    """The member list, join requests, invitations and removals: the community's moderators."""
    return can_moderate(user, community)


def can_name_school(user):
    """Adding a school to a community's list (shown on its page) by naming it as one's own: as
    posting (not before the address is confirmed, nor while silenced or suspended)."""
    return _can_write(user)


def can_see_directory(user, community):
    """Who is in a community, from which school, teaching what: its members and its moderators."""
    return is_member(user, community) or can_manage_members(user, community)


def can_remove_member(user, community, membership):
    """A coordinator removes members; site staff remove coordinators and mentors too; nobody
    removes themselves (they leave)."""
    return (
        can_manage_members(user, community)
        and membership.user_id != user.id
        and (membership.role == "member" or is_staff(user))
    )


def can_leave(user, community):
    return is_authenticated(user) and is_member(user, community)


def _can_write(user):
    """Posting, reacting, flagging: not while silenced or suspended, nor before the account's
    email address is confirmed (forum.services.addresses)."""
    return is_authenticated(user) and user.email_confirmed and not user.is_silenced() and not user.is_suspended()


def can_create_topic(user, community):
    return _can_write(user) and (is_member(user, community) or is_staff(user))


def can_view_topic(user, topic):
    """Its community's readers; a deleted topic only its moderators; one whose opening post
    waits for approval only its author and its moderators. visible_topics_clause says the same
    in SQL."""
    if not can_view_community(user, topic.community):
        return False
    if can_moderate(user, topic.community):
        return True
    return topic.deleted_at is None and (not topic.held or (is_authenticated(user) and topic.user_id == user.id))


def visible_topics_clause(user):
    """A WHERE clause on Topic (joined to its Community): the topics whose pages the user may
    open, as can_view_topic decides one by one."""
    if is_staff(user):
        return Topic.id.is_not(None)
    mine = Topic.user_id == user.id if is_authenticated(user) else false()
    return and_(
        visible_communities_clause(user),
        or_(
            moderated_communities_clause(user, Topic.community_id),
            and_(Topic.deleted_at.is_(None), or_(Topic.held.is_(False), mine)),
        ),
    )


def can_view_post(user, post, topic):
    """A post itself: in a topic the user may open, not deleted (but for its moderators), and
    not hidden (but for its author and moderators)."""
    if not can_view_topic(user, topic):
        return False
    if post.deleted_at is not None and not can_moderate(user, topic.community):
        return False
    return not post.hidden or can_see_hidden_post(user, post, topic)


def shown_in_topic_clause(user, topic):
    """A WHERE clause on Post: which of a topic's posts its page shows the user. Its moderators
    see them all; others not the deleted ones, nor those waiting for approval but their own
    (hidden posts show as such, with why)."""
    if can_moderate(user, topic.community):
        return true()
    mine = Post.user_id == user.id if is_authenticated(user) else false()
    return and_(Post.deleted_at.is_(None), or_(Post.held.is_(False), mine))


def listed_posts_clause(user):
    """A WHERE clause on Post (joined to its Topic and Community): the posts that lists, counts
    and searches show the user: readable by everyone who may open the topic (not deleted, not
    hidden, not held), in a topic the user may open that is not deleted itself."""
    return and_(
        Post.deleted_at.is_(None),
        Post.hidden.is_(False),
        Post.held.is_(False),
        Topic.deleted_at.is_(None),
        visible_topics_clause(user),
    )


def can_reply(user, topic):
    """Whether the reply button is offered; a closed topic offers it to nobody."""
    return (
        not topic.closed
        and not topic.archived
        and can_view_topic(user, topic)
        and can_create_topic(user, topic.community)
    )


def can_edit_post(user, post, topic):
    if not _can_write(user) or not can_view_topic(user, topic):
        return False
    if can_moderate(user, topic.community):
        return True
    return post.user_id == user.id and not topic.archived


def can_react(user, topic):
    """Any reader who may write reacts to posts they can see (never to their own: the service
    says so with its own message)."""
    return _can_write(user) and can_view_topic(user, topic)


def can_upload(user):
    """Sharing files: whoever may post (forum.services.uploads)."""
    return _can_write(user)


def readable_posts_clause(user):
    """A WHERE clause on Post (joined to its Topic and Community): the posts the user may read
    on their topic's page, as can_view_post decides one by one (a hidden or held post only its
    author and moderators; a deleted one only its moderators)."""
    mine = Post.user_id == user.id if is_authenticated(user) else false()
    readable = and_(Post.hidden.is_(False), Post.held.is_(False))
    return and_(
        visible_topics_clause(user),
        or_(
            moderated_communities_clause(user, Topic.community_id), and_(Post.deleted_at.is_(None), or_(readable, mine))
        ),
    )


def readable_file_clause(user, sha):
    """A WHERE clause: the uploaded file of this hash (a value or a column) is one the user may
    have: shown by a post the user may read or by a message of one of the user's conversations,
    or a profile picture (shown wherever its owner's name is). The uploader's own files, shown
    nowhere yet, are the uploads service's to add."""
    in_post = (
        select(PostUpload.post_id)
        .join(Post, Post.id == PostUpload.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .join(Community, Community.id == Topic.community_id)
        .where(PostUpload.sha256 == sha, readable_posts_clause(user))
    )
    in_message = (
        select(MessageUpload.message_id)
        .join(Message, Message.id == MessageUpload.message_id)
        .where(
            MessageUpload.sha256 == sha,
            Message.removed_at.is_(None),
            in_conversation_clause(user, Message.conversation_id),
        )
    )
    return or_(in_post.exists(), in_message.exists(), exists().where(User.avatar_sha256 == sha))


def can_send_messages(user):
    """Private messages: as posting (a confirmed address, not silenced nor suspended)."""
    return _can_write(user)


def in_conversation_clause(user, conversation_id):
    """A WHERE clause: the user takes part in the conversation of that id (a column). Only its
    participants read a conversation; nobody else, administrators included."""
    if not is_authenticated(user):
        return false()
    return exists().where(Participant.conversation_id == conversation_id, Participant.user_id == user.id)


def in_conversation(user, conversation):
    """in_conversation_clause, for a conversation whose participants are loaded."""
    return is_authenticated(user) and any(p.user_id == user.id for p in conversation.participants)


def can_review_messages(user):
    """Flagged private messages go to the site's moderators only: a community's coordinators
    have no part in conversations outside it."""
    return is_staff(user)


def is_new_user(user):
    """A new account, not yet trusted: stricter rate limits, and fewer links in its posts, while it
    proves itself."""
    if not is_authenticated(user) or user.is_staff or user.trust_level > 0:
        return False
    hours = current_app.config["NEW_USER_HOURS"]
    return user.created_at > utcnow() - timedelta(hours=hours)


def must_hold(author, community):
    """Whether the author's new post waits for a moderator's approval: a new account, where
    the community holds such posts."""
    return community.hold_new_posts and is_new_user(author) and not can_moderate(author, community)


def can_see_hidden_post(user, post, topic):
    """A post hidden by flags or by a moderator still shows to its author and its moderators."""
    return is_authenticated(user) and (post.user_id == user.id or can_moderate(user, topic.community))


def can_flag(user, post, topic):
    """Members flag what they can read, never their own posts."""
    return _can_write(user) and can_view_topic(user, topic) and post.user_id != user.id


def can_review(user):
    """Whether the review queue is open to the user: site staff, and coordinators."""
    return is_staff(user) or "coordinator" in community_roles(user).values()


def _communities_clause(user, column, roles):
    """A WHERE clause on a community id column: every community for site staff, else those
    where the user holds one of roles."""
    if is_staff(user):
        return column.is_not(None)
    return column.in_([cid for cid, role in community_roles(user).items() if role in roles])


def moderated_communities_clause(user, column):
    """The communities the user moderates (and whose flags they review)."""
    return _communities_clause(user, column, ("coordinator",))


def can_pin_globally(user):
    return is_staff(user)


def can_moderate_users(user):
    """Silencing and suspending act on the whole site: site staff only."""
    return is_staff(user)


def can_manage_communities(user):
    """Creating communities and editing their details: administrators."""
    return is_authenticated(user) and user.role == "admin"


def can_grant_roles(user):
    return is_authenticated(user) and user.role == "admin"


def can_send_password_reset(user):
    """Sending a member a link to choose a new password: administrators, as for roles."""
    return can_grant_roles(user)


def can_delete_accounts(user):
    """Deleting another member's account, on their request: administrators."""
    return can_grant_roles(user)


def can_view_staff_log(user):
    return is_staff(user)


def can_accept_answer(user, topic):
    """A hard question's author or its moderators mark the reply that answers it."""
    return (
        topic.is_question
        and _can_write(user)
        and can_view_topic(user, topic)
        and (topic.user_id == user.id or can_moderate(user, topic.community))
    )


def can_write_synthesis(user, topic):
    """A coordinator (or site staff) closes a hard question with a synthesis of its replies."""
    return (
        topic.is_question and _can_write(user) and can_view_topic(user, topic) and can_moderate(user, topic.community)
    )


def can_unmark_solution(user, topic):
    """An accepted answer is unmarked by whoever may accept one; a synthesis by its moderators."""
    if topic.solution == "synthesis":
        return can_write_synthesis(user, topic)
    return can_accept_answer(user, topic)


def can_post_anonymously(community, category):
    """Failures and mistakes may be shared as "a member of this community", where the
    community allows it."""
    return community.anonymous_posts and category.kind == "failures"


def shown_author(content):
    """Who a post or topic shows as its author: the member, or None for "a member of this
    community". Nobody is shown an anonymous author, moderators included: they reveal it
    through a logged action (can_reveal_author)."""
    if content.anonymous or content.author.deleted_at is not None:
        return None
    return content.author


def shown_editor(revision, post):
    """Who a revision shows as its editor: the anonymous author's own edits name nobody."""
    return None if post.anonymous and revision.editor_id == post.user_id else revision.editor


def can_reveal_author(user, post, topic):
    return post.anonymous and can_moderate(user, topic.community)


def can_change_community_settings(user, community):
    return can_moderate(user, community)


# The best-practice library ---------------------------------------------------------------

# Who curates a community besides site staff: its coordinators and the mentors assigned to it.
CURATOR_ROLES = ("coordinator", "mentor")


def can_curate(user, community):
    """Promote the community's posts to the library, retire its entries, settle nominations."""
    return _can_write(user) and (is_staff(user) or community_roles(user).get(community.id) in CURATOR_ROLES)


def can_promote(user, post, topic):
    return can_curate(user, topic.community) and can_view_topic(user, topic)


def is_curator(user):
    """Whether the nominations queue is open to the user."""
    return is_staff(user) or any(role in CURATOR_ROLES for role in community_roles(user).values())


def curated_communities_clause(user, column):
    """The communities whose library nominations the user settles."""
    return _communities_clause(user, column, CURATOR_ROLES)


def can_nominate(user, post, topic):
    """Members suggest others' posts for the library; curators promote directly."""
    return _can_write(user) and can_view_topic(user, topic) and post.user_id != user.id
