"""The accessibility check every journey runs on every page it visits."""

from pathlib import Path

AXE = Path(__file__).parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def no_accessibility_violations(page):
    """axe-core finds no WCAG 2.2 A or AA violation, of any impact, on the page."""
    page.evaluate(AXE.read_text())  # evaluate is not subject to the page's CSP
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    found = [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
    ]
    assert found == [], found
