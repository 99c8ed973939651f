"""The domain model: one module per aggregate."""

from forum.models.bookmark import Bookmark
from forum.models.category import Category
from forum.models.community import Community, Institution, Invitation, JoinRequest, Membership
from forum.models.imports import ImportedId
from forum.models.library import LibraryEntry, Nomination
from forum.models.message import Block, Conversation, Message, MessageFlag, Participant
from forum.models.moderation import Flag, StaffAction
from forum.models.notification import Notification
from forum.models.post import Post, PostRevision
from forum.models.reaction import Reaction
from forum.models.reading import TopicUser
from forum.models.site import SiteState
from forum.models.topic import Topic
from forum.models.upload import MessageUpload, PostUpload, Upload
from forum.models.user import ExternalIdentity, User

__all__ = [
    "Block",
    "Bookmark",
    "Category",
    "Community",
    "Conversation",
    "ExternalIdentity",
    "Flag",
    "ImportedId",
    "Institution",
    "Invitation",
    "JoinRequest",
    "LibraryEntry",
    "Membership",
    "Message",
    "MessageFlag",
    "MessageUpload",
    "Nomination",
    "Notification",
    "Participant",
    "Post",
    "PostRevision",
    "PostUpload",
    "Reaction",
    "SiteState",
    "StaffAction",
    "Topic",
    "TopicUser",
    "Upload",
    "User",
]
