"""
The one visibility rule, end to end: an article that is not published (or not
yet) appears on no public surface at all.
"""

import datetime

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, OrganizationFactory, PersonFactory, SectionFactory

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
def test_unpublished_article_appears_on_no_public_surface(client, frozen_now, state):
    status, published_at = UNPUBLISHED[state]
    section = SectionFactory(slug="news")
    organization = OrganizationFactory(slug="mila")
    person = PersonFactory(slug="yoshua-bengio")

    def article(headline, slug, status, published_at):
        created = ArticleFactory(
            headline=headline,
            slug=slug,
            section=section,
            status=status,
            published_at=published_at,
        )
        created.organizations.add(organization)
        created.people.add(person)
        created.tags.add("Quantum")
        return created

    visible = article(
        "Visible quantum story", "visible-story", Article.Status.PUBLISHED, NOW - HOUR
    )
    hidden = article("Zanzibar quantum secret", "zanzibar-secret", status, published_at)

    assert client.get(hidden.get_absolute_url()).status_code == 404

    surfaces = [
        "/",
        "/articles/",
        "/sections/news/",
        "/tags/quantum/",
        "/organizations/mila/",
        "/people/yoshua-bengio/",
        visible.get_absolute_url(),  # its related stories
        "/feed/",
        "/feed/atom/",
        "/sections/news/feed/",
        "/tags/quantum/feed/",
        "/organizations/mila/feed/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/search/?q=Zanzibar",
        "/search/?q=quantum",
    ]
    for path in surfaces:
        response = client.get(path)
        assert response.status_code == 200, path
        content = response.content.decode()
        if not path.startswith("/search/"):  # search repeats the query back
            assert "Zanzibar" not in content, path
        assert "zanzibar-secret" not in content, path
    # The visible story does show up, so the surfaces above were really looked at.
    assert "visible-story" in client.get("/news-sitemap.xml").content.decode()
    assert "/articles/visible-story/" in client.get("/search/?q=quantum").content.decode()
