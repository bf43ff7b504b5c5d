"""The reader site: every public page renders, shows what it should, at a fixed query cost."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from articles.models import Article
from organizations.models import Organization, Person
from tests.factories import (
    AffiliationFactory,
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

FOUNDING_STORY = "/articles/mila-partners-with-ai-sweden/"


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


class TestFoundingStory:
    def test_both_quotes_link_to_their_speakers(self, client, demo):
        html = client.get(FOUNDING_STORY).content.decode()

        assert "Sweden and Québec have a lot in common" in html
        assert "Through the partnership with Mila" in html
        assert (
            '<a href="/people/yoshua-bengio/">Yoshua Bengio</a>, Founder and Scientific Director'
            in html
        )
        assert '<a href="/people/martin-svensson/">Martin Svensson</a>, Co-Director' in html

    def test_all_four_organizations_are_linked(self, client, demo):
        html = client.get(FOUNDING_STORY).content.decode()

        for slug, name in [
            ("mila", "Mila"),
            ("ai-sweden", "AI Sweden"),
            ("vinnova", "Vinnova"),
            ("astrazeneca", "AstraZeneca"),
        ]:
            assert f'<a href="/organizations/{slug}/">{name}</a>' in html

    def test_related_stories_include_another_mila_story_with_the_reason(self, client, demo):
        response = client.get(FOUNDING_STORY)

        stories = {
            story.article.slug: story.reason for story in response.context["related_stories"]
        }
        assert "mila-montreals-deep-learning-institute" in stories
        reason = stories["mila-montreals-deep-learning-institute"]
        assert reason.startswith("Also covers ")
        assert "Mila" in reason.split(" · ") or "Also covers Mila" in reason
        assert reason in response.content.decode()
        assert "No stories found" not in response.content.decode()

    def test_dateline_source_and_tags_are_shown(self, client, demo):
        html = client.get(FOUNDING_STORY).content.decode()

        assert "US and Canada" in html
        assert (
            'Based on reporting by <a href="https://www.cdomagazine.tech" rel="noopener">'
            "CDO Magazine</a>" in html
        )
        assert '<a href="/tags/research-partnerships/">Research partnerships</a>' in html

    def test_news_article_structured_data(self, client, demo):
        (data,) = json_ld(client.get(FOUNDING_STORY).content.decode())

        assert data["@type"] == "NewsArticle"
        assert data["headline"].startswith("Mila and AI Sweden join forces")
        assert data["datePublished"].startswith("2022-02-15T14:00:00")
        assert data["dateModified"]
        assert data["mainEntityOfPage"]["@id"] == f"http://testserver{FOUNDING_STORY}"
        assert data["publisher"]["@type"] == "NewsMediaOrganization"
        assert data["publisher"]["logo"]["url"].startswith("http://testserver/static/")
        assert data["image"]
        assert {o["name"] for o in data["about"]} == {"Mila", "AI Sweden", "Vinnova", "AstraZeneca"}
        assert {p["name"] for p in data["mentions"]} == {"Yoshua Bengio", "Martin Svensson"}
        quotations = data["hasPart"]
        assert [q["@type"] for q in quotations] == ["Quotation", "Quotation"]
        assert quotations[0]["spokenByCharacter"]["name"] == "Yoshua Bengio"

    def test_open_graph_and_canonical(self, client, demo):
        html = client.get(FOUNDING_STORY).content.decode()

        assert f'<link rel="canonical" href="http://testserver{FOUNDING_STORY}">' in html
        assert '<meta property="og:type" content="article">' in html
        assert '<meta property="og:title" content="Mila and AI Sweden join forces' in html
        assert '<meta name="twitter:card"' in html


class TestProfiles:
    def test_organization_profile_shows_people_relationships_coverage_and_quotes(
        self, client, demo
    ):
        html = client.get("/organizations/mila/").content.decode()

        assert "Research institute" in html
        assert "Montreal, Canada" in html
        assert "Yoshua Bengio" in html and "Founder and Scientific Director" in html
        assert (
            'Hosts</span> <a href="/organizations/ai-sweden/">AI Sweden</a><span>since fall 2021'
            in html
        )
        assert (
            'Partners with</span> <a href="/organizations/astrazeneca/">AstraZeneca</a>'
            "<span>since 2021" in html
        )
        assert FOUNDING_STORY in html
        assert "Sweden and Québec have a lot in common" in html

    def test_relationships_show_from_the_other_side(self, client, demo):
        html = client.get("/organizations/ai-sweden/").content.decode()

        assert 'Funded by</span> <a href="/organizations/vinnova/">Vinnova</a>' in html
        assert 'Hosted by</span> <a href="/organizations/mila/">Mila</a>' in html

    def test_organization_structured_data(self, client, demo):
        (data,) = json_ld(client.get("/organizations/vinnova/").content.decode())

        assert data["@type"] == "GovernmentOrganization"
        assert data["name"] == "Vinnova"
        assert "Sweden's Innovation Agency" in data["alternateName"]

    def test_person_page_lists_affiliations_and_quotes_linking_to_the_article(self, client, demo):
        response = client.get("/people/martin-svensson/")
        html = response.content.decode()

        assert '<a href="/organizations/ai-sweden/">AI Sweden</a><span>Co-Director' in html
        assert "Through the partnership with Mila" in html
        assert f'in <a href="{FOUNDING_STORY}">' in html
        (data,) = json_ld(html)
        assert data["@type"] == "Person"
        assert data["jobTitle"] == "Co-Director"
        assert data["worksFor"][0]["name"] == "AI Sweden"

    def test_directory_is_grouped_by_kind(self, client, demo):
        response = client.get("/organizations/")

        groups = dict(response.context["groups"])
        assert [o.name for o in groups["Government agency"]] == ["Vinnova"]
        assert [o.name for o in groups["Company"]] == ["AstraZeneca"]
        assert list(groups) == [
            "Research institute",
            "National AI centre",
            "Government agency",
            "Company",
            "Publisher",
        ]


class TestLists:
    def test_front_page_leads_with_the_newest_story_then_sections(self, client, demo):
        response = client.get("/")

        assert response.context["lead"].slug == "mila-partners-with-ai-sweden"
        sections = [section.name for section, _articles in response.context["sections"]]
        assert sections == ["Institutions"]
        assert "What is AI Sweden?" in response.content.decode()

    @pytest.mark.parametrize("page", ["0", "-1", "abc", "2.5", "999999", "", "%00", "1" * 40])
    @pytest.mark.parametrize(
        "path",
        [
            "/articles/",
            "/sections/news/",
            "/tags/sweden/",
            "/organizations/mila/",
            "/people/yoshua-bengio/",
        ],
    )
    def test_any_page_parameter_gets_a_page_not_an_error(self, client, demo, path, page):
        response = client.get(path, {"page": page})

        assert response.status_code == 200

    def test_archive_pages_through_everything_published(self, client):
        section = SectionFactory()
        for n in range(25):
            published_article(section=section, headline=f"Story {n:02d}")

        first = client.get("/articles/")
        second = client.get("/articles/?page=2")

        assert len(first.context["articles"]) == 20
        assert len(second.context["articles"]) == 5
        assert 'rel="next" href="?page=2"' in first.content.decode()

    def test_unknown_section_tag_organization_and_person_are_404s(self, client):
        for path in [
            "/sections/nope/",
            "/tags/nope/",
            "/organizations/nope/",
            "/people/nope/",
            "/articles/nope/",
        ]:
            response = client.get(path)
            assert response.status_code == 404
            assert "Page not found" in response.content.decode()


def build_site(size):
    """A site whose every relation has `size` members, to show query counts do not grow."""
    section = SectionFactory(slug=f"news-{size}")
    organization = OrganizationFactory(slug=f"mila-{size}")
    person = PersonFactory(slug=f"bengio-{size}")
    for _ in range(size):
        AffiliationFactory(organization=organization)
        AffiliationFactory(person=person)
        RelationshipFactory(from_organization=organization)
        RelationshipFactory(to_organization=organization)
    articles = []
    for n in range(size * 3):
        article = published_article(section=section if n % 2 else SectionFactory())
        article.organizations.add(organization, *OrganizationFactory.create_batch(size))
        article.people.add(person, *PersonFactory.create_batch(size))
        article.tags.add(f"tag-{size}", *[f"topic-{size}-{n}-{m}" for m in range(size)])
        for _ in range(size):
            BylineFactory(article=article)
            QuoteFactory(article=article, speaker=person, speaker_organization=organization)
            CorrectionFactory(article=article)
        articles.append(article)
    articles[0].pinned_related.add(*articles[1 : size + 1])
    return {
        "home": "/",
        "archive": "/articles/",
        "article": articles[0].get_absolute_url(),
        "section": section.get_absolute_url(),
        "tag": f"/tags/tag-{size}/",
        "directory": "/organizations/",
        "organization": organization.get_absolute_url(),
        "person": person.get_absolute_url(),
    }


# The most queries each page may make, however much data there is, once the
# site is running (slow-moving counts and the section menu are in the cache).
QUERY_BUDGETS = {
    "home": 6,  # lead, lead's organizations, latest ids per section, those stories, sections x2
    "archive": 3,  # count, page, sections
    # article, 6 prefetches, its translations, related (candidates, fallbacks, winners)
    "article": 11,
    "section": 4,  # section, count, page, sections
    "tag": 4,
    "directory": 1,
    "organization": 8,  # organization, people, relationships both ways, count, page, sections,
    # quotes
    "person": 6,  # person, count, page, sections, affiliations, quotes
}


@pytest.mark.parametrize("page", sorted(QUERY_BUDGETS))
def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, page):
    small, large = build_site(1), build_site(4)
    for urls in (small, large):
        client.get(urls[page])  # a first visit fills the caches a running site has warm
        with django_assert_max_num_queries(QUERY_BUDGETS[page]):
            response = client.get(urls[page])
        assert response.status_code == 200


# Right after a cache flush: + the section menu, and for an article the counts
# behind related stories (one per kind of entity, and the number published).
@pytest.mark.parametrize(("page", "budget"), [("home", 7), ("article", 16)])
def test_a_cold_cache_adds_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, page, budget
):
    urls = build_site(3)

    with django_assert_max_num_queries(budget):
        assert client.get(urls[page]).status_code == 200


def test_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_every_model_with_a_page_links_to_it(client, demo):
    for model in (Article, Organization, Person):
        instance = model.objects.first()
        assert client.get(instance.get_absolute_url()).status_code == 200


def test_server_error_page_is_styled_and_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html


def test_accented_tags_get_ascii_addresses_that_work(client):
    article = published_article()
    article.tags.add("Données ouvertes")

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="/tags/donnees-ouvertes/">Données ouvertes</a>' in html
    assert client.get("/tags/donnees-ouvertes/").status_code == 200
