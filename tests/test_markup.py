"""Cooking: hostile input comes out harmless, real posts come out readable."""
from html.parser import HTMLParser

import pytest

from forum.markup import ALLOWED_TAGS, cook, references, to_text


class Tags(HTMLParser):
    """The live elements of an HTML fragment, as (tag, {attribute: value})."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("raw", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="steal()">click</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="position:fixed;top:0">cover</p>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=p></form>',
])
def test_html_typed_by_authors_never_becomes_live_markup(raw):
    for tag, attributes in Tags(cook(raw)).found:
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attributes)


@pytest.mark.parametrize("raw", [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
    '<a href="javascript:alert(1)">x</a>',
])
def test_links_with_script_or_data_urls_lose_their_target(raw):
    links = [attributes for tag, attributes in Tags(cook(raw)).found if tag == "a"]
    assert links and all("href" not in attributes for attributes in links)


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
    for fragment in ("<h2>خطوات</h2>", "<ul>", "<ol>", "<blockquote>", '<code class="language-python">',
                     "<table>", "<td>٣١</td>", "سطر أول<br>"):
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
