"""
The permission matrix of the Content API: a story that is not published (a
draft, in review, scheduled or archived), its quotes, and the names only it
cites appear on no endpoint.
"""

import datetime

import pytest

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)

UNPUBLISHED = {
    "draft": (Article.Status.DRAFT, None),
    "in-review": (Article.Status.REVIEW, None),
    "scheduled": (Article.Status.PUBLISHED, NOW + HOUR),
    "archived": (Article.Status.ARCHIVED, NOW - HOUR),
}


@pytest.mark.parametrize("state", sorted(UNPUBLISHED))
def test_an_unpublished_story_appears_on_no_endpoint(client, frozen_now, state):
    status, published_at = UNPUBLISHED[state]
    section = SectionFactory(slug="news")
    mila = OrganizationFactory(slug="mila")
    bengio = PersonFactory(slug="yoshua-bengio")
    # Known only to the hidden story: proposed by an import, never reviewed.
    secret_source = PersonFactory(slug="zanzibar-whistleblower", needs_review=True)
    secret_firm = OrganizationFactory(slug="zanzibar-holdings", needs_review=True)

    def story(headline, slug, status, published_at):
        created = ArticleFactory(
            headline=headline, slug=slug, section=section, status=status, published_at=published_at
        )
        created.organizations.add(mila)
        created.people.add(bengio)
        created.tags.add("Quantum")
        QuoteFactory(article=created, speaker=bengio, speaker_organization=mila)
        return created

    story("Visible quantum story", "visible-story", Article.Status.PUBLISHED, NOW - HOUR)
    hidden = story("Zanzibar quantum secret", "zanzibar-secret", status, published_at)
    hidden.tags.add("Zanzibar")
    QuoteFactory(
        article=hidden,
        speaker=secret_source,
        speaker_organization=secret_firm,
        text="Zanzibar words nobody may read yet.",
    )

    for url in (
        "/api/v1/articles/zanzibar-secret/",
        "/api/v1/people/zanzibar-whistleblower/",
        "/api/v1/organizations/zanzibar-holdings/",
    ):
        assert client.get(url).status_code == 404, url

    endpoints = [
        "/api/v1/articles/",
        "/api/v1/articles/?section=news",
        "/api/v1/articles/?tag=quantum",
        "/api/v1/articles/?organization=mila",
        "/api/v1/articles/?person=yoshua-bengio",
        "/api/v1/articles/?q=zanzibar",
        "/api/v1/articles/?q=quantum",
        "/api/v1/articles/visible-story/",  # its related stories
        "/api/v1/organizations/",
        "/api/v1/organizations/mila/",
        "/api/v1/people/",
        "/api/v1/people/yoshua-bengio/",
        "/api/v1/quotes/",
        "/api/v1/quotes/?speaker=zanzibar-whistleblower",
        "/api/v1/quotes/?article=zanzibar-secret",
        "/api/v1/tags/",
    ]
    for url in endpoints:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "zanzibar" not in response.content.decode().lower(), url
    # The visible story is there, so the endpoints above were really looked at.
    assert "visible-story" in client.get("/api/v1/articles/?q=quantum").content.decode()
    assert client.get("/api/v1/quotes/").json()["results"][0]["article"]["slug"] == "visible-story"
