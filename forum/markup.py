"""Cooking: the one place where a post's Markdown source becomes safe HTML.

Posts are cooked when written and the result is stored; pages print the stored HTML.
Changing anything here that changes output means bumping COOK_VERSION and running
`flask forum recook`.
"""
import threading
from functools import partial
from html.parser import HTMLParser

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from markupsafe import Markup

COOK_VERSION = 1

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
        return name in ("href", "title", "rel")
    if tag == "code":
        # Fenced code keeps its language for highlighting; nothing else.
        return name == "class" and value.startswith("language-") and value[9:].isalnum()
    if tag == "ol":
        return name == "start" and value.isdigit()
    return False


def _mark_link(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_local = threading.local()


def _tools():
    # Neither Markdown nor bleach's Cleaner may be shared between threads.
    if not hasattr(_local, "markdown"):
        _local.markdown = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
        _local.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=_allowed_attribute,
            protocols=ALLOWED_PROTOCOLS,
            strip=False,
            strip_comments=True,
            filters=[partial(LinkifyFilter, callbacks=[_mark_link], skip_tags={"pre", "code"})],
        )
    return _local.markdown, _local.cleaner


def cook(raw: str) -> Markup:
    """Render a post's Markdown source to sanitized HTML, safe to print as is.

    Raw HTML typed by the author is shown as text, never executed; links are made
    clickable and marked nofollow/ugc/noopener; only http, https and mailto URLs survive.
    """
    md, cleaner = _tools()
    html = md.reset().convert(raw)
    return Markup(cleaner.clean(html))


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
