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

from forum.text import file_size, fold_key, replace_surrogates

# 2: @mentions of existing users become links.
# 3: CommonMark (markdown-it) instead of Python-Markdown, and nh3 instead of bleach;
#    ~~strikethrough~~; only http(s), mailto and the forum's own paths become links, any
#    other link stays text; ![alt](url) is a link to the image; blocks nested past
#    MAX_DEPTH show the rest as text.
# 4: the forum's own uploads: ![name](/uploads/SHA.EXT) of an image is the image (its
#    thumbnails in srcset, its size set), [name](/uploads/SHA.EXT) a download link with the
#    file's type and size.
COOK_VERSION = 4

# "@name": letters of any script, digits, and . _ - inside, as usernames are made; not
# inside a word or an email address.
MENTION = r"(?<![\w@/])@([^\W_](?:[\w.-]*[^\W_.-])?)"
_MENTION_NAME = re.compile(r"@([^\W_](?:[\w.-]*[^\W_.-])?)")
_BEFORE_NO_MENTION = re.compile(r"[\w@/]")
QUOTE_HREF = re.compile(r"^/p/(\d+)$")
# The address of an uploaded file (forum.services.uploads), and of one of its thumbnails.
UPLOAD_HREF = re.compile(r"^/uploads/([0-9a-f]{64})\.([a-z0-9]{1,5})$")
UPLOAD_SRC = re.compile(r"^/uploads/([0-9a-f]{64})(?:-\d{1,4})?\.[a-z0-9]{1,5}$")
# How wide an image shows at most (the width of a post's text), for the browser's choice of
# thumbnail before the stylesheet is read.
IMAGE_SIZES = "(max-width: 44rem) 100vw, 40rem"
# The thumbnail an image shows by default (the browser picks another from srcset as it needs).
DEFAULT_THUMBNAIL = 640

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
        "img",
        "span",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "code": {"class"},
    "ol": {"start"},
    "img": {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding"},
    "span": {"class"},
}
LINK_CLASSES = frozenset({"mention", "upload-image", "attachment"})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _allowed_attribute(tag, name, value):
    if tag == "a" and name == "class":
        return value if value in LINK_CLASSES else None
    if tag == "img":
        return _allowed_image_attribute(name, value)
    if tag == "span":
        return value if value == "attachment-meta" else None
    if tag == "code":
        # Fenced code keeps its language for highlighting; nothing else.
        return value if value.startswith("language-") and value[9:].isalnum() else None
    if tag == "ol":
        return value if value.isdigit() else None
    return value


def _allowed_image_attribute(name, value):
    """Images are the forum's own uploads, as cooking writes them; nothing else."""
    if name == "src":
        return value if UPLOAD_SRC.match(value) else None
    if name == "srcset":
        candidates = [part.strip().split(" ") for part in value.split(",")]
        ok = all(len(c) == 2 and UPLOAD_SRC.match(c[0]) and c[1][:-1].isdigit() and c[1][-1] == "w" for c in candidates)
        return value if ok else None
    if name in ("width", "height"):
        return value if value.isdigit() else None
    return (
        value
        if (name, value) in (("loading", "lazy"), ("decoding", "async"), ("sizes", IMAGE_SIZES)) or name == "alt"
        else None
    )


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
    """A link to an image that is not the forum's upload, its alt text (or its address) as the
    link's text; inside another link, the alt text alone. Images from elsewhere are not shown:
    they would tell another site who reads the forum."""
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


def _upload_of(url, uploads):
    match = UPLOAD_HREF.match(url or "")
    upload = match and uploads.get(match.group(1))
    return upload if upload and upload.extension == match.group(2) else None


def _shown_image(image, upload, inside_link):
    """An uploaded image, as the browser best shows it: the thumbnail that fits the screen
    (srcset), its size known before it loads, loaded when it nears the screen; a tap opens it
    whole (unless the image is already inside a link)."""
    original = f"/uploads/{upload.sha256}.{upload.extension}"
    widths = upload.thumbnail_widths
    candidates = [(f"/uploads/{upload.sha256}-{w}.webp", w) for w in widths] + [(original, upload.width)]
    default = next((url for url, w in candidates if w >= DEFAULT_THUMBNAIL), original)
    shown = Token("image", "img", 0)
    shown.children = image.children
    shown.content = image.content
    shown.attrs = {"src": default, "alt": ""}
    if widths:
        shown.attrs["srcset"] = ", ".join(f"{url} {w}w" for url, w in candidates)
        shown.attrs["sizes"] = IMAGE_SIZES
    shown.attrs.update(width=str(upload.width), height=str(upload.height), loading="lazy", decoding="async")
    if inside_link:
        return [shown]
    opening, closing = Token("link_open", "a", 1), Token("link_close", "a", -1)
    opening.attrs = {"href": original, "class": "upload-image"}
    return [opening, shown, closing]


def _attachment_meta(upload):
    """After a download link's text: the file's type and size (language-neutral, as cooked
    HTML is shared by every reader)."""
    opening = Token("meta_open", "span", 1)
    opening.attrs = {"class": "attachment-meta"}
    text = Token("text", "", 0)
    text.content = f"{upload.extension.upper()}, {file_size(upload.size)}"
    return [opening, text, Token("meta_close", "span", -1)]


def _upload_addresses(blocks):
    found = set()
    for block in blocks:
        for token in block.children or ():
            url = token.attrs.get("src") if token.type == "image" else token.attrs.get("href")
            match = token.type in ("image", "link_open") and UPLOAD_HREF.match(url or "")
            if match:
                found.add(match.group(1))
    return found


def _images_and_uploads(state):
    """Images and links to the forum's uploads become the image itself, or a download link with
    the file's type and size, when env["uploads"] (given the hashes) knows the file; any other
    image becomes a link to it."""
    blocks = [block for block in state.tokens if block.type == "inline" and block.children]
    lookup = state.env.get("uploads")
    shas = _upload_addresses(blocks) if lookup else set()
    uploads = lookup(shas) if shas else {}
    for block in blocks:
        children, depth, attachment = [], 0, None
        for token in block.children:
            depth += token.type == "link_open"
            depth -= token.type == "link_close"
            if token.type == "image":
                upload = _upload_of(token.attrs.get("src"), uploads)
                if upload is not None and upload.is_image:
                    children.extend(_shown_image(token, upload, depth > 0))
                else:
                    children.extend(_image_as_link(token, depth > 0))
                continue
            if token.type == "link_open" and depth == 1:
                attachment = _upload_of(token.attrs.get("href"), uploads)
                if attachment is not None:
                    token.attrs["class"] = "upload-image" if attachment.is_image else "attachment"
            if token.type == "link_close" and depth == 0 and attachment is not None:
                if not attachment.is_image:
                    children.extend(_attachment_meta(attachment))
                attachment = None
            children.append(token)
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
    md.core.ruler.push("images_and_uploads", _images_and_uploads)
    return md.enable(["table", "strikethrough", "linkify"])


_local = threading.local()


def mention_candidates(raw: str) -> set[str]:
    """Every name written as @name in the source (in code too: cooking sorts that out)."""
    return set(re.findall(MENTION, raw))


def cook(raw: str, users=None, uploads=None) -> Markup:
    """Render a post's Markdown source to sanitized HTML, safe to print as is.

    Raw HTML typed by the author is shown as text, never executed; links are marked
    nofollow/ugc/noopener, and only http, https and mailto URLs and the forum's own paths
    become links (any other stays text). users, given names written as @name, returns those
    that are users as a dict from folded name to username; those become mention links.
    uploads, given the hashes of uploaded files the source shows (/uploads/SHA.EXT), returns
    those it may show, as a dict from hash to Upload; those become images and download links.
    """
    if not hasattr(_local, "markdown"):  # a parser is not to be shared between threads
        _local.markdown = _parser()
    raw = replace_surrogates(raw)
    candidates = mention_candidates(raw) if users else set()
    env = {"users": users(candidates) if candidates else {}, "uploads": uploads}
    html = _local.markdown.render(raw, env).rstrip("\n")
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
        self.mentions, self.quoted, self.outside, self.uploads = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href") or ""
        if tag == "img" and (match := UPLOAD_SRC.match(attrs.get("src") or "")):
            self.uploads.append(match.group(1))
        if tag != "a":
            return
        if attrs.get("class") in ("attachment", "upload-image") and (match := UPLOAD_HREF.match(href)):
            self.uploads.append(match.group(1))
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


def shown_uploads(cooked: str) -> list[str]:
    """The hashes of the uploaded files a cooked post shows (images and download links), each
    once, in order."""
    return list(dict.fromkeys(_links(cooked).uploads))


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
