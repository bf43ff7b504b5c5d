"""What the Content API says about the founding story, its people and organizations."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    BylineFactory,
    CorrectionFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SectionFactory,
    published_article,
)

STORY = "/api/v1/articles/mila-partners-with-ai-sweden/"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


class TestTheFoundingStory:
    @pytest.fixture
    def story(self, client, demo):
        CorrectionFactory(
            article=Article.objects.get(slug="mila-partners-with-ai-sweden"),
            text="An earlier version gave the wrong year for the move.",
        )
        response = client.get(STORY)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        return response.json()

    def test_carries_the_story_with_its_body_as_html_and_as_text(self, story):
        assert story["headline"].startswith("Mila and AI Sweden join forces")
        assert story["body_html"].startswith("<p>")
        assert "<" not in story["body_text"]
        assert "\n\n" in story["body_text"]  # paragraphs stay apart
        assert story["section"]["slug"] == "news"
        assert story["dateline"]
        assert story["url"] == "http://testserver/articles/mila-partners-with-ai-sweden/"
        assert story["canonical_url"] == story["url"]

    def test_names_bylines_organizations_people_and_tags(self, story):
        assert [byline["name"] for byline in story["bylines"]]
        covered = {organization["slug"] for organization in story["organizations"]}
        assert {"mila", "ai-sweden", "vinnova", "astrazeneca"} <= covered
        assert "yoshua-bengio" in {person["slug"] for person in story["people"]}
        assert story["tags"]

    def test_quotes_carry_speaker_title_as_printed_and_organization(self, story):
        bengio = next(q for q in story["quotes"] if q["speaker"]["slug"] == "yoshua-bengio")

        assert bengio["speaker_title"] == "Founder and Scientific Director"
        assert bengio["speaker_organization"]["slug"] == "mila"
        assert bengio["attribution"] == "Founder and Scientific Director, Mila"

    def test_corrections_source_and_lead_image_with_renditions(self, story):
        assert story["corrections"][0]["text"].startswith("An earlier version")
        image = story["lead_image"]
        assert image["alt"] and image["credit"]
        widths = {rendition["width"] for rendition in image["renditions"]}
        assert len(widths) > 1
        assert {rendition["type"] for rendition in image["renditions"]} >= {"image/webp"}
        assert image["card"]["width"] == 1200
        assert all(r["url"].startswith("http://testserver/") for r in image["renditions"])

    def test_finds_related_stories_with_the_reason_for_each(self, story):
        related = story["related"]

        assert related
        assert all(item["reason"] for item in related)
        assert any(item["reason"].startswith("Also covers") for item in related)
        assert STORY not in {item["article"]["api_url"] for item in related}


class TestLanguages:
    def test_a_story_names_its_versions_in_other_languages(self, client, demo):
        story = client.get(STORY).json()

        assert story["language"] == "en"
        versions = {version["language"]: version for version in story["translations"]}
        assert set(versions) == {"fr", "sv"}
        assert versions["fr"]["url"].startswith("http://testserver/fr/articles/")
        french = client.get(versions["fr"]["api_url"]).json()
        assert french["language"] == "fr"
        assert STORY in {
            version["api_url"].removeprefix("http://testserver")
            for version in french["translations"]
        }

    def test_stories_filter_by_language(self, client, demo):
        french = slugs(client.get("/api/v1/articles/?language=fr"))

        assert "mila-et-ai-sweden-unissent-leurs-forces" in french
        assert "mila-partners-with-ai-sweden" not in french


class TestTheDirectory:
    def test_mila_has_its_people_and_relationships_both_ways(self, client, demo):
        mila = client.get("/api/v1/organizations/mila/").json()

        assert "Montreal Institute for Learning Algorithms" in mila["aliases"]
        assert mila["people"][0]["person"]["slug"] == "yoshua-bengio"
        read = {
            (r["phrase"], r["organization"]["slug"], r["direction"]) for r in mila["relationships"]
        }
        assert ("hosts", "ai-sweden", "outgoing") in read
        hosting = next(r for r in mila["relationships"] if r["kind"] == "hosts")
        assert hosting["since_display"] == "fall 2021"

    def test_a_funder_reads_from_the_funded_end(self, client, demo):
        sweden = client.get("/api/v1/organizations/ai-sweden/").json()

        assert ("funded by", "vinnova") in {
            (r["phrase"], r["organization"]["slug"]) for r in sweden["relationships"]
        }

    def test_an_ended_relationship_says_so(self, client, db):
        from tests.factories import RelationshipFactory

        past = RelationshipFactory(
            until=datetime.date(2020, 6, 30), since=datetime.date(2018, 1, 1)
        )
        found = client.get(f"/api/v1/organizations/{past.from_organization.slug}/").json()

        assert found["relationships"][0]["ended"] is True
        assert found["relationships"][0]["until"] == "2020-06-30"

    def test_a_relationship_until_this_year_has_not_ended_before_the_year_does(self, client, db):
        from django.utils import timezone

        from tests.factories import RelationshipFactory

        this_year = RelationshipFactory(
            until=datetime.date(timezone.localdate().year, 1, 1), until_precision="year"
        )
        found = client.get(f"/api/v1/organizations/{this_year.from_organization.slug}/").json()

        assert found["relationships"][0]["ended"] is False  # as the profile and the map say

    def test_organizations_filter_by_kind_and_country(self, client, db):
        OrganizationFactory(slug="lab", country="Canada")
        OrganizationFactory(slug="agency", kind="government_agency", country="Sweden")

        assert slugs(client.get("/api/v1/organizations/?kind=government_agency")) == ["agency"]
        assert slugs(client.get("/api/v1/organizations/?country=canada")) == ["lab"]

    def test_a_person_has_affiliations_and_quotes(self, client, demo):
        bengio = client.get("/api/v1/people/yoshua-bengio/").json()

        assert bengio["affiliations"][0]["organization"]["slug"] == "mila"
        assert bengio["affiliations"][0]["current"] is True
        said = {(q["article"]["slug"], q["translated"]) for q in bengio["quotes"]}
        assert ("mila-partners-with-ai-sweden", False) in said
        assert ("mila-et-ai-sweden-unissent-leurs-forces", True) in said


class TestLists:
    def test_quotes_filter_by_speaker_organization_and_story(self, client, demo):
        by_speaker = client.get("/api/v1/quotes/?speaker=yoshua-bengio").json()["results"]
        by_organization = client.get("/api/v1/quotes/?organization=ai-sweden").json()["results"]
        in_story = client.get("/api/v1/quotes/?article=mila-partners-with-ai-sweden").json()

        assert {q["speaker"]["slug"] for q in by_speaker} == {"yoshua-bengio"}
        assert {q["speaker_organization"]["slug"] for q in by_organization} == {"ai-sweden"}
        assert len(in_story["results"]) == 2

    def test_sections_and_tags(self, client, demo):
        sections = client.get("/api/v1/sections/").json()
        tags = client.get("/api/v1/tags/").json()["results"]

        assert sections[0]["slug"] == "news"
        assert "sweden" in {tag["slug"] for tag in tags}

    def test_articles_filter_by_each_parameter(self, client, db):
        research = SectionFactory(slug="research")
        lab = OrganizationFactory(slug="lab")
        writer, speaker = PersonFactory(slug="writer"), PersonFactory(slug="speaker")
        now = timezone.now()
        old = published_article(slug="old", published_at=now - datetime.timedelta(days=30))
        covered = published_article(slug="covered", section=research, headline="Quantum leap")
        covered.organizations.add(lab)
        covered.tags.add("Physics")
        written = published_article(slug="written")
        BylineFactory(article=written, person=writer)
        quoted = published_article(slug="quoted")
        quoted.people.add(speaker)
        QuoteFactory(article=quoted, speaker=speaker)

        def found(query):
            return set(slugs(client.get(f"/api/v1/articles/?{query}")))

        assert found("section=research") == {"covered"}
        assert found("tag=physics") == {"covered"}
        assert found("organization=lab") == {"covered"}
        assert found("person=writer") == {"written"}
        assert found("person=speaker") == {"quoted"}
        week_ago = (now - datetime.timedelta(days=7)).date().isoformat()
        assert found(f"published_before={week_ago}") == {old.slug}
        assert "old" not in found(f"published_after={week_ago}")
        assert found("q=quantum") == {"covered"}
        assert found("section=nowhere") == set()

    def test_the_cursor_pages_through_every_story_once_newest_first(self, client, db):
        now = timezone.now()
        for n in range(7):
            published_article(slug=f"s{n}", published_at=now - datetime.timedelta(hours=n + 1))
        seen, url = [], "/api/v1/articles/?page_size=3"
        while url:
            page = client.get(url).json()
            seen += [item["slug"] for item in page["results"]]
            url = page["next"]

        assert seen == [f"s{n}" for n in range(7)]
