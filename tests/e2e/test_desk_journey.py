"""
An editor's day in the desk, measured: writing and publishing a short story
from a brief, losing a tab mid-sentence, and the forms checked by axe at
desktop and phone widths.

The brief: a story with two bylines (the editor's own and a new freelancer's),
two quotes by people not yet in the directory, from organizations that are,
tags and a lead image. The journey counts what the editor does, the way a
usability test would: page loads, clicks and the fields typed into (focusing
a field is Tab or a click there; it is counted as a typed field).
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from demo.content import FOUNDING_STORY_SLUG
from organizations.models import Person
from tests.e2e.checks import describe_violations, serious_accessibility_violations
from tests.e2e.desk import field

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADLINE = "Montréal and Stockholm labs open a shared residency for AI researchers"


class Tally:
    """What the editor did: page loads (documents the tab loaded), clicks, typed fields."""

    def __init__(self, page):
        self.page = page
        self.loads = 0
        self.clicks = 0
        self.fields = 0
        self.popups = 0
        page.on("load", lambda _: self._loaded())
        page.on("popup", lambda _: self._popup())

    def _loaded(self):
        self.loads += 1

    def _popup(self):
        self.popups += 1

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def type_into(self, locator, text):
        self.fields += 1
        locator.focus()
        locator.press_sequentially(text)

    def fill(self, locator, text):
        self.fields += 1
        locator.fill(text)

    def report(self):
        return f"{self.loads} page loads, {self.clicks} clicks, {self.fields} typed fields"


def pick(tally, page, select_id, typed, option):
    """Open an autocomplete, type, and choose `option` (a name found, or "Add “…”")."""
    tally.click(page.locator(f"#{select_id} + .select2"))
    tally.fields += 1
    page.locator(".select2-container--open .select2-search__field").press_sequentially(typed)
    results = page.locator(f"#select2-{select_id}-results")
    tally.click(results.get_by_role("option", name=option, exact=True))


def test_an_editor_writes_and_publishes_a_brief_story_in_two_page_loads(
    signed_in, editor, demo, photo
):
    Person.objects.create(name="Edith Reporter", slug="edith-reporter", account=editor)
    page = signed_in(editor)
    tally = Tally(page)

    page.goto(reverse("admin:articles_article_add"))
    tally.fill(field(page, "Headline"), HEADLINE)
    tally.fill(field(page, "Dek"), "A year-long exchange lets researchers work in both cities.")
    tally.type_into(
        page.locator(".ProseMirror[contenteditable]").first,
        "Researchers from Mila and AI Sweden will spend up to a year in each other's labs.",
    )
    # The editor's own byline is there already; a new freelancer is typed in.
    expect(page.locator("#id_bylines-0-person option:checked")).to_have_text("Edith Reporter")
    tally.click(page.get_by_role("button", name="Add another byline"))
    pick(tally, page, "id_bylines-1-person", "Nora Lind", "Add “Nora Lind”")
    expect(page.locator("#id_bylines-1-person option:checked")).to_have_text("Nora Lind (new)")

    for index, (speaker, organization, title, text) in enumerate(
        [
            ("Hélène Gagnon", "Mila", "Director of partnerships", "Talent moves ideas."),
            ("Lars Berg", "AI Sweden", "Head of research", "We learn faster together."),
        ]
    ):
        tally.click(page.get_by_role("button", name="Add another quote"))
        pick(tally, page, f"id_quotes-{index}-speaker", speaker, f"Add “{speaker}”")
        expect(page.locator(f"#id_quotes-{index}-speaker option:checked")).to_contain_text(speaker)
        pick(tally, page, f"id_quotes-{index}-speaker_organization", organization, organization)
        tally.fill(page.locator(f"#id_quotes-{index}-speaker_title"), title)
        tally.fill(page.locator(f"#id_quotes-{index}-text"), text)

    tags = page.locator("#id_tags + .select2 .select2-search__field")
    tally.type_into(tags, "research")
    tags.press("Enter")
    tally.fields += 1
    page.locator("#id_lead_image").set_input_files(photo)
    tally.fill(field(page, "Alt text"), "Two researchers at a whiteboard covered in equations.")

    # The checklist beside the form has caught up with the story.
    expect(page.locator("[data-desk-checks]")).to_contain_text("Done: A byline")
    tally.click(page.get_by_role("button", name="Publish now"))
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))

    print(f"\nBrief story: {tally.report()}, {tally.popups} popup windows")
    article = Article.objects.get(headline=HEADLINE)
    assert article.is_published
    assert [byline.person.name for byline in article.bylines.order_by("position")] == [
        "Edith Reporter",
        "Nora Lind",
    ]
    assert {person.name for person in article.people.all()} == {"Hélène Gagnon", "Lars Berg"}
    assert {org.name for org in article.organizations.all()} == {"Mila", "AI Sweden"}
    # The editor vouched for the names they typed: none waits for review.
    assert not Person.objects.filter(needs_review=True).exists()
    assert article.lead_image
    assert tally.loads <= 2, tally.report()
    assert tally.clicks <= 15, tally.report()
    assert tally.popups == 0


def test_a_tab_closed_mid_sentence_is_restored_on_reopening(signed_in, editor, demo):
    story = Article.objects.get(slug=FOUNDING_STORY_SLUG)
    url = reverse("admin:articles_article_change", args=[story.pk])
    page = signed_in(editor)
    page.goto(url)
    page.locator(".ProseMirror[contenteditable]").first.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The residency opens in the spring and half its pla")
    # Autosave runs every few seconds while the editor types; the tab then closes.
    expect(page.locator("[data-desk-status]")).to_contain_text("Draft kept", timeout=15_000)
    page.context.close()

    again = signed_in(editor)
    again.goto(url)
    expect(again.locator("[data-desk-restore]")).to_contain_text("unsaved typing")
    again.get_by_role("link", name="Restore it").click()

    expect(again.locator(".ProseMirror[contenteditable]").first).to_contain_text("half its pla")
    story.refresh_from_db()
    assert "half its pla" not in story.body


@pytest.mark.parametrize("width", [1440, 390])
def test_the_desk_list_and_forms_pass_axe(signed_in, editor, demo, width):
    story = Article.objects.get(slug=FOUNDING_STORY_SLUG)
    desk = signed_in(editor, bypass_csp=True, viewport={"width": width, "height": 900})
    pages = {
        "article list": reverse("admin:articles_article_changelist"),
        "new article": reverse("admin:articles_article_add"),
        "article form": reverse("admin:articles_article_change", args=[story.pk]),
    }
    found = {}
    for name, url in pages.items():
        assert desk.goto(url).status == 200, url
        found[f"{name} at {width} px"] = serious_accessibility_violations(desk)
        # Nothing wider than the screen but the tables that scroll in their own box.
        overflow = desk.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px too wide"

    assert not any(found.values()), describe_violations(found)
