import datetime
import xml.etree.ElementTree as ET

import pytest
from taggit.models import Tag

from articles.models import Article
from organizations.models import Organization, Person
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
    published_article,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

NOW = datetime.datetime(2025, 3, 14, 12, 0, tzinfo=datetime.UTC)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def hours_ago(hours):
    return NOW - datetime.timedelta(hours=hours)


def fetch_xml(client, url, **extra):
    """The sitemap at `url`, parsed as a search engine would: it must be well-formed XML."""
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def lastmods(root):
    """{location: lastmod or None} for every <url> in a sitemap."""
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }


def unpublished_articles(section=None):
    """One article in every state readers must not see."""
    section = section or SectionFactory()
    return [
        ArticleFactory(section=section, slug="a-draft"),
        ArticleFactory(section=section, slug="in-review", status=Article.Status.REVIEW),
        ArticleFactory(
            section=section,
            slug="archived",
            status=Article.Status.ARCHIVED,
            published_at=hours_ago(2),
        ),
        ArticleFactory(
            section=section,
            slug="scheduled",
            status=Article.Status.PUBLISHED,
            published_at=NOW + datetime.timedelta(minutes=10),
        ),
    ]


class TestSitemap:
    def test_lists_published_articles_with_their_last_change(self, client):
        edited = published_article(slug="edited", published_at=days_ago(10))
        Article.objects.filter(pk=edited.pk).update(updated_at=days_ago(3))
        # Saved before the publish time it was scheduled for: it changed when it went live.
        scheduled_earlier = published_article(slug="went-live", published_at=days_ago(2))
        Article.objects.filter(pk=scheduled_earlier.pk).update(updated_at=days_ago(5))

        urls = lastmods(fetch_xml(client, "/sitemap.xml"))

        assert urls["http://testserver/articles/edited/"] == "2025-03-11"
        assert urls["http://testserver/articles/went-live/"] == "2025-03-12"

    def test_leaves_out_unpublished_and_scheduled_articles(self, client):
        published_article(slug="live")
        unpublished_articles()

        urls = lastmods(fetch_xml(client, "/sitemap.xml"))

        articles = [loc for loc in urls if "/articles/" in loc]
        assert articles == ["http://testserver/articles/live/"]

    def test_lists_sections_dated_by_their_newest_published_story(self, client):
        research = SectionFactory(slug="research")
        SectionFactory(slug="empty")
        published_article(section=research, published_at=days_ago(4))
        published_article(section=research, published_at=days_ago(2))
        unpublished_articles(section=research)

        urls = lastmods(fetch_xml(client, "/sitemap.xml"))

        assert urls["http://testserver/sections/research/"] == "2025-03-12"
        assert urls["http://testserver/sections/empty/"] is None

    def test_lists_only_tags_with_published_stories(self, client):
        older = published_article(published_at=days_ago(6))
        older.tags.add("Sweden")
        newer = published_article(published_at=days_ago(1))
        newer.tags.add("Sweden")
        for article in unpublished_articles():
            article.tags.add("Secret project")

        urls = lastmods(fetch_xml(client, "/sitemap.xml"))

        tags = {loc: lastmod for loc, lastmod in urls.items() if "/tags/" in loc}
        # A tag's page is in every edition.
        assert tags == {
            "http://testserver/tags/sweden/": "2025-03-13",
            "http://testserver/fr/tags/sweden/": "2025-03-13",
            "http://testserver/sv/tags/sweden/": "2025-03-13",
        }
        assert Tag.objects.filter(name="Secret project").exists()

    def test_accented_tags_are_listed_at_their_ascii_address(self, client):
        published_article().tags.add("Données", "Data")

        urls = lastmods(fetch_xml(client, "/sitemap.xml"))

        assert sorted(loc for loc in urls if "/tags/" in loc and "/fr/" not in loc) == [
            "http://testserver/sv/tags/data/",
            "http://testserver/sv/tags/donnees/",
            "http://testserver/tags/data/",
            "http://testserver/tags/donnees/",
        ]

    def test_leaves_out_tags_whose_slug_has_no_address(self, client):
        # A tag slugged before slugs were made ASCII has no address to list.
        published_article().tags.add("Data")
        Tag.objects.create(name="Données", slug="données").taggit_taggeditem_items.create(
            content_object=Article.objects.get()
        )

        urls = lastmods(fetch_xml(client, "/sitemap.xml"))

        assert sorted(loc for loc in urls if "/tags/" in loc) == [
            "http://testserver/fr/tags/data/",
            "http://testserver/sv/tags/data/",
            "http://testserver/tags/data/",
        ]

    def test_lists_organizations_and_people_dated_by_their_last_edit(self, client):
        OrganizationFactory(slug="mila")
        PersonFactory(slug="yoshua-bengio")
        Organization.objects.update(updated_at=days_ago(7))
        Person.objects.update(updated_at=days_ago(8))

        urls = lastmods(fetch_xml(client, "/sitemap.xml"))

        assert urls["http://testserver/organizations/mila/"] == "2025-03-07"
        assert urls["http://testserver/people/yoshua-bengio/"] == "2025-03-06"

    def test_locations_follow_the_request_protocol(self, client):
        published_article(slug="live")

        urls = lastmods(fetch_xml(client, "/sitemap.xml", secure=True))

        assert "https://testserver/articles/live/" in urls
        assert all(loc.startswith("https://testserver/") for loc in urls)

    @pytest.mark.parametrize("stories", [1, 20])
    def test_query_count_does_not_grow_with_the_site(
        self, client, django_assert_max_num_queries, stories
    ):
        section = SectionFactory()
        for _ in range(stories):
            article = published_article(section=section)
            article.tags.add(f"Tag {article.pk}")
            article.organizations.add(OrganizationFactory())
            article.people.add(PersonFactory())

        # Each of the five sitemaps counts its items and reads one page; nothing per item.
        with django_assert_max_num_queries(10):
            urls = lastmods(fetch_xml(client, "/sitemap.xml"))

        # Each story once; its tag, organization, person and the section in every edition.
        assert len(urls) == stories + 3 * (3 * stories + 1)


class TestNewsSitemap:
    def test_lists_stories_of_the_last_48_hours(self, client):
        published_article(slug="an-hour-ago", published_at=hours_ago(1))
        published_article(slug="almost-two-days-ago", published_at=hours_ago(47.9))
        published_article(slug="too-old", published_at=hours_ago(48.1))
        unpublished_articles()

        root = fetch_xml(client, "/news-sitemap.xml")

        assert [loc.text for loc in root.iter(f"{SITEMAP}loc")] == [
            "http://testserver/articles/an-hour-ago/",
            "http://testserver/articles/almost-two-days-ago/",
        ]

    def test_names_the_publication_language_date_and_title(self, client, settings):
        settings.NEWSROOM_NAME = "The Northern Ledger"
        published_article(
            headline="Mila partners with AI Sweden",
            published_at=datetime.datetime(2025, 3, 14, 9, 30, 15, 123456, tzinfo=datetime.UTC),
        )

        root = fetch_xml(client, "/news-sitemap.xml")

        [news] = root.iter(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Northern Ledger"
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
        assert news.findtext(f"{NEWS}publication_date") == "2025-03-14T09:30:15+00:00"
        assert news.findtext(f"{NEWS}title") == "Mila partners with AI Sweden"

    def test_headlines_with_markup_characters_stay_well_formed(self, client, settings):
        settings.NEWSROOM_NAME = "News & <Views>"
        published_article(headline="R&D <in> Sweden: \"Mila\" & 'AI Sweden'")

        root = fetch_xml(client, "/news-sitemap.xml")

        assert root.findtext(f".//{NEWS}title") == "R&D <in> Sweden: \"Mila\" & 'AI Sweden'"
        assert root.findtext(f".//{NEWS}name") == "News & <Views>"

    def test_holds_at_most_1000_stories_newest_first(self, client):
        section = SectionFactory()
        Article.objects.bulk_create(
            Article(
                headline=f"Story {minutes}",
                slug=f"story-{minutes}",
                section=section,
                status=Article.Status.PUBLISHED,
                published_at=NOW - datetime.timedelta(minutes=minutes + 1),
            )
            for minutes in range(1005)
        )

        locations = [
            loc.text for loc in fetch_xml(client, "/news-sitemap.xml").iter(f"{SITEMAP}loc")
        ]

        assert len(locations) == 1000
        assert locations[0] == "http://testserver/articles/story-0/"
        assert locations[-1] == "http://testserver/articles/story-999/"

    @pytest.mark.parametrize("stories", [1, 20])
    def test_is_one_query_however_many_stories(
        self, client, django_assert_max_num_queries, stories
    ):
        section = SectionFactory()
        for _ in range(stories):
            published_article(section=section)

        # Headline, slug and publish time come in the one query; nothing is read per story.
        with django_assert_max_num_queries(1):
            root = fetch_xml(client, "/news-sitemap.xml")

        assert len(root.findall(f"{SITEMAP}url")) == stories

    def test_locations_follow_the_request_protocol(self, client):
        published_article(slug="live")

        root = fetch_xml(client, "/news-sitemap.xml", secure=True)

        assert root.findtext(f"{SITEMAP}url/{SITEMAP}loc") == "https://testserver/articles/live/"

    def test_is_well_formed_when_there_is_no_news(self, client):
        published_article(published_at=days_ago(3))

        root = fetch_xml(client, "/news-sitemap.xml")

        assert root.tag == f"{SITEMAP}urlset"
        assert list(root) == []

    def test_asks_search_engines_not_to_index_the_sitemap_itself(self, client):
        response = client.get("/news-sitemap.xml")

        assert "noindex" in response["X-Robots-Tag"]
