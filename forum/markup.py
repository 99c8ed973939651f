"""Cooking: the one place where a post's Markdown source becomes safe HTML.

Posts are cooked when written and the result is stored; pages print the stored HTML.
Changing anything here that changes output means bumping COOK_VERSION and running
`flask forum recook`.
"""
import re
import threading
import xml.etree.ElementTree as etree
from functools import partial
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from markdown.inlinepatterns import InlineProcessor
from markupsafe import Markup

from forum.text import fold_key

# 2: @mentions of existing users become links.
COOK_VERSION = 2

# "@name": letters of any script, digits, and . _ - inside, as usernames are made; not
# inside a word or an email address.
MENTION = r"(?<![\w@/])@([^\W_](?:[\w.-]*[^\W_.-])?)"
QUOTE_HREF = re.compile(r"^/p/(\d+)$")

MARKDOWN_EXTENSIONS = ("fenced_code", "tables", "sane_lists", "nl2br")

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "sub", "sup",
    "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "a", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _allowed_attribute(tag, name, value):
    if tag == "a":
        return name in ("href", "title", "rel") or (name == "class" and value == "mention")
    if tag == "code":
        # Fenced code keeps its language for highlighting; nothing else.
        return name == "class" and value.startswith("language-") and value[9:].isalnum()
    if tag == "ol":
        return name == "start" and value.isdigit()
    return False


def _mark_link(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


class _Mentions(InlineProcessor):
    """@name becomes a link to the profile when name is a user (known maps folded names to
    usernames, set before each conversion); otherwise it stays plain text. Markdown does not
    run inline patterns inside code."""

    known: dict = {}

    def handleMatch(self, m, data):
        username = self.known.get(fold_key(m.group(1)))
        if username is None:
            return None, None, None
        link = etree.Element("a", {"class": "mention", "href": "/u/" + quote(username)})
        link.text = "@" + username
        return link, m.start(0), m.end(0)


_local = threading.local()


def _tools():
    # Neither Markdown nor bleach's Cleaner may be shared between threads.
    if not hasattr(_local, "markdown"):
        _local.markdown = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
        _local.mentions = _Mentions(MENTION, _local.markdown)
        _local.markdown.inlinePatterns.register(_local.mentions, "mention", 45)
        _local.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=_allowed_attribute,
            protocols=ALLOWED_PROTOCOLS,
            strip=False,
            strip_comments=True,
            filters=[partial(LinkifyFilter, callbacks=[_mark_link], skip_tags={"pre", "code"})],
        )
    return _local.markdown, _local.cleaner


def mention_candidates(raw: str) -> set[str]:
    """Every name written as @name in the source (in code too: cooking sorts that out)."""
    return set(re.findall(MENTION, raw))


def cook(raw: str, users=None) -> Markup:
    """Render a post's Markdown source to sanitized HTML, safe to print as is.

    Raw HTML typed by the author is shown as text, never executed; links are made
    clickable and marked nofollow/ugc/noopener; only http, https and mailto URLs survive.
    users, given names written as @name, returns those that are users as a dict from
    folded name to username; those become mention links.
    """
    md, cleaner = _tools()
    candidates = mention_candidates(raw) if users else set()
    _local.mentions.known = users(candidates) if candidates else {}
    html = md.reset().convert(raw)
    return Markup(cleaner.clean(html))


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.mentions, self.quoted, self.outside = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href") or ""
        if tag != "a":
            return
        if attrs.get("class") == "mention" and href.startswith("/u/"):
            self.mentions.append(unquote(href[3:]))
        elif match := QUOTE_HREF.match(href):
            self.quoted.append(int(match.group(1)))
        elif not href.startswith("/"):
            self.outside.append(href)


def _links(cooked: str) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(cooked)
    collector.close()
    return collector


def references(cooked: str) -> tuple[list[str], list[int]]:
    """The usernames a cooked post mentions and the ids of the posts it quotes (links to
    /p/ID, as the quote button writes them), each once, in order."""
    collector = _links(cooked)
    return list(dict.fromkeys(collector.mentions)), list(dict.fromkeys(collector.quoted))


def outside_links(cooked: str) -> list[str]:
    """The links of a cooked post that lead out of the forum (web and mail addresses)."""
    return _links(cooked).outside


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def to_text(cooked: str) -> str:
    """The visible text of cooked HTML (entities decoded), for excerpts and search."""
    collector = _TextCollector()
    collector.feed(cooked)
    collector.close()
    return "".join(collector.parts)
