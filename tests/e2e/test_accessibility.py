"""axe-core on the pages readers and the desk use most: nothing serious or critical."""

import pytest
from django.urls import reverse

from articles.models import Article
from demo.content import FOUNDING_STORY_SLUG
from tests.e2e.checks import describe_violations, serious_accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_public_pages_have_no_serious_accessibility_violations(new_context, demo):
    # axe goes in as a script tag, which the site's Content-Security-Policy refuses.
    page = new_context(bypass_csp=True).new_page()
    pages = {
        "front page": "/",
        "article": f"/articles/{FOUNDING_STORY_SLUG}/",
        "organization": "/organizations/mila/",
        "search": "/search/?q=Vinnova",
        "French front page": "/fr/",
        "French article": "/fr/articles/mila-et-ai-sweden-unissent-leurs-forces/",
        "Swedish article": "/sv/articles/mila-och-ai-sweden-inleder-samarbete/",
        "Swedish organization": "/sv/organizations/mila/",
        "relationship map, two steps out": "/organizations/mila/?hops=2",
        "directory map": "/organizations/map/",
    }
    found = {}
    for name, url in pages.items():
        assert page.goto(url).status == 200, url
        found[name] = serious_accessibility_violations(page)

    assert not any(found.values()), describe_violations(found)


def test_article_form_has_no_serious_accessibility_violations(signed_in, editor, demo):
    """The rich-text editor, the autocompletes and the publish time are all named."""
    founding_story = Article.objects.get(slug=FOUNDING_STORY_SLUG)
    desk = signed_in(editor, bypass_csp=True)
    forms = {
        "new article form": reverse("admin:articles_article_add"),
        "article form": reverse("admin:articles_article_change", args=[founding_story.pk]),
    }
    found = {}
    for name, url in forms.items():
        assert desk.goto(url).status == 200, url
        found[name] = serious_accessibility_violations(desk)

    assert not any(found.values()), describe_violations(found)
