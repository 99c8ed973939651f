import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import brotli

from forum.assets import LONG_CACHE, Fingerprints

STATIC = Path(__file__).resolve().parent.parent / "static"


def _asset_urls(html):
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_css_and_js_urls_carry_a_hash_of_their_content_and_are_cached_for_a_year(client):
    urls = _asset_urls(client.get("/").text)
    assert {urlsplit(url).path for url in urls} >= {"/static/css/forum.css", "/static/js/forum.js"}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == LONG_CACHE, url


def test_an_asset_asked_for_without_its_current_hash_must_be_revalidated(client):
    for url in ("/static/css/forum.css", "/static/css/forum.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert "immutable" not in response.headers.get("Cache-Control", ""), url


def test_a_changed_file_gets_a_new_url(tmp_path):
    asset = tmp_path / "site.css"
    asset.write_text("a { color: red }")
    fingerprints = Fingerprints(tmp_path)
    before = fingerprints("site.css")
    asset.write_text("a { color: blue; }")
    assert fingerprints("site.css") != before
    assert fingerprints("missing.css") is None


def test_outside_development_each_file_is_hashed_once(tmp_path):
    asset = tmp_path / "site.css"
    asset.write_text("a { color: red }")
    fingerprints = Fingerprints(tmp_path, watch=False)
    first = fingerprints("site.css")
    asset.unlink()
    assert fingerprints("site.css") == first


def test_pages_and_stylesheets_are_sent_compressed(client, community):
    css = client.get("/static/css/forum.css", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert css.headers["Content-Encoding"] == "br"
    assert brotli.decompress(css.get_data()) == (STATIC / "css/forum.css").read_bytes()
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in page.headers["Vary"]
    assert "أحدث النقاشات" in gzip.decompress(page.get_data()).decode()


def test_the_arabic_typeface_is_served_from_here_with_its_licence(client):
    css = (STATIC / "css/forum.css").read_text()
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css)
    assert fonts, "no @font-face in the stylesheet"
    assert "http" not in " ".join(re.findall(r"url\([^)]*\)", css))
    for font in fonts:
        response = client.get(f"/static/{font}")
        assert response.status_code == 200 and response.headers["Cache-Control"] == LONG_CACHE, font
    assert "SIL Open Font License" in (STATIC / "fonts/OFL.txt").read_text()
