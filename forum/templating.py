"""What every template may use: permission predicates, locale and direction, date helpers."""

import functools

from flask_babel import format_date, format_datetime, format_timedelta, get_locale, lazy_gettext as _l
from flask import g, request, session, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.local import LocalProxy

from forum import permissions
from forum.markup import to_text
from forum.models.base import utcnow
from forum.models.notification import MODERATION_KINDS
from forum.models.reaction import REACTIONS
from forum.models.user import FORMER_MEMBER
from forum.text import file_size

RTL_LANGUAGES = {"ar"}
LANGUAGE_NAMES = {"ar": "العربية", "en": "English", "fr": "Français"}
# Names shown for reactions and notification levels, wherever they appear.
REACTION_LABELS = {
    "like": _l("Like"),
    "thanks": _l("Thank you for sharing"),
    "tried": _l("I tried this too"),
    "insightful": _l("Insightful"),
}
LEVEL_LABELS = {"watching": _l("Watching"), "tracking": _l("Tracking"), "normal": _l("Normal"), "muted": _l("Muted")}
# The library's tags (forum.models.library.SUBJECTS and GRADES).
SUBJECT_LABELS = {
    "arabic": _l("Arabic"),
    "english": _l("English"),
    "french": _l("French"),
    "mathematics": _l("Mathematics"),
    "science": _l("Science"),
    "social_studies": _l("Social studies"),
    "religion": _l("Religious education"),
    "arts": _l("Arts"),
    "physical_education": _l("Physical education"),
    "technology": _l("Computing and technology"),
    "special_needs": _l("Special needs and inclusion"),
    "whole_school": _l("Whole school"),
}
# Kept here, lazy, rather than in a macro file: a macro file's top-level values are computed once,
# in the language of the first page that imports it, and kept for every reader after.
FLAG_LABELS = {
    "spam": _l("Spam or advertising"),
    "inappropriate": _l("Inappropriate or disrespectful"),
    "off_topic": _l("Off-topic here"),
    "other": _l("Something else"),
}

ACTION_LABELS = {
    "hide_post": _l("Hid a post"),
    "unhide_post": _l("Showed a post again"),
    "delete_post": _l("Deleted a post"),
    "restore_post": _l("Restored a post"),
    "edit_post": _l("Edited a member's post"),
    "close": _l("Closed a topic"),
    "reopen": _l("Reopened a topic"),
    "pin": _l("Pinned a topic in its community"),
    "unpin": _l("Unpinned a topic"),
    "pin_globally": _l("Pinned a topic across the site"),
    "unpin_globally": _l("Unpinned a topic across the site"),
    "unlist": _l("Unlisted a topic"),
    "relist": _l("Listed a topic again"),
    "delete_topic": _l("Deleted a topic"),
    "restore_topic": _l("Restored a topic"),
    "silence": _l("Silenced a member"),
    "unsilence": _l("Ended a silence"),
    "suspend": _l("Suspended a member"),
    "unsuspend": _l("Ended a suspension"),
    "review_agreed": _l("Agreed with flags"),
    "review_disagreed": _l("Disagreed with flags"),
    "review_ignored": _l("Ignored flags"),
    "set_role": _l("Changed a member's role"),
    "send_password_reset": _l("Sent a member a link to choose a new password"),
    "delete_account": _l("Deleted an account"),
    "accept_answer": _l("Accepted an answer for a member's question"),
    "unmark_solution": _l("Unmarked a question's solution"),
    "write_synthesis": _l("Closed a question with a synthesis"),
    "reveal_author": _l("Revealed who wrote an anonymous post"),
    "allow_anonymous": _l("Allowed anonymous posts in a community"),
    "forbid_anonymous": _l("Stopped anonymous posts in a community"),
    "promote": _l("Added a post to the best-practice library"),
    "retire_entry": _l("Retired an entry from the library"),
    "decline_nomination": _l("Declined nominations for the library"),
    "move_topic": _l("Moved a topic"),
    "split_topic": _l("Split replies into a new topic"),
    "merge_topic": _l("Merged a topic into another"),
    "hold_new_posts": _l("Began holding new accounts' posts for approval"),
    "release_new_posts": _l("Stopped holding new accounts' posts"),
    "create_community": _l("Created a community"),
    "edit_community": _l("Edited a community"),
    "approve_post": _l("Approved a post held for approval"),
    "approve_member": _l("Approved a request to join"),
    "decline_member": _l("Declined a request to join"),
    "remove_member": _l("Removed a member from a community"),
    "invite": _l("Created an invitation link"),
    "revoke_invitation": _l("Revoked an invitation link"),
    "set_join_policy": _l("Changed how a community admits members"),
    "remove_message": _l("Removed a flagged private message"),
    "keep_message": _l("Kept a flagged private message"),
}

ROLE_LABELS = {
    "member": _l("Member"),
    "moderator": _l("Site moderator"),
    "admin": _l("Administrator"),
    "coordinator": _l("Coordinator"),
    "mentor": _l("Mentor"),
}
# How a community is seen and joined (forum.models.community.VISIBILITIES and JOIN_POLICIES).
VISIBILITY_LABELS = {"public": _l("Everyone, signed in or not"), "members": _l("Its members only")}
JOIN_POLICY_LABELS = {
    "open": _l("Anyone who can see the community"),
    "request": _l("By request, approved by a coordinator"),
    "invitation": _l("By invitation link only"),
}
PROFESSION_LABELS = {
    "teacher": _l("Teacher"),
    "principal": _l("School principal"),
    "coordinator": _l("Subject coordinator"),
    "supervisor": _l("Educational supervisor"),
    "other": _l("Other role in education"),
}
GRADE_LABELS = {
    "early_years": _l("Kindergarten"),
    "primary_lower": _l("Grades 1–3"),
    "primary_upper": _l("Grades 4–6"),
    "middle": _l("Grades 7–9"),
    "secondary": _l("Grades 10–12"),
    "all_grades": _l("All grades"),
}

TEMPLATE_PERMISSIONS = (
    "can_upload",
    "can_view_community",
    "can_moderate",
    "can_join",
    "can_leave",
    "can_create_topic",
    "can_reply",
    "can_edit_post",
    "can_react",
    "can_see_hidden_post",
    "can_flag",
    "can_review",
    "can_pin_globally",
    "can_moderate_users",
    "can_view_staff_log",
    "can_grant_roles",
    "can_send_password_reset",
    "can_delete_accounts",
    "can_accept_answer",
    "can_write_synthesis",
    "can_unmark_solution",
    "can_post_anonymously",
    "can_reveal_author",
    "can_change_community_settings",
    "shown_author",
    "shown_editor",
    "can_curate",
    "can_promote",
    "can_nominate",
    "is_curator",
    "can_request_to_join",
    "can_manage_members",
    "can_remove_member",
    "can_see_directory",
    "can_send_messages",
    "can_review_messages",
    "is_member",
    "can_manage_communities",
)


def current_language():
    return str(get_locale() or "ar")[:2]


def relative_time(value):
    """'3 hours ago' / 'منذ ٣ ساعات' in the page's language."""
    return format_timedelta(value - utcnow(), add_direction=True, threshold=0.9)


def full_time(value):
    return format_datetime(value, "medium")


def day(value):
    """'24 November 2026' in the page's language."""
    return format_date(value, "long")


def isolate(value):
    """Text of either direction set inside a sentence of the page's language:
    `_("New topic in %(community)s", community=name|isolate)`."""
    return Markup("<bdi>{}</bdi>").format(value)


def excerpt(cooked, length=200):
    """The start of a post's visible text, on one line, for lists and emails."""
    text = " ".join(to_text(cooked).split())
    return text if len(text) <= length else text[:length].rstrip() + "…"


ANONYMOUS_NAME = _l("A member of this community")


def shown_name(content):
    """The name a post or topic is signed with: its author's, "a member of this community"
    (anonymous), or "a former member" (a deleted account)."""
    who = permissions.shown_author(content)
    if who:
        return who.name
    return ANONYMOUS_NAME if content.anonymous else FORMER_MEMBER


def _for_templates(rule):
    """A rule as templates call it, with the current_user proxy: resolved once per call rather
    than at each of the many times the rule reads the user (a topic page calls rules hundreds
    of times). Rules whose first argument is not a user never get a proxy."""

    @functools.wraps(rule)
    def call(first, *args):
        return rule(first._get_current_object() if isinstance(first, LocalProxy) else first, *args)

    return call


def icon_sprite():
    """The URL of the icons' sprite, built once per request: a topic page shows hundreds of icons."""
    if "icon_sprite" not in g:
        g.icon_sprite = url_for("static", filename="icons.svg")
    return g.icon_sprite


def draft_key(path):
    """Where the composer script keeps the unsent text of the form posting to `path`."""
    return f"{path}:{current_user.id}"


def draft_sent():
    """The text posted to this URL is saved: the next page rendered tells the browser to drop
    the draft it kept (`<meta name="sent-drafts">`)."""
    session["sent_drafts"] = [*session.get("sent_drafts", []), draft_key(request.path)]


def drop_none(attributes):
    """Field attributes without those left unset: WTForms would write None as the text "None"."""
    return {name: value for name, value in attributes.items() if value is not None}


def initial(name):
    """The letter of a letter avatar: the first letter of the name (Arabic or Latin),
    skipping marks, digits and invisible characters."""
    return next((c for c in name if c.isalpha()), "?").upper()


def init_templating(app):
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["relative_time"] = relative_time
    app.jinja_env.filters["full_time"] = full_time
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["isolate"] = isolate
    app.jinja_env.filters["excerpt"] = excerpt
    app.jinja_env.filters["initial"] = initial
    app.jinja_env.filters["drop_none"] = drop_none
    app.jinja_env.filters["file_size"] = file_size
    # Globals, not context, so that imported macros see them too.
    app.jinja_env.globals.update({name: _for_templates(getattr(permissions, name)) for name in TEMPLATE_PERMISSIONS})
    app.jinja_env.globals["current_user"] = current_user
    app.jinja_env.globals["draft_key"] = draft_key
    app.jinja_env.globals["icon_sprite"] = icon_sprite
    app.jinja_env.globals["shown_name"] = shown_name
    app.jinja_env.globals["REACTIONS"] = REACTIONS
    app.jinja_env.globals["REACTION_LABELS"] = REACTION_LABELS
    app.jinja_env.globals["LEVEL_LABELS"] = LEVEL_LABELS
    app.jinja_env.globals["SUBJECT_LABELS"] = SUBJECT_LABELS
    app.jinja_env.globals["GRADE_LABELS"] = GRADE_LABELS
    app.jinja_env.globals["PROFESSION_LABELS"] = PROFESSION_LABELS
    app.jinja_env.globals["VISIBILITY_LABELS"] = VISIBILITY_LABELS
    app.jinja_env.globals["JOIN_POLICY_LABELS"] = JOIN_POLICY_LABELS
    app.jinja_env.globals["FLAG_LABELS"] = FLAG_LABELS
    app.jinja_env.globals["ACTION_LABELS"] = ACTION_LABELS
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    app.jinja_env.globals["MODERATION_KINDS"] = MODERATION_KINDS

    @app.context_processor
    def inject():
        language = current_language()
        return {
            "page_language": language,
            "page_direction": "rtl" if language in RTL_LANGUAGES else "ltr",
            "language_names": LANGUAGE_NAMES,
            "sent_drafts": session.pop("sent_drafts", []),
        }
