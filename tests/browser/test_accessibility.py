"""axe-core (from the npm registry, see package.json) on the main pages, in Arabic and English,
light and dark: no serious or critical violation."""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import log_in, main_pages, small_forum

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if os.environ.get("FORUM_REQUIRE_BROWSER"):
            pytest.fail(f"{AXE} is missing: run `npm ci`")
        pytest.skip("axe-core is not installed (npm ci)")
    return AXE.read_text()


def serious_violations(page, axe_source):
    # Evaluated through the browser's debugging protocol, so our own CSP does not refuse it.
    page.evaluate(axe_source + ";0")
    return page.evaluate(
        """async rules => {
        const result = await axe.run(document, {runOnly: {type: "tag", values: rules}});
        return result.violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
    }""",
        RULES,
    )


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_main_pages_have_no_serious_accessibility_violations(open_tab, axe_source, locale, dark):
    community, topic, member = small_forum()
    page = open_tab(locale=locale, dark=dark)
    found = {}
    page.goto("/login")
    found["login"] = serious_violations(page, axe_source)
    log_in(page, member)
    for name, path in main_pages(community, topic).items():
        page.goto(path)
        found[name] = serious_violations(page, axe_source)
    assert {name: problems for name, problems in found.items() if problems} == {}
