"""axe-core on the pages readers and the desk use most: nothing serious or critical."""

import pytest
from django.urls import reverse

from articles.demo import FOUNDING_STORY_SLUG
from articles.models import Article
from tests.e2e.checks import describe_violations, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Faults of the article form that come from widgets the desk takes from
# Django's admin, select2 and django-prose-editor, as (axe rule, the elements
# at fault, why). Each is a bug to fix; the test fails on any fault not
# listed, and on an entry that no longer matches anything, so the list only
# shrinks. Delete an entry with its fix.
KNOWN_DESK_VIOLATIONS = [
    (
        "aria-input-field-name",
        ".field-body .ProseMirror[contenteditable]",
        "django-prose-editor's editing area (role=textbox) has no accessible name: the "
        "field's <label for=id_body> names the hidden textarea, not the editor.",
    ),
    (
        "label",
        ".field-published_at .datetime input",
        "Django admin's split date/time widget (admin/widgets/split_datetime.html) prints "
        "“Date:” and “Time:” as text; neither input of the publish time has a label.",
    ),
    (
        "aria-input-field-name",
        ".select2-selection--single, .select2-selection__rendered",
        "An empty single-choice autocomplete (Django admin's select2: section, source "
        "organization) is named by its rendered value, which is empty until one is chosen.",
    ),
    (
        "label",
        ".select2-search--inline .select2-search__field",
        "The search box of a multiple-choice autocomplete (organizations, people, tags, "
        "pinned related stories) has no label.",
    ),
    (
        "list",
        ".select2-selection--multiple .select2-selection__rendered",
        "select2 puts its clear button (a <span>) directly in the <ul> of chosen values.",
    ),
    (
        "link-in-text-block",
        ".breadcrumbs a",
        "Django admin's breadcrumb links differ from the text around them by colour alone.",
    ),
]


def test_public_pages_have_no_serious_accessibility_violations(new_context, demo):
    # axe goes in as a script tag, which the site's Content-Security-Policy refuses.
    page = new_context(bypass_csp=True).new_page()
    pages = {
        "front page": "/",
        "article": f"/articles/{FOUNDING_STORY_SLUG}/",
        "organization": "/organizations/mila/",
        "search": "/search/?q=Vinnova",
    }
    found = {}
    for name, url in pages.items():
        assert page.goto(url).status == 200, url
        found[name], _known = serious_accessibility_violations(page)

    assert not any(found.values()), describe_violations(found)


def test_article_form_has_no_serious_accessibility_violations_but_known_ones(
    signed_in, editor, demo
):
    founding_story = Article.objects.get(slug=FOUNDING_STORY_SLUG)
    desk = signed_in(editor, bypass_csp=True)
    forms = {
        "new article form": reverse("admin:articles_article_add"),
        "article form": reverse("admin:articles_article_change", args=[founding_story.pk]),
    }
    found, known = {}, set()
    for name, url in forms.items():
        assert desk.goto(url).status == 200, url
        found[name], matched = serious_accessibility_violations(desk, KNOWN_DESK_VIOLATIONS)
        known |= matched

    assert not any(found.values()), describe_violations(found)
    fixed = [
        selector for rule, selector, _why in KNOWN_DESK_VIOLATIONS if (rule, selector) not in known
    ]
    assert not fixed, f"Fixed, so delete from KNOWN_DESK_VIOLATIONS: {fixed}"
