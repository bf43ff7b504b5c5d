"""What the journeys check on any page: images that really load, and axe-core's verdict."""

from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def expect_loaded_image(image):
    """The image is on the page and its file was served and decoded."""
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")


def serious_accessibility_violations(page):
    """
    What axe-core finds wrong with the page as it is now, serious and critical
    only: each violation with the elements at fault.

    axe is injected as a script tag, which the site's Content-Security-Policy
    refuses, so pages checked with this need a context opened with
    `bypass_csp=True`.
    """
    assert AXE.exists(), f"axe-core is missing at {AXE}: run `npm ci` (make install-dev)"
    page.add_script_tag(path=AXE)
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(violation => ({
                rule: violation.id,
                impact: violation.impact,
                help: violation.help,
                elements: violation.nodes.map(node => node.target.join(" ")),
            }));
        }"""
    )
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]


def describe_violations(found):
    """{page: violations} as lines a failing assertion can print."""
    lines = []
    for page, violations in found.items():
        for violation in violations:
            lines.append(
                f"{page}: {violation['rule']} ({violation['impact']}) {violation['help']}"
                f" — {', '.join(violation['elements'][:5])}"
            )
    return "\n".join(lines)
