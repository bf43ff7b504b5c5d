"""Every page type is valid HTML, as judged by the Nu Html Checker (vnu-jar, run with Java)."""

import io

import pytest
from django.core.management import call_command

from tests.html_checker import html_errors

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "archive": "/articles/",
    "article": "/articles/mila-partners-with-ai-sweden/",
    "explainer": "/articles/what-is-ai-sweden/",
    "section": "/sections/news/",
    "tag": "/tags/sweden/",
    "directory": "/organizations/",
    "organization": "/organizations/mila/",
    "organization-map": "/organizations/mila/?hops=2",
    "directory-map": "/organizations/map/",
    "directory-map-filtered": "/organizations/map/?kind=company&relationship=partner",
    "person": "/people/yoshua-bengio/",
    "search": "/search/?q=Vinnova",
    "search-empty": "/search/",
    "not-found": "/articles/no-such-story/",
    # The French and Swedish editions.
    "home-fr": "/fr/",
    "article-fr": "/fr/articles/mila-et-ai-sweden-unissent-leurs-forces/",
    "organization-fr": "/fr/organizations/mila/",
    "directory-map-fr": "/fr/organizations/map/",
    "search-fr": "/fr/search/?q=Vinnova",
    "home-sv": "/sv/",
    "article-sv": "/sv/articles/mila-och-ai-sweden-inleder-samarbete/",
    "person-sv": "/sv/people/yoshua-bengio/",
    "not-found-sv": "/sv/articles/no-such-story/",
    # More query parameters than Django reads: the 400 page.
    "bad-request": "/?" + "&".join(f"utm_{n}=1" for n in range(1200)),
}


def test_every_page_type_passes_the_nu_html_checker(client, tmp_path):
    call_command("load_demo", stdout=io.StringIO())

    pages = {}
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        pages[name] = response.content

    assert html_errors(pages, tmp_path) == []
