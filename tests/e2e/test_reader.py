"""A reader finds stories with search and follows them by feed; the article page by keyboard."""

import html

import feedparser
import pytest
from playwright.sync_api import expect

from demo.content import ARTICLES, FOUNDING_STORY_SLUG

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOUNDING_HEADLINE = next(a["headline"] for a in ARTICLES if a["slug"] == FOUNDING_STORY_SLUG)
FOUNDING_STORY_URL = f"/articles/{FOUNDING_STORY_SLUG}/"


def test_reader_searches_for_vinnova_finds_the_founding_story_and_its_feed(reader, demo):
    reader.goto("/")
    search = reader.get_by_role("searchbox", name="Search stories, organizations and people")
    search.fill("Vinnova")
    search.press("Enter")

    expect(reader.get_by_role("heading", level=1)).to_have_text("Search results for “Vinnova”")
    entities = reader.get_by_role("region", name="Organizations and people")
    expect(entities.get_by_role("link", name="Vinnova", exact=True)).to_be_visible()
    stories = reader.get_by_role("region", name="Stories")
    stories.get_by_role("link", name=FOUNDING_HEADLINE).click()

    expect(reader).to_have_url(FOUNDING_STORY_URL)
    expect(reader.get_by_role("heading", level=1)).to_have_text(FOUNDING_HEADLINE)

    footer = reader.get_by_role("contentinfo")
    with reader.expect_response("**/feed/") as answered:
        footer.get_by_role("link", name="RSS", exact=True).click()
    expect(reader).to_have_url("/feed/")
    response = answered.value
    assert response.headers["content-type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.text())
    assert feed.version == "rss20"
    # RSS titles are HTML, which a feed reader renders: "Sweden&#x27;s" reads "Sweden's".
    assert FOUNDING_HEADLINE in [html.unescape(entry.title) for entry in feed.entries]


# What a keyboard can reach: links, form controls and anything given a tab stop.
CONTROLS = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary,"
    " [contenteditable=true], [tabindex]:not([tabindex='-1'])"
)

MARK_CONTROLS = """selector => {
    const controls = [...document.querySelectorAll(selector)]
        .filter(control => !control.disabled && control.getClientRects().length > 0);
    controls.forEach((control, number) => { control.dataset.control = number; });
    return controls.map(control => (control.innerText || control.value || control.name).trim());
}"""

FOCUSED = """() => {
    const control = document.activeElement;
    if (!control || control === document.body) return null;
    const style = getComputedStyle(control);
    const box = control.getBoundingClientRect();
    return {
        number: control.dataset.control === undefined ? null : Number(control.dataset.control),
        id: control.id,
        name: (control.getAttribute("aria-label") || control.innerText || control.value || "")
            .trim().slice(0, 60),
        outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        // Within a pixel: Chromium scrolls a control just into view, to a fraction.
        on_screen: box.width > 0 && box.height > 0 && box.top > -1 && box.bottom < innerHeight + 1,
    };
}"""


def test_article_page_works_by_keyboard_alone(reader, demo):
    reader.goto(FOUNDING_STORY_URL)
    controls = reader.evaluate(MARK_CONTROLS, CONTROLS)

    # The first Tab shows the skip link; Enter moves focus to the story.
    reader.keyboard.press("Tab")
    skip_link = reader.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert reader.evaluate(FOCUSED)["outlined"]
    reader.keyboard.press("Enter")
    expect(reader).to_have_url(f"{FOUNDING_STORY_URL}#main")
    expect(reader.get_by_role("main")).to_be_focused()
    reader.keyboard.press("Tab")
    expect(reader.get_by_role("main").get_by_role("link", name="News")).to_be_focused()

    # Tab from the top of the page visits every control once, in reading
    # order, each on screen and with a visible focus ring.
    reader.goto(FOUNDING_STORY_URL)
    reader.evaluate(MARK_CONTROLS, CONTROLS)
    visited = []
    for _ in range(len(controls) + 5):
        reader.keyboard.press("Tab")
        focused = reader.evaluate(FOCUSED)
        if focused is None or (visited and focused["number"] == visited[0]["number"]):
            break
        visited.append(focused)
    assert [control["number"] for control in visited] == list(range(len(controls))), (
        f"tab order {[control['name'] for control in visited]} != {controls}"
    )
    unseen = [control["name"] for control in visited if not control["outlined"]]
    assert not unseen, f"no visible focus on {unseen}"
    off_screen = [control["name"] for control in visited if not control["on_screen"]]
    assert not off_screen, f"focused but off screen: {off_screen}"

    # The controls work from the keyboard: follow a link, then search.
    tab_to(reader, name="Mila")
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Mila")
    tab_to(reader, control_id="site-search")
    reader.keyboard.type("AstraZeneca")
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Search results for “AstraZeneca”")


def tab_to(page, name=None, control_id=None, limit=100):
    """Press Tab until the control with this name (or id) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and (focused["id"] == control_id if control_id else focused["name"] == name):
            return
    raise AssertionError(f"Tab never reached {name or control_id!r}")
