"""The domain model: one module per aggregate."""
from forum.models.category import Category
from forum.models.community import Community, Institution, Membership
from forum.models.post import Post, PostRevision
from forum.models.topic import Topic
from forum.models.user import User

__all__ = ["Category", "Community", "Institution", "Membership", "Post", "PostRevision", "Topic", "User"]
