"""
Query budgets of the Content API, on stories as real as the site's: bylines,
quotes, organizations, people, tags, corrections and related stories. Each
endpoint costs the same number of queries whatever the archive holds.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from organizations.models import Organization, Person
from tests.factories import (
    BylineFactory,
    CorrectionFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    RelationshipFactory,
    SectionFactory,
    published_article,
)

pytestmark = pytest.mark.django_db

BUDGETS = {
    "/api/v1/articles/": 5,
    "/api/v1/articles/?organization=hub&tag=science&q=story": 6,
    # The story's parts, its translations, and its related stories with a cold
    # cache of entity counts.
    "/api/v1/articles/story-0/": 17,
    "/api/v1/organizations/": 3,
    "/api/v1/organizations/hub/": 6,
    "/api/v1/people/": 3,
    "/api/v1/people/reporter/": 5,
    "/api/v1/quotes/": 3,
    "/api/v1/quotes/?organization=hub": 3,
    "/api/v1/sections/": 2,
    "/api/v1/tags/": 3,
}


def archive(first, last):
    """Stories `first`..`last - 1`, each with what a real one carries, all citing one hub."""
    sections = [
        SectionFactory._meta.model.objects.get_or_create(slug=slug, defaults={"name": slug})[0]
        for slug in ("news", "research")
    ]
    hub = Organization.objects.get_or_create(slug="hub", defaults={"name": "Hub"})[0]
    reporter = Person.objects.get_or_create(slug="reporter", defaults={"name": "Reporter"})[0]
    for n in range(first, last):
        story = published_article(slug=f"story-{n}", section=sections[n % 2])
        partner = OrganizationFactory()
        RelationshipFactory(from_organization=hub, to_organization=partner)
        speaker = PersonFactory()
        BylineFactory(article=story, person=reporter, position=1)
        BylineFactory(article=story, person=PersonFactory(), position=2)
        story.organizations.add(hub, partner)
        story.people.add(speaker)
        story.tags.add("Science", f"Topic {n}")
        QuoteFactory(article=story, speaker=speaker, speaker_organization=hub)
        QuoteFactory(article=story, speaker=speaker, speaker_organization=partner)
        CorrectionFactory(article=story)
        if n:
            story.pinned_related.add(Article.objects.get(slug="story-0"))


def queries(client, url):
    cache.clear()  # each count from a cold cache, as the page cache is off in tests
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", sorted(BUDGETS))
def test_each_endpoint_stays_within_its_budget_as_the_archive_grows(
    client, django_assert_max_num_queries, url
):
    archive(0, 3)
    small = queries(client, url)
    archive(3, 15)
    cache.clear()

    with django_assert_max_num_queries(BUDGETS[url]):
        assert client.get(url).status_code == 200

    assert queries(client, url) == small
