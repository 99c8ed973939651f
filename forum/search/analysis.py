"""Text analysis for search, the same at index and at query time.

Arabic: diacritics and tatweel go before tokenising (a word keeps its whole span, so
highlights cover the word as written); alef/hamza forms, alef maqsura, ta marbuta and hamza
seats are unified; Eastern Arabic and Persian digits become ASCII; clitic prefixes and common
suffixes are removed by Snowball's Arabic stemmer, helped by two light rules it lacks
(a conjunction before the article, and the feminine plural). Latin-script words are stemmed
per word: French when the word carries a French accent, else English; accents are folded
after stemming so "écoles" and "ecoles" meet.

Two analyzers: SURFACE (normalised words, for exact matches that should rank higher) and
STEMMED (for matches across word forms). Snowball runs as C code when PyStemmer is
installed (it is in requirements.txt), in pure Python otherwise.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from whoosh.analysis import Filter, LowercaseFilter, Token, Tokenizer

ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# A word: letters/digits of any script, with Arabic marks and tatweel inside it.
WORD = re.compile(r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640])+")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
FRENCH_ACCENTS = set("àâäçéèêëîïôöùûüÿœæ")

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "ء",
        "ئ": "ء",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Eastern Arabic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
)
_ARTICLES = ("بال", "كال", "ال", "لل")

# Words that say nothing about a topic, by their normalised form. They stay in the index
# (phrases need them); only suggestions ("similar topics") leave them out.
STOPWORDS = frozenset(
    """
كيف ماذا لماذا متي اين هل ما من في علي الي عن مع او ام ثم لا لم لن ان انه هذا هذه ذلك تلك
الذي التي الذين كان كانت يكون قد كل بعض غير بين عند حتي نحن انا انت هو هي هم لنا لكم لدي
عندما اذا بعد قبل منذ لدينا يمكن نحو جدا ايضا
a an and are as at be by can could do does for from has have how i if in is it my of on or our
should so that the their this to was we what when where which who why will with you your
au aux avec ce ces comment dans de des du elle en est et il je la le les leur mes mon ne nos
notre nous ou par pas pour quand que quel quelle qui sa se son sur un une vos votre vous
""".split()
)

_stemmers = {}


def _stemmer(language):
    if language not in _stemmers:
        _stemmers[language] = snowballstemmer.stemmer(language)
    return _stemmers[language]


def normalize_word(word: str) -> str:
    """The surface form used for exact matching: no marks, unified letters, lower case."""
    return ARABIC_MARKS.sub("", word).translate(_LETTERS).lower()


def fold_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The stem of one normalised word, by its script. Cached: a forum's vocabulary is
    small next to its word count."""
    if ARABIC_LETTER.search(word):
        return _stem_arabic(word)
    if word.isdigit():
        return word
    language = "french" if FRENCH_ACCENTS.intersection(word) else "english"
    return fold_accents(_stemmer(language).stemWord(word))


def _stem_arabic(word):
    if word[:1] in ("و", "ف") and word[1:].startswith(_ARTICLES) and len(word) > 4:
        word = word[1:]  # "والمعلمات" → "المعلمات"
    for article in _ARTICLES:
        # Snowball's suffix rules change with the article present, so it goes first.
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    if word.endswith("ات") and len(word) > 4:
        word = word[:-2] + "ه"  # feminine plural as its singular: Snowball treats them apart
    stem = _stemmer("arabic").stemWord(word)
    if stem.endswith("ه") and len(stem) > 3:
        stem = stem[:-1]  # ta marbuta, unified to ه before stemming
    return stem


class WordTokenizer(Tokenizer):
    """Words with their Arabic marks inside them; the token text loses the marks,
    the character span keeps them."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, match in enumerate(WORD.finditer(value), start=start_pos):
            text = ARABIC_MARKS.sub("", match.group())
            if not text:
                continue
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = position
            if chars:
                token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
            yield token


class NormalizeFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            token.text = normalize_word(token.text)
            yield token


class StemFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            token.text = stem_word(token.text)
            yield token


SURFACE = WordTokenizer() | LowercaseFilter() | NormalizeFilter()
STEMMED = SURFACE | StemFilter()


def content_words(text: str) -> list[str]:
    """The words of text, as written, that are not stopwords."""
    return [match.group() for match in WORD.finditer(text) if normalize_word(match.group()) not in STOPWORDS]


def analyze(text: str, analyzer=STEMMED) -> list[str]:
    return [token.text for token in analyzer(text)]
