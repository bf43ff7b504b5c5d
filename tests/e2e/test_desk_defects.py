"""Small things the desk got wrong in the browser: tag box, slugs, wide inlines, the editor."""

import pytest
from playwright.sync_api import expect

from organizations.models import Organization
from tests.e2e.desk import field, select_backwards
from tests.helpers import admin_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
RELATIONSHIPS = ["#outgoing_relationships-group", "#incoming_relationships-group"]


def add_tag(page, name):
    """Type a tag into the article's tag box and press Enter, as a writer does."""
    page.locator("#id_tags + .select2").click()
    page.locator("#id_tags + .select2 .select2-search__field").press_sequentially(name)
    options = page.locator("#select2-id_tags-results")
    expect(options.get_by_role("option", name=name, exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#id_tags option:checked", has_text=name)).to_have_count(1)


def test_the_tag_box_keeps_one_clear_all_button_however_many_tags(signed_in, editor):
    desk = signed_in(editor)
    desk.goto(admin_url("articles.article", "add"))
    tag_box = desk.locator("#id_tags + .select2 .select2-selection")
    clear_all = tag_box.locator(".select2-selection__clear")

    for name in ["climate", "energy", "oceans"]:
        add_tag(desk, name)
        expect(clear_all).to_have_count(1)
    # Beside the list of tags, where only list items belong.
    expect(tag_box.locator("ul .select2-selection__clear")).to_have_count(0)

    tag_box.get_by_role("listitem").filter(has_text="energy").locator(
        ".select2-selection__choice__remove"
    ).click()
    expect(desk.locator("#id_tags option:checked")).to_have_text(["climate", "oceans"])
    expect(clear_all).to_have_count(1)

    # The one button clears what is chosen now, and goes with it.
    clear_all.click()
    expect(desk.locator("#id_tags option:checked")).to_have_count(0)
    expect(clear_all).to_have_count(0)


def test_a_slug_keeps_words_joined_by_a_dash_apart(signed_in, editor):
    desk = signed_in(editor)
    desk.goto(admin_url("articles.article", "add"))

    # Typed, not pasted: the slug is filled in from the headline as it is typed.
    field(desk, "Headline").press_sequentially("Swedish–Canadian lab opens its AI/ML wing")

    expect(field(desk, "Slug")).to_have_value("swedish-canadian-lab-opens-its-ai-ml-wing")


def test_an_organizations_relationships_fit_the_page_on_a_desktop_and_a_phone(
    signed_in, editor, demo
):
    mila = Organization.objects.get(slug="mila")
    desk = signed_in(editor)
    desk.set_viewport_size({"width": 1440, "height": 900})
    desk.goto(admin_url("organizations.organization", "change", mila.pk))
    expect(desk.locator("#outgoing_relationships-group tr.has_original")).to_have_count(2)
    desk.locator("#outgoing_relationships-group").get_by_role(
        "button", name="Add another Relationship"
    ).click()
    expect(desk.locator("#outgoing_relationships-2 .select2")).to_be_visible()

    # Beside the sidebar, every column shows without scrolling anything.
    assert desk.evaluate(PAGE_OVERFLOW) == 0
    for group in RELATIONSHIPS:
        width, scroll_width = desk.locator(group).evaluate("g => [g.clientWidth, g.scrollWidth]")
        assert scroll_width <= width, group

    # On a phone the table scrolls inside its box; the page does not move sideways.
    desk.set_viewport_size({"width": 390, "height": 844})
    assert desk.evaluate(PAGE_OVERFLOW) == 0
    delete = desk.locator("#id_outgoing_relationships-0-DELETE")
    delete.scroll_into_view_if_needed()
    expect(delete).to_be_in_viewport()
    assert desk.evaluate("() => window.scrollX") == 0


def test_the_block_style_menu_draws_its_arrow(signed_in, editor):
    desk = signed_in(editor)
    desk.goto(admin_url("articles.article", "add"))
    block_style = desk.locator(".field-body .prose-menubar__selected")
    expect(block_style).to_be_visible()

    arrow = block_style.evaluate(
        """menu => {
            const arrow = getComputedStyle(menu, "::after");
            const {content, borderTopWidth, borderTopColor} = arrow;
            return {content, border: borderTopWidth, colour: borderTopColor};
        }"""
    )

    # No character to draw ("⏷" is in none of Debian's fonts): a triangle of border.
    assert arrow["content"] == '""'
    assert arrow["border"] == "5px"
    assert arrow["colour"] != "rgba(0, 0, 0, 0)"


def test_typing_after_inserting_a_link_adds_to_the_text(signed_in, editor):
    desk = signed_in(editor)
    desk.goto(admin_url("articles.article", "add"))
    body = desk.locator(".field-body [contenteditable=true]")
    body.click()
    desk.keyboard.type("Details are on the programme page")
    select_backwards(desk, body, "programme page")

    desk.get_by_role("button", name="insert link").click()
    link_dialog = desk.locator("dialog[open]")
    link_dialog.get_by_label("URL").fill("https://example.org/programme")
    link_dialog.get_by_role("button", name="Update").click()
    desk.keyboard.type(".")

    expect(body.locator("p")).to_have_text("Details are on the programme page.")
    link = body.get_by_role("link")
    expect(link).to_have_text("programme page")
    expect(link).to_have_attribute("href", "https://example.org/programme")
