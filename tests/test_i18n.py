import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import ngettext

from forum.extensions import db
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "header, lang, direction, text",
    [
        (None, "ar", "rtl", "أحدث النقاشات"),
        ("en-US,en;q=0.9", "en", "ltr", "Latest discussions"),
        ("fr-MA,fr;q=0.9,ar;q=0.5", "fr", "ltr", "Discussions récentes"),
        ("de-DE", "ar", "rtl", "أحدث النقاشات"),
    ],
)
def test_pages_follow_the_browser_language_else_arabic(client, header, lang, direction, text):
    page = client.get("/", headers={"Accept-Language": header} if header else {}).text
    assert f'<html lang="{lang}" dir="{direction}">' in page and text in page


def test_the_switcher_cookie_beats_the_browser_and_the_saved_preference_beats_both(client, auth):
    response = client.post("/locale", data={"locale": "en", "next": "/communities/x"})
    assert response.status_code == 302 and response.location == "/communities/x"
    assert '<html lang="en" dir="ltr">' in client.get("/", headers={"Accept-Language": "fr"}).text
    user = make_user()
    user.locale = "fr"
    db.session.commit()
    auth.login(user)
    assert '<html lang="fr" dir="ltr">' in client.get("/").text


def test_switching_language_while_signed_in_saves_the_preference(client, auth, app):
    user = make_user()
    auth.login(user)
    client.post("/locale", data={"locale": "en"})
    db.session.refresh(user)
    assert user.locale == "en"


def test_unknown_languages_are_refused(client):
    assert client.post("/locale", data={"locale": "xx"}).status_code == 400


def test_every_message_is_translated_in_arabic_and_french(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--ignore-dirs",
            ".* __pycache__ .venv",
            "-o",
            str(template),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for language in ("ar", "fr"):
        with (ROOT / f"forum/translations/{language}/LC_MESSAGES/messages.po").open("rb") as f:
            catalog = read_po(f)
        done = {
            m.id if isinstance(m.id, str) else m.id[0]
            for m in catalog
            if m.id and m.string and (isinstance(m.string, str) or all(m.string)) and not m.fuzzy
        }
        assert sorted(wanted - done) == [], f"untranslated in {language}"


@pytest.mark.parametrize(
    "count, words",
    [
        (0, "لا ردود"),
        (1, "رد واحد"),
        (2, "ردّان"),
        (5, "5 ردود"),
        (14, "14 ردًّا"),
        (100, "100 رد"),
        (103, "103 ردود"),
    ],
)
def test_arabic_uses_its_six_plural_forms(app, count, words):
    with app.test_request_context("/"):
        assert ngettext("%(num)d reply", "%(num)d replies", count) == words


TEMPLATES = ROOT / "templates"
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
TRANSLATABLE_ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"')
# Text that is not a language: marks, symbols and the letters drawn on the toolbar's buttons.
NOT_WORDS = {"B", "I"}


def _unmarked_text(source):
    """Words in a template that reach the page without passing through a translation call."""
    attributes = [value for value in TRANSLATABLE_ATTRIBUTES.findall(source) if "{{" not in value]
    text = JINJA.sub(" ", source)
    # Code (such as the search syntax) is the same in every language.
    text = re.sub(r"<code\b.*?</code>|<!--.*?-->|<[^>]*>|&\w+;", " ", text, flags=re.S)
    words = [word for word in text.split() + attributes if re.search(r"[^\W\d_]", word)]
    return [word for word in words if word not in NOT_WORDS]


def test_every_word_in_the_templates_is_marked_for_translation():
    unmarked = {
        str(path.relative_to(TEMPLATES)): words
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (words := _unmarked_text(path.read_text()))
    }
    assert unmarked == {}


def test_the_check_for_unmarked_words_finds_them():
    assert _unmarked_text('<p title="Hello">{{ _("Fine") }} مرحبا</p>') == ["مرحبا", "Hello"]
    assert _unmarked_text("<code>in:title</code> <!-- note -->") == []
    assert _unmarked_text('<a href="{{ url }}" title="{{ _(\'x\') }}">{{ name }}</a> · #{{ n }}') == []


def test_labels_follow_each_readers_language_whoever_read_them_first(client, auth):
    """Labels kept in macro files were once computed on the first page a process rendered, in
    that reader's language, and served to everyone after."""
    auth.login(make_user(role="admin"))
    assert "Changed a member's role" in client.get("/admin/log", headers={"Accept-Language": "en"}).text
    assert "Member" in client.get("/u/" + make_user().username, headers={"Accept-Language": "en"}).text
    assert "غيّر دور عضو" in client.get("/admin/log", headers={"Accept-Language": "ar"}).text
    assert "مشرف الموقع" in client.get("/u/" + make_user().username, headers={"Accept-Language": "ar"}).text
