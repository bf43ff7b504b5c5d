import datetime
import html
import xml.etree.ElementTree as ET

import feedparser
import pytest
from taggit.models import Tag

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
    published_article,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

NOW = datetime.datetime(2025, 3, 14, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def newsroom_name(settings):
    settings.NEWSROOM_NAME = "The Northern Ledger"
    return settings.NEWSROOM_NAME


def fetch(client, url, **extra):
    """The feed at `url` as a reader's feed parser sees it; it must parse cleanly."""
    response = client.get(url, **extra)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def hours_ago(hours):
    return NOW - datetime.timedelta(hours=hours)


def shown(detail):
    """The text a feed reader displays for a title or summary: HTML ones are rendered."""
    return html.unescape(detail.value) if detail.type == "text/html" else detail.value


def titles(feed):
    return [shown(entry.title_detail) for entry in feed.entries]


class TestLatestFeed:
    def test_rss_lists_published_stories_newest_first_with_absolute_permalinks(self, client):
        older = published_article(headline="Older story", published_at=hours_ago(5))
        newer = published_article(headline="Newer story", published_at=hours_ago(1))

        response = client.get("/feed/")
        feed = fetch(client, "/feed/")

        assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
        assert feed.version == "rss20"
        assert titles(feed) == ["Newer story", "Older story"]
        for entry, article in zip(feed.entries, [newer, older], strict=True):
            url = f"http://testserver/articles/{article.slug}/"
            assert entry.link == url
            assert entry.id == url
        guids = ET.fromstring(response.content).findall("channel/item/guid")
        assert [guid.get("isPermaLink") for guid in guids] == ["true", "true"]

    def test_atom_lists_the_same_stories_with_published_and_updated_times(self, client):
        article = published_article(headline="Mila partners with AI Sweden")
        Article.objects.filter(pk=article.pk).update(updated_at=hours_ago(0.5))

        response = client.get("/feed/atom/")
        feed = fetch(client, "/feed/atom/")

        assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
        assert feed.version == "atom10"
        [entry] = feed.entries
        assert entry.title == "Mila partners with AI Sweden"
        assert entry.link == f"http://testserver/articles/{article.slug}/"
        assert entry.id == f"http://testserver/articles/{article.slug}/"
        assert entry.published_parsed[:6] == hours_ago(1).timetuple()[:6]
        assert entry.updated_parsed[:6] == hours_ago(0.5).timetuple()[:6]

    def test_rss_items_carry_publish_time(self, client):
        published_article(published_at=datetime.datetime(2025, 3, 13, 9, 30, tzinfo=datetime.UTC))

        [entry] = fetch(client, "/feed/").entries

        assert entry.published == "Thu, 13 Mar 2025 09:30:00 +0000"

    def test_scheduled_story_reports_going_live_as_its_last_update(self, client):
        # Saved yesterday, scheduled for an hour ago: readers first saw it an hour ago.
        article = published_article(published_at=hours_ago(1))
        Article.objects.filter(pk=article.pk).update(updated_at=hours_ago(24))

        [entry] = fetch(client, "/feed/atom/").entries

        assert entry.updated_parsed[:6] == hours_ago(1).timetuple()[:6]

    def test_holds_the_twenty_newest_stories(self, client):
        for hours in range(25):
            published_article(headline=f"{hours} hours ago", published_at=hours_ago(hours + 1))

        feed = fetch(client, "/feed/")

        assert titles(feed) == [f"{hours} hours ago" for hours in range(20)]

    @pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
    def test_names_the_site(self, client, newsroom_name, url):
        feed = fetch(client, url)

        assert newsroom_name in feed.feed.title
        assert newsroom_name in (feed.feed.get("description") or feed.feed.subtitle)
        assert feed.feed.link == "http://testserver/"

    def test_follows_the_request_protocol(self, client):
        article = published_article()

        [entry] = fetch(client, "/feed/", secure=True).entries

        assert entry.link == f"https://testserver/articles/{article.slug}/"


class TestAuthors:
    @pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
    def test_every_byline_is_credited_in_byline_order(self, client, url):
        article = published_article()
        BylineFactory(article=article, person=PersonFactory(name="Zoe Second"), position=2)
        BylineFactory(article=article, person=PersonFactory(name="Ada First"), position=1)

        [entry] = fetch(client, url).entries

        assert [author["name"] for author in entry.authors] == ["Ada First", "Zoe Second"]

    @pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
    def test_story_without_byline_is_credited_to_the_newsroom(self, client, newsroom_name, url):
        published_article()

        [entry] = fetch(client, url).entries

        assert [author["name"] for author in entry.authors] == [newsroom_name]


class TestSummaries:
    @pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
    def test_summary_is_the_dek(self, client, url):
        published_article(dek="Montreal's institute opens a door to Sweden.")

        [entry] = fetch(client, url).entries

        assert shown(entry.summary_detail) == "Montreal's institute opens a door to Sweden."

    def test_without_a_dek_the_summary_is_plain_text_from_the_body(self, client):
        published_article(
            dek="",
            body=(
                "<p>Mila and <strong>AI Sweden</strong> will share research &amp; staff.</p>"
                '<p>Read <a href="https://example.org/">the announcement</a>.</p>'
            ),
        )

        response = client.get("/feed/")
        description = ET.fromstring(response.content).find("channel/item/description").text

        # The description is HTML that shows the text, never the body's own markup.
        assert description == (
            "Mila and AI Sweden will share research &amp; staff. Read the announcement."
        )

    def test_long_body_is_cut_to_an_excerpt(self, client):
        published_article(dek="", body="<p>" + "word " * 200 + "</p>")

        [entry] = fetch(client, "/feed/").entries

        assert entry.summary.endswith("…")
        assert len(entry.summary.split()) == 60

    def test_markup_typed_into_a_dek_reaches_readers_as_text(self, client):
        published_article(dek="Why 3 < 4 & <b>bold</b> is not bold")

        response = client.get("/feed/")
        description = ET.fromstring(response.content).find("channel/item/description").text

        assert description == "Why 3 &lt; 4 &amp; &lt;b&gt;bold&lt;/b&gt; is not bold"

    @pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
    def test_headline_with_ampersand_reads_as_written(self, client, url):
        published_article(headline="R&D <in> Sweden: Mila & AI Sweden")

        [entry] = fetch(client, url).entries

        assert shown(entry.title_detail) == "R&D <in> Sweden: Mila & AI Sweden"

    @pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
    def test_tags_are_categories(self, client, url):
        article = published_article()
        article.tags.add("Sweden", "Artificial intelligence")

        [entry] = fetch(client, url).entries

        assert [tag.term for tag in entry.tags] == ["Artificial intelligence", "Sweden"]


class TestSectionTagAndOrganizationFeeds:
    def test_section_feed_lists_only_that_section(self, client, newsroom_name):
        research = SectionFactory(name="Research", slug="research")
        published_article(headline="In research", section=research)
        published_article(headline="Elsewhere")

        feed = fetch(client, "/sections/research/feed/")

        assert titles(feed) == ["In research"]
        assert feed.feed.title == f"{newsroom_name}: Research"
        assert "Research" in feed.feed.description
        assert newsroom_name in feed.feed.description
        assert feed.feed.link == "http://testserver/sections/research/"

    def test_tag_feed_lists_only_stories_with_that_tag(self, client, newsroom_name):
        tagged = published_article(headline="Tagged")
        tagged.tags.add("AI Sweden")
        published_article(headline="Untagged").tags.add("Quantum")
        slug = Tag.objects.get(name="AI Sweden").slug

        feed = fetch(client, f"/tags/{slug}/feed/")

        assert titles(feed) == ["Tagged"]
        assert feed.feed.title == f"{newsroom_name}: AI Sweden"
        assert "AI Sweden" in feed.feed.description
        assert newsroom_name in feed.feed.description
        assert feed.feed.link == f"http://testserver/tags/{slug}/"

    def test_organization_feed_lists_stories_covering_it(self, client, newsroom_name):
        mila = OrganizationFactory(name="Mila", slug="mila")
        covering = published_article(headline="About Mila")
        covering.organizations.add(mila)
        published_article(headline="About someone else").organizations.add(OrganizationFactory())

        feed = fetch(client, "/organizations/mila/feed/")

        assert titles(feed) == ["About Mila"]
        assert feed.feed.title == f"{newsroom_name}: Mila"
        assert "Mila" in feed.feed.description
        assert newsroom_name in feed.feed.description
        assert feed.feed.link == "http://testserver/organizations/mila/"

    @pytest.mark.parametrize(
        "url",
        ["/sections/no-such/feed/", "/tags/no-such/feed/", "/organizations/no-such/feed/"],
    )
    def test_unknown_slug_is_not_found(self, client, url):
        assert client.get(url).status_code == 404


FEED_URLS = [
    "/feed/",
    "/feed/atom/",
    "/sections/desk/feed/",
    "/tags/sweden/feed/",
    "/organizations/mila/feed/",
]


def story(section, organization, **kwargs):
    """An article in the desk section, tagged Sweden, covering Mila."""
    article = ArticleFactory(section=section, **kwargs)
    article.tags.add("Sweden")
    article.organizations.add(organization)
    return article


@pytest.mark.parametrize("url", FEED_URLS)
def test_only_published_stories_appear_in_any_feed(client, url):
    section = SectionFactory(slug="desk")
    mila = OrganizationFactory(slug="mila")
    story(section, mila, headline="Live", published=True)
    story(section, mila, headline="Draft")
    story(section, mila, headline="In review", status=Article.Status.REVIEW)
    story(
        section,
        mila,
        headline="Archived",
        status=Article.Status.ARCHIVED,
        published_at=hours_ago(48),
    )
    story(
        section,
        mila,
        headline="Scheduled",
        status=Article.Status.PUBLISHED,
        published_at=NOW + datetime.timedelta(minutes=5),
    )

    assert titles(fetch(client, url)) == ["Live"]


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/feed/", 3),
        ("/feed/atom/", 3),
        # One more to look up the section, tag or organization.
        ("/sections/desk/feed/", 4),
        ("/tags/sweden/feed/", 4),
        ("/organizations/mila/feed/", 4),
    ],
)
@pytest.mark.parametrize("stories", [1, 15])
def test_feed_query_count_does_not_grow_with_its_stories(
    client, django_assert_max_num_queries, url, queries, stories
):
    section = SectionFactory(slug="desk")
    mila = OrganizationFactory(slug="mila")
    for _ in range(stories):
        article = story(section, mila, published=True)
        BylineFactory(article=article, position=1)
        BylineFactory(article=article, position=2)
        article.tags.add("Research")

    # Articles, then all their bylines (with people) and all their tags: not a query per item.
    with django_assert_max_num_queries(queries):
        feed = fetch(client, url)

    assert len(feed.entries) == stories
    assert all(len(entry.authors) == 2 for entry in feed.entries)
    assert all({tag.term for tag in entry.tags} == {"Research", "Sweden"} for entry in feed.entries)
