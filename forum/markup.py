"""Cooking: the one place where a post's Markdown source becomes safe HTML.

Posts are cooked when written and the result is stored; pages print the stored HTML.
Changing anything here that changes output means bumping COOK_VERSION and running
`flask forum recook`.

markdown-it (CommonMark) parses in time linear in the source whatever its shape, so no
post, however hostile, holds a worker; nh3 then keeps only the allowed tags and attributes
and marks every link, in time linear in the HTML.
"""

import re
import threading
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import nh3
from linkify_it import LinkifyIt
from markdown_it import MarkdownIt, rules_inline
from markdown_it.token import Token
from markupsafe import Markup

from forum.text import fold_key, replace_surrogates

# 2: @mentions of existing users become links.
# 3: CommonMark (markdown-it) instead of Python-Markdown, and nh3 instead of bleach;
#    ~~strikethrough~~; only http(s), mailto and the forum's own paths become links, any
#    other link stays text; ![alt](url) is a link to the image; blocks nested past
#    MAX_DEPTH show the rest as text.
COOK_VERSION = 3

# "@name": letters of any script, digits, and . _ - inside, as usernames are made; not
# inside a word or an email address.
MENTION = r"(?<![\w@/])@([^\W_](?:[\w.-]*[^\W_.-])?)"
_MENTION_NAME = re.compile(r"@([^\W_](?:[\w.-]*[^\W_.-])?)")
_BEFORE_NO_MENTION = re.compile(r"[\w@/]")
QUOTE_HREF = re.compile(r"^/p/(\d+)$")

# What may be an href, checked on the URL as it will be written (percent-encoded, so no
# entity, whitespace or control character hides a scheme): the web, mail, and the forum's
# own paths and anchors; never //host or /\host, which browsers read as another site.
SAFE_HREF = re.compile(r"(?:https?:|mailto:|/(?![/\\])|#)", re.IGNORECASE)
# The scheme of a bare URL, read from the few characters before "://" (see _bare_url).
_WEB_SCHEME_BEFORE = re.compile(r"(?<![a-z0-9.+-])https?\Z", re.IGNORECASE)
_URL_END = re.compile(r"[\s<>]")
# A bare URL is linked up to this length; in <...> or [text](...) it may be any length.
MAX_URL = 2000
# Blocks nested deeper than this (quotes in quotes, lists in lists) show the rest as text.
MAX_DEPTH = 16

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "b",
        "i",
        "del",
        "s",
        "sub",
        "sup",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "code": {"class"}, "ol": {"start"}}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _allowed_attribute(tag, name, value):
    if tag == "a" and name == "class":
        return value if value == "mention" else None
    if tag == "code":
        # Fenced code keeps its language for highlighting; nothing else.
        return value if value.startswith("language-") and value[9:].isalnum() else None
    if tag == "ol":
        return value if value.isdigit() else None
    return value


def _safe_href(url: str) -> bool:
    return SAFE_HREF.match(url) is not None


def _mention(state, silent):
    """@name becomes a link to the profile when name is a user (env["users"] maps folded
    names to usernames); otherwise it stays text. Inline rules never see code."""
    pos = state.pos
    if state.src[pos] != "@" or state.linkLevel > 0:
        return False
    if pos > 0 and _BEFORE_NO_MENTION.match(state.src[pos - 1]):
        return False
    match = _MENTION_NAME.match(state.src, pos)
    username = match and state.env["users"].get(fold_key(match.group(1)))
    if not username:
        return False
    if not silent:
        state.push("link_open", "a", 1).attrs = {"class": "mention", "href": "/u/" + quote(username)}
        state.push("text", "", 0).content = "@" + username
        state.push("link_close", "a", -1)
    state.pos = match.end()
    return True


def _bare_url(state, silent):
    """markdown-it's own rule for http(s)://... in text (read before emphasis can split
    the URL), made linear: it read the scheme from all the text before each "://", and
    this from the last few characters; it handed the linkifier all the rest of the text,
    and this the word, at most MAX_URL characters of it."""
    pos = state.pos
    if state.linkLevel > 0 or not state.src.startswith("://", pos):
        return False
    scheme = _WEB_SCHEME_BEFORE.search(state.pending, max(0, len(state.pending) - 5))
    if not scheme:
        return False
    start = pos - len(scheme.group())
    limit = min(state.posMax, start + MAX_URL)
    space = _URL_END.search(state.src, pos, limit)
    word = state.src[start : space.start() if space else limit]
    link = state.md.linkify.match_at_start(_unclosed_brackets_blanked(word))
    if not link:
        return False
    url = link.url.rstrip("*")  # a star after the URL closes emphasis
    href = state.md.normalizeLink(url)
    if not state.md.validateLink(href):
        return False
    if not silent:
        state.pending = state.pending[: -len(scheme.group())]
        state.push("link_open", "a", 1).attrs = {"href": href}
        state.push("text", "", 0).content = state.md.normalizeLinkText(url)
        state.push("link_close", "a", -1)
    state.pos = start + len(url)
    return True


def _unclosed_brackets_blanked(text):
    """text with each bracket that no closing one follows made a space: no URL holds one,
    and the linkifier would look for the closing one to the end of the text each time."""
    for opening, closing in ("()", "[]", "{}"):
        last = text.rfind(closing) + 1
        text = text[:last] + text[last:].replace(opening, " ")
    return text


def _closing_bracket_ahead(state):
    """Whether a "]" follows in the text being parsed, found once per stretch of text."""
    seen = getattr(state, "_closing_bracket", None)
    if seen is None or seen[0] > state.pos or -1 < seen[1] < state.pos:
        seen = state._closing_bracket = (state.pos, state.src.find("]", state.pos))
    return -1 < seen[1] < state.posMax


def _needing_closing_bracket(rule):
    """A link or image rule that gives up at once when no "]" follows: markdown-it would
    scan the rest of the text for one at each "[" (linear, but slow for thousands)."""

    def guarded(state, silent):
        return _closing_bracket_ahead(state) and rule(state, silent)

    return guarded


class _Linkify(LinkifyIt):
    """Finds bare URLs in text MAX_URL characters at a time, unclosed brackets blanked (its
    patterns look ahead for a closing one: quadratic on a long line of URL-like text).
    Arabic punctuation right after a URL ends the sentence, as a Latin comma would."""

    def test(self, text):
        return any(super(_Linkify, self).test(piece) for _, piece in _pieces(text))

    def match(self, text):
        found = []
        for offset, piece in _pieces(text):
            for link in super().match(piece) or ():
                link.index, link.last_index = link.index + offset, link.last_index + offset
                found.append(link)
        return found or None

    def normalize(self, match):
        url = match.raw.rstrip("،؛؟")
        match.last_index -= len(match.raw) - len(url)
        match.raw = match.text = match.url = url
        super().normalize(match)


def _pieces(text):
    """(offset, piece) covering text in pieces of at most MAX_URL characters, each cut at a
    space or line end when there is one (where no URL goes on), brackets blanked."""
    start = 0
    while start < len(text):
        end = start + MAX_URL
        cut = max(text.rfind(" ", start + 1, end), text.rfind("\n", start + 1, end))
        if end < len(text) and cut > start:
            end = cut
        yield start, _unclosed_brackets_blanked(text[start:end])
        start = end


def _deep_text(state, start, end, silent):
    """Past MAX_DEPTH, the rest of a block is one paragraph of text (markdown-it would
    drop it at its own nesting limit)."""
    if state.level < MAX_DEPTH:
        return False
    if not silent:
        state.push("paragraph_open", "p", 1)
        inline = state.push("inline", "", 0)
        inline.content = state.getLines(start, end, state.blkIndent, False).strip()
        inline.map, inline.children = [start, end], []
        state.push("paragraph_close", "p", -1)
    state.line = end
    return True


def _alt_text(tokens):
    return "".join(
        _alt_text(token.children) if token.type == "image" else token.content
        for token in tokens or ()
        if token.type in ("text", "text_special", "code_inline", "image")
    )


def _image_as_link(image, inside_link):
    """A link to the image, its alt text (or its address) as the link's text; inside
    another link, the alt text alone. No <img> until the forum stores uploads itself."""
    text = Token("text", "", 0)
    text.content = _alt_text(image.children)
    if inside_link or not image.attrs["src"]:
        return [text]
    text.content = text.content or image.attrs["src"]
    opening, closing = Token("link_open", "a", 1), Token("link_close", "a", -1)
    opening.attrs = {"href": image.attrs["src"]}
    if image.attrs.get("title"):
        opening.attrs["title"] = image.attrs["title"]
    return [opening, text, closing]


def _images_to_links(state):
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children, depth = [], 0
        for token in block.children:
            depth += token.type == "link_open"
            depth -= token.type == "link_close"
            children.extend(_image_as_link(token, depth > 0) if token.type == "image" else [token])
        block.children = children


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": True, "xhtmlOut": False})
    md.validateLink = _safe_href
    md.linkify = _Linkify()
    md.linkify.set({"fuzzy_email": False})
    md.inline.ruler.at("linkify", _bare_url)
    md.inline.ruler.at("link", _needing_closing_bracket(rules_inline.link))
    md.inline.ruler.at("image", _needing_closing_bracket(rules_inline.image))
    md.inline.ruler.push("mention", _mention)
    md.inline.add_terminator_char("@")
    md.block.ruler.before("table", "deep_text", _deep_text)
    md.core.ruler.push("images_to_links", _images_to_links)
    return md.enable(["table", "strikethrough", "linkify"])


_local = threading.local()


def mention_candidates(raw: str) -> set[str]:
    """Every name written as @name in the source (in code too: cooking sorts that out)."""
    return set(re.findall(MENTION, raw))


def cook(raw: str, users=None) -> Markup:
    """Render a post's Markdown source to sanitized HTML, safe to print as is.

    Raw HTML typed by the author is shown as text, never executed; links are marked
    nofollow/ugc/noopener, and only http, https and mailto URLs and the forum's own paths
    become links (any other stays text). users, given names written as @name, returns those
    that are users as a dict from folded name to username; those become mention links.
    """
    if not hasattr(_local, "markdown"):  # a parser is not to be shared between threads
        _local.markdown = _parser()
    raw = replace_surrogates(raw)
    candidates = mention_candidates(raw) if users else set()
    html = _local.markdown.render(raw, {"users": users(candidates) if candidates else {}}).rstrip("\n")
    return Markup(
        nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            attributes=ALLOWED_ATTRIBUTES,
            attribute_filter=_allowed_attribute,
            url_schemes=set(ALLOWED_PROTOCOLS),
            link_rel=LINK_REL,
            strip_comments=True,
        )
    )


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
        elif not href.startswith(("/", "#")):
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
