"""Text a browser or a client sent that no encoding can store is repaired, not refused."""

import pytest

from forum.text import clean_body, clean_line, replace_surrogates


@pytest.mark.parametrize("clean", [clean_body, clean_line])
@pytest.mark.parametrize(
    "value, cleaned",
    [
        ("\ud800", "\ufffd"),
        ("درس \udfff أول", "درس \ufffd أول"),
        ("a\udc00\ud800b", "a\ufffd\ufffdb"),
        ("\ud83d\ude00 نجاح", "😀 نجاح"),  # a pair standing for one character is that character
    ],
)
def test_lone_surrogates_become_replacement_characters(clean, value, cleaned):
    assert clean(value) == cleaned
    clean(value).encode("utf-8")


def test_text_without_surrogates_is_left_as_it_is():
    text = "نص عادي 😀 \U0010ffff"
    assert replace_surrogates(text) is text
