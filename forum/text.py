"""Unicode hygiene for what users type.

Invisible format characters (bidi overrides, zero-width joiners and spaces, BOMs) can make
a title or a name read differently from what it is, or spill its direction onto the page
around it. Single-line fields lose all of them; post bodies keep the harmless isolates
and marks that careful bilingual writers use, but lose the embeddings and overrides.
"""

import re
import unicodedata

# Embeddings and overrides (LRE RLE PDF LRO RLO): they leak past the post they are in.
_BODY_BIDI_CONTROLS = dict.fromkeys(range(0x202A, 0x202F))
_LINE_SPACE = re.compile(r"\s+")
_BODY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(value: str) -> str:
    """value with each surrogate code point, which no encoding can write (a browser or a
    client may send one alone), made U+FFFD; a pair that stands for one character becomes
    that character."""
    if not _SURROGATE.search(value):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_line(value: str) -> str:
    """A single-line field (title, display name): NFC, no control or format characters,
    whitespace collapsed and trimmed."""
    value = unicodedata.normalize("NFC", replace_surrogates(value or ""))
    value = "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cf"))
    return _LINE_SPACE.sub(" ", value).strip()


def clean_body(value: str) -> str:
    """A post body: NFC, Unix line ends, no control characters or bidi overrides,
    trailing whitespace trimmed."""
    value = unicodedata.normalize("NFC", replace_surrogates(value or ""))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _BODY_CONTROLS.sub("", value).translate(_BODY_BIDI_CONTROLS)
    return value.strip()


def fold_key(value: str) -> str:
    """The key that makes two spellings of a name or email the same one."""
    return unicodedata.normalize("NFKC", value).casefold()


def file_size(size: int) -> str:
    """A file's size as people read it: 850 KB, 1.2 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
