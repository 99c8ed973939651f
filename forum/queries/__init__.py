"""The read side: queries for pages. Each returns everything a page prints in a fixed number
of statements, whatever the number of rows, and only what the user may see.

One module per area; `from forum import queries` reaches them all by their names here.
Services and views read through this package, and it writes nothing.
"""
from forum.queries.communities import (categories, category_by_slug, category_of_kind, communities_with_topic_counts,
                                       community_by_slug, community_invitation, community_members,
                                       invitation_by_token, join_request, join_requests, moderated_communities,
                                       open_invitations, visible_communities)
from forum.queries.library import LibraryFilters, library_entries, library_entry, topic_library_entries
from forum.queries.moderation import StaffLogFilters, staff_actions, waiting_posts
from forum.queries.paging import MAX_PAGE, Page, clamp_page
from forum.queries.posts import (bookmarks_of, moderatable_post, page_of_post, post_bookmarks, post_flags,
                                 post_nominations, post_reactions, replies_to, topic_posts, viewable_post)
from forum.queries.topics import (STATUSES, category_topics, community_topics, count_new, count_unread,
                                  digest_topics, latest_topics, merged_into_id, new_topics, unread_topics,
                                  viewable_topic)
from forum.queries.users import (Figures, reactions_of, replies_by, topics_started_by, user_by_username,
                                 user_communities, user_figures, users_matching)

__all__ = [
    "MAX_PAGE", "STATUSES", "Figures", "LibraryFilters", "Page", "StaffLogFilters",
    "bookmarks_of", "categories", "category_by_slug", "category_of_kind", "category_topics", "clamp_page",
    "communities_with_topic_counts", "community_by_slug", "community_invitation", "community_members",
    "community_topics", "count_new", "count_unread", "digest_topics", "invitation_by_token", "join_request",
    "join_requests", "latest_topics", "library_entries", "library_entry", "merged_into_id",
    "moderatable_post", "moderated_communities", "new_topics", "open_invitations", "page_of_post",
    "post_bookmarks", "post_flags", "post_nominations", "post_reactions", "reactions_of", "replies_by",
    "replies_to", "staff_actions", "topic_library_entries", "topic_posts", "topics_started_by",
    "unread_topics", "user_by_username", "user_communities", "user_figures", "users_matching",
    "viewable_post", "viewable_topic", "visible_communities", "waiting_posts",
]
