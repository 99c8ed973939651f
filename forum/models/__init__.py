"""The domain model: one module per aggregate."""
from forum.models.category import Category
from forum.models.community import Community, Institution, Membership
from forum.models.imports import ImportedId
from forum.models.post import Post, PostRevision
from forum.models.reading import TopicUser
from forum.models.topic import Topic
from forum.models.user import User

__all__ = ["Category", "Community", "ImportedId", "Institution", "Membership", "Post", "PostRevision", "Topic", "TopicUser", "User"]
