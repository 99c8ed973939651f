"""Cooking: hostile input comes out harmless, real posts come out readable."""

import re
from html.parser import HTMLParser

import pytest

from config import TestingConfig
from forum.markup import ALLOWED_TAGS, MAX_DEPTH, cook, outside_links, references, to_text


class Tags(HTMLParser):
    """The live elements of an HTML fragment, as (tag, {attribute: value})."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="#" onclick="steal()">click</a>',
        "<svg onload=alert(1)>",
        '<iframe src="https://evil.example"></iframe>',
        '<p style="position:fixed;top:0">cover</p>',
        "<style>body{display:none}</style>",
        '<form action="https://evil.example"><input name=p></form>',
    ],
)
def test_html_typed_by_authors_never_becomes_live_markup(raw):
    for tag, attributes in Tags(cook(raw)).found:
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attributes)


@pytest.mark.parametrize(
    "raw",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_links_with_script_or_data_urls_lose_their_target(raw):
    # Such a link is shown as the text its author typed (it once became an <a> without href).
    assert not [attributes for tag, attributes in Tags(cook(raw)).found if tag == "a"]
    assert to_text(cook(raw)).strip() == raw


UNSAFE_TARGETS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "&#x6A;avascript:alert(1)",
    "java%0ascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "javascript://example.org/%0Aalert(1)",
    "data://example.org/x",
    "data:text/html;base64,PHNjcmlwdD4=",
    "data:image/png;base64,iVBORw0K",
    "DATA:text/html,x",
    "ftp://example.org/f",
    "ssh://example.org",
    "irc://irc.example.org/chan",
    "webcal://example.org/cal",
    "feed://example.org/rss",
    "file:///etc/passwd",
    "//evil.example/x",
    "///evil.example/x",
    "page.html",
    "evil.example/x",
]


def live_hrefs(html):
    return [attributes["href"] for tag, attributes in Tags(html).found if tag == "a" and "href" in attributes]


@pytest.mark.parametrize(
    "raw",
    [
        shape.format(target)
        for target in UNSAFE_TARGETS
        for shape in ("[x]({})", "[x]( {} )", "[x](<{}>)", "<{}>", "![x]({})", "[x][r]\n\n[r]: {}", "{}", "نص {} نص")
        # A bare domain name is a web address (http://evil.example/x), and allowed.
        if not (target == "evil.example/x" and "(" not in shape and "<" not in shape and "]" not in shape)
    ],
)
def test_links_go_live_only_to_the_web_mail_and_the_forums_own_pages(raw):
    assert live_hrefs(cook(raw)) == []


@pytest.mark.parametrize(
    "raw",
    [
        "[x](java\tscript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](<java script:alert(1)>)",
        "[x](\x01javascript:alert(1))",
        "[x](\u200bjavascript:alert(1))",
        "<java\nscript:alert(1)>",
        "[x](/\\evil.example)",
        "[x](\\\\evil.example)",
        "[x]( //evil.example)",
        "[x](%2F%2Fevil.example)",
    ],
)
def test_disguised_scripts_and_other_hosts_never_become_an_href(raw):
    for href in live_hrefs(cook(raw)):
        assert not href.lower().lstrip().startswith(("javascript", "java", "//", "\\")), href
        assert href.startswith("/") and not href.startswith(("//", "/\\")), href


@pytest.mark.parametrize(
    "raw, href",
    [
        ("[x](https://example.org/a)", "https://example.org/a"),
        ("[x](HTTP://example.org/a)", "HTTP://example.org/a"),
        ("<https://example.org/a>", "https://example.org/a"),
        ("https://example.org/a_b_/c", "https://example.org/a_b_/c"),
        ("اقرأ https://example.org/a، ثم", "https://example.org/a"),
        ("example.org", "http://example.org"),
        ("[x](mailto:mona@example.org)", "mailto:mona@example.org"),
        ("<mona@example.org>", "mailto:mona@example.org"),
        ("mailto:mona@example.org", "mailto:mona@example.org"),
        ("[x](/p/42)", "/p/42"),
        ("[x](/t/slug/7?page=2#p-3)", "/t/slug/7?page=2#p-3"),
        ("[x](#p-3)", "#p-3"),
    ],
)
def test_web_mail_and_forum_links_go_live_marked_nofollow_ugc_noopener(raw, href):
    assert [attributes for tag, attributes in Tags(cook(raw)).found if tag == "a"] == [
        {"href": href, "rel": "nofollow ugc noopener"}
    ]


def test_outside_links_are_the_web_and_mail_addresses_not_the_forums_own():
    cooked = cook("[أ](/p/1) [ب](#p-2) [ج](https://example.org) <mona@example.org> example.com")
    assert outside_links(cooked) == ["https://example.org", "mailto:mona@example.org", "http://example.com"]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "\x00",
        "\ufeff\u202e",
        "\r\n\r",
        "\t" * 50,
        "\U0010ffff",
        "\udbff\udfff",
        "[\x00](\x00)",
        "```\x00",
        "| \x00 |\n|-|",
        "@\x00",
        "<\x00>",
        "&#0;",
        "&#xD800;",
    ],
)
def test_any_string_cooks(raw):
    str(cook(raw, users=lambda names: {})).encode("utf-8")


def test_unsafe_links_read_as_the_text_their_author_typed():
    raw = "[صورة](javascript:alert(1)) و data:text/html,x و //evil.example"
    cooked = cook(raw)
    assert "<a" not in cooked and to_text(cooked).strip() == raw


def test_links_are_marked_nofollow_ugc_noopener_and_bare_urls_become_links():
    cooked = cook("اقرأ [الدليل](https://example.org/guide) وأيضًا https://example.com/x")
    assert cooked.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://example.org/guide"' in cooked
    assert 'href="https://example.com/x"' in cooked


def test_urls_inside_code_stay_text():
    assert "<a" not in cook("`https://example.org`")


def test_forum_markdown_renders_lists_quotes_code_tables_and_line_breaks():
    raw = (
        "## خطوات\n\n- أولًا\n- ثانيًا\n\n1. واحد\n2. اثنان\n\n> اقتباس من الزميلة\n\n"
        "```python\nprint('مرحبا')\n```\n\n| الصف | العدد |\n|---|---|\n| الثامن | ٣١ |\n\nسطر أول\nسطر ثان"
    )
    cooked = cook(raw)
    for fragment in (
        "<h2>خطوات</h2>",
        "<ul>",
        "<ol>",
        "<blockquote>",
        '<code class="language-python">',
        "<table>",
        "<td>٣١</td>",
        "سطر أول<br>",
    ):
        assert fragment in cooked


def test_arabic_and_mixed_script_text_is_kept_exactly():
    raw = "استخدمتُ استراتيجية think-pair-share مع الصف ٨ (grade 8) — et ça a marché !"
    assert to_text(cook(raw)).strip() == raw


def test_plain_text_is_what_a_reader_sees_with_entities_decoded():
    assert to_text(cook("**a < b** & [رابط](https://example.org)")).strip() == "a < b & رابط"


def test_cooked_output_escapes_what_it_shows_as_text():
    assert "&lt;b&gt;" in cook("`<b>`")
    assert "a &lt; b" in cook("a < b")


def test_mentions_of_users_become_profile_links_and_the_rest_stays_text():
    users = {"منى": "منى", "mona.k": "Mona.K"}.get

    def known(names):
        return {name.casefold(): users(name.casefold()) for name in names if users(name.casefold())}

    html = str(cook("شكرًا @منى و @Mona.K. و @nobody\n\n`@منى` و a@mona.k", users=known))
    assert html.count('class="mention"') == 2
    assert '<a class="mention" href="/u/Mona.K" rel="nofollow ugc noopener">@Mona.K</a>.' in html
    assert "@nobody" in html and "<code>@منى</code>" in html and "a@mona.k" in html
    assert references(html) == (["منى", "Mona.K"], [])


def test_quotes_are_links_to_post_permalinks():
    html = str(cook("[منى](/p/42) كتبت:\n> نص\n\n[رابط](/p/42/edit) [آخر](https://example.org/p/7)"))
    assert references(html) == ([], [42])


def test_image_syntax_is_a_link_to_the_image_named_by_its_alt_text():
    cooked = cook('انظر ![مخطط الدرس](https://example.org/y.png "العنوان") و ![](https://example.org/z.png)')
    assert "<img" not in cooked
    assert Tags(cooked).found == [
        ("p", {}),
        ("a", {"href": "https://example.org/y.png", "title": "العنوان", "rel": "nofollow ugc noopener"}),
        ("a", {"href": "https://example.org/z.png", "rel": "nofollow ugc noopener"}),
    ]
    assert to_text(cooked).strip() == "انظر مخطط الدرس و https://example.org/z.png"


def test_image_syntax_with_an_unsafe_target_or_inside_a_link_adds_no_link():
    assert "<a" not in cook("![x](javascript:alert(1)) ![y](data:image/png;base64,iVBOR) ![z]()")
    cooked = cook("[![الشعار](https://example.org/logo.png)](https://example.org)")
    assert live_hrefs(cooked) == ["https://example.org"] and to_text(cooked).strip() == "الشعار"


@pytest.mark.parametrize(
    "raw",
    [
        "\ud800",
        "نص \udfff نص",
        "**\ud83d**",
        "[\udc00](https://example.org/\ud800)",
        "`\ud800`",
        "@\ud800",
        "\ud800" * 1000,
    ],
)
def test_lone_surrogates_cook_into_replacement_characters(raw):
    cooked = cook(raw, users=lambda names: {})
    cooked.encode("utf-8")
    assert "\ufffd" in cooked


def test_a_surrogate_pair_cooks_into_the_character_it_stands_for():
    assert "😀" in cook("\ud83d\ude00")


def test_strikethrough_and_ordered_list_start_are_kept():
    cooked = cook("~~قديم~~ جديد\n\n3. ثالثًا\n4. رابعًا")
    assert "<s>قديم</s>" in cooked and '<ol start="3">' in cooked


def test_markdown_around_arabic_and_english_keeps_every_word_in_order():
    raw = "**مرحبًا** hello _عالم_ — `code` و [رابط](https://example.org) ~~x~~ ١٢٣ 123"
    assert to_text(cook(raw)).strip() == "مرحبًا hello عالم — code و رابط x ١٢٣ 123"


def test_mentions_stay_text_inside_links_and_code_blocks():
    def known(names):
        return {name.casefold(): name for name in names}

    cooked = str(cook("[@mona](https://example.org)\n\n```\n@mona\n```\n\n    @mona", users=known))
    assert 'class="mention"' not in cooked


# Hostile shapes at the longest a post may be: each once took a worker seconds to minutes.
# The checks ask for sensible output, not a time: bench/cooking.py measures the time.
LIMIT = TestingConfig.MAX_POST_LENGTH


def fill(unit, length=LIMIT):
    return (unit * (length // len(unit) + 1))[:length]


def nested(opening, closing):
    count = LIMIT // (len(opening) + len(closing))
    return opening * count + closing * count


def backticks_of_growing_length():
    return "".join("`" * (n % 40 + 1) + "ab"[n % 2] for n in range(2000))[:LIMIT]


def letters(text):
    return re.sub(r"[\W_]", "", text)


VERBATIM = {  # shown as typed, every character
    "[": fill("["),
    "[ nested": nested("[", "]"),
    "![": fill("!["),
    "(": fill("("),
    "](": fill("]("),
    "[a](": fill("[a]("),
    "![a](": fill("![a]("),
    "( nested": nested("(", ")"),
    "[]( nested": nested("[](", ""),
    "<": fill("<"),
    "<a": fill("<a "),
    "<http://": fill("<http://"),
    "&": fill("&"),
    "&#": fill("&#"),
    "&#1": fill("&#1"),
    "word": fill("a"),
    "Arabic word": fill("ب"),
    "http:": fill("http:"),
    "Arabic and [": fill("نص [عربي ](("),
    "@a": fill("@a"),
    "backslashes": fill("\\ "),
}
SAME_LETTERS = {  # markup may form, but every letter and digit is still there, in order
    "`a``b```c": fill("`a``b```c"),
    "` growing": backticks_of_growing_length(),
    "*a": fill("*a"),
    "_a": fill("_a"),
    "**a": fill("**a"),
    "mixed emphasis": fill("*a _b **c __d "),
    "~~a": fill("~~a"),
    "Arabic and *_`": fill("نص *مائل _و `رمز "),
    "long URL": "https://example.org/" + fill("a", LIMIT - 20),
    "URLs": fill("https://example.org/x "),
    "domains": fill("example.org "),
    "dotted host": fill("a."),
    "emails": fill("a@example.org "),
    "URL with parentheses": "https://example.org/" + fill("(a", LIMIT - 20),
    "everything": fill("[![*_`<&#> ~~@a http://x.org ( ] ) | \n"),
    "# run": fill("#"),
    "- lines": fill("-\n"),
    "> lines": fill(">", LIMIT - 1) + "\n",
    "table pipes": fill("|-\n"),
}


@pytest.mark.parametrize("name", VERBATIM)
def test_hostile_runs_and_nestings_at_full_length_show_as_typed(name):
    assert to_text(cook(VERBATIM[name])).strip() == VERBATIM[name].strip()


@pytest.mark.parametrize("name", SAME_LETTERS)
def test_hostile_markup_at_full_length_keeps_every_letter(name):
    assert letters(to_text(cook(SAME_LETTERS[name]))) == letters(SAME_LETTERS[name])


@pytest.mark.parametrize("raw", [fill("`"), fill("*"), fill("_"), fill("- "), fill("**")])
def test_full_length_runs_of_one_marker_are_a_rule_or_an_empty_code_block(raw):
    assert cook(raw).strip() in ("<hr>", "<pre><code></code></pre>")


def test_quotes_nested_past_the_limit_show_the_rest_as_text():
    raw = fill("> ", LIMIT - 4) + "نص"
    cooked = cook(raw)
    assert cooked.count("<blockquote>") == MAX_DEPTH
    assert to_text(cooked).strip() == raw[2 * MAX_DEPTH :]


def test_lists_nested_past_the_limit_show_the_rest_as_text():
    lines = ["  " * depth + f"- عنصر {depth}" for depth in range(170)]
    cooked = cook("\n".join(lines))
    assert cooked.count("<ul>") == MAX_DEPTH // 2
    assert [f"عنصر {depth}" in to_text(cooked) for depth in range(170)] == [True] * 170


@pytest.mark.parametrize("columns", [3, 3000])
def test_full_length_tables_keep_every_cell(columns):
    header = "|" + "|".join(f"c{n}" for n in range(columns)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(columns)) + "|\n"
    row = "|" + "|".join("س" for _ in range(columns)) + "|\n"
    rows = (LIMIT - len(header) - len(rule)) // len(row)
    cooked = cook(header + rule + row * rows)
    assert cooked.count("<th>") == columns and cooked.count("<td>س</td>") == columns * rows


def test_a_full_post_of_mentions_links_every_user_once_each_time():
    raw = "@منى @mona.k " * (LIMIT // 13)
    cooked = cook(raw, users=lambda names: {name.casefold(): name for name in names})
    assert cooked.count('class="mention"') == raw.count("@")
