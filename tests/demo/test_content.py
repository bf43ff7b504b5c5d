from html import unescape

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles.models import Article, Byline, Correction, Quote, Section
from organizations.dates import DatePrecision
from organizations.models import Affiliation, Organization, Person, Relationship

pytestmark = pytest.mark.django_db

FOUNDING_STORY = "mila-partners-with-ai-sweden"

# Sentences of the CDO Magazine announcement the story is based on (its own
# prose, not the quotes). The demo must retell the facts in the newsroom's own
# words, so none of them may appear in what readers see.
SOURCE_SENTENCES = [
    "Montreal has established itself as a global hub for AI research and development "
    "with Mila at the forefront",
    "The investment, which is partly financed by Sweden's Innovation Agency Vinnova, means "
    "that AI Sweden places staff at Mila and thereby establishes a physical presence in Montreal",
    "Ranking among the most innovative countries in the world, Sweden also has a "
    "well-organized public sector with a long tradition of documentation and data collection",
    "Settled in Mila's office spaces since Fall 2021, AI Sweden and Mila join forces to find "
    "collaborative synergies",
    "Canada is one of the main players behind the Global Partnership on Artificial "
    "Intelligence (GPAI)",
]


def reader_text(html):
    """What a reader sees of stored HTML: no tags, entities decoded, single spaces, lowercase."""
    return " ".join(unescape(strip_tags(html)).split()).lower()


ALL_MODELS = [
    Section,
    Article,
    Byline,
    Quote,
    Correction,
    Organization,
    Person,
    Affiliation,
    Relationship,
    Tag,
    TaggedItem,
    Article.organizations.through,
    Article.people.through,
    Article.pinned_related.through,
]


@pytest.fixture
def founding_story():
    call_command("load_demo")
    return Article.objects.get(slug=FOUNDING_STORY)


def relationship(from_slug, kind, to_slug):
    return Relationship.objects.get(
        from_organization__slug=from_slug, to_organization__slug=to_slug, kind=kind
    )


class TestFoundingStory:
    def test_founding_story_is_live_for_readers(self, founding_story):
        assert founding_story.status == Article.Status.PUBLISHED
        assert founding_story.is_published
        assert founding_story in Article.objects.published()

    def test_story_covers_the_four_organizations_and_two_people(self, founding_story):
        assert sorted(founding_story.organizations.values_list("name", flat=True)) == [
            "AI Sweden",
            "AstraZeneca",
            "Mila",
            "Vinnova",
        ]
        assert sorted(founding_story.people.values_list("name", flat=True)) == [
            "Martin Svensson",
            "Yoshua Bengio",
        ]

    def test_quotes_are_attributed_as_printed(self, founding_story):
        quotes = list(founding_story.quotes.select_related("speaker", "speaker_organization"))

        assert [
            (quote.speaker.name, quote.speaker_title, quote.speaker_organization.name)
            for quote in quotes
        ] == [
            ("Yoshua Bengio", "Founder and Scientific Director", "Mila"),
            ("Martin Svensson", "Co-Director", "AI Sweden"),
        ]
        assert quotes[0].text.startswith("Sweden and Québec have a lot in common")
        assert quotes[1].text.startswith("Through the partnership with Mila")
        assert quotes[1].attribution == "Co-Director, AI Sweden"

    def test_bengio_is_listed_as_founder_of_mila(self, founding_story):
        affiliation = Affiliation.objects.get(
            person__slug="yoshua-bengio", organization__slug="mila"
        )

        assert affiliation.title == "Founder and Scientific Director"
        assert affiliation.is_current

    def test_svensson_is_listed_as_co_director_of_ai_sweden(self, founding_story):
        affiliation = Affiliation.objects.get(person__slug="martin-svensson")

        assert (affiliation.organization.name, affiliation.title) == ("AI Sweden", "Co-Director")

    def test_directory_records_the_four_relationships(self, founding_story):
        assert Relationship.objects.count() == 4

        relationship("mila", Relationship.Kind.PARTNER, "ai-sweden")
        hosts = relationship("mila", Relationship.Kind.HOSTS, "ai-sweden")
        relationship("vinnova", Relationship.Kind.FUNDER, "ai-sweden")
        astrazeneca = relationship("astrazeneca", Relationship.Kind.PARTNER, "mila")

        assert hosts.since_display == "fall 2021"
        assert str(hosts) == "Mila hosts AI Sweden"
        assert astrazeneca.since.year == 2021
        assert astrazeneca.since_precision == DatePrecision.YEAR
        assert astrazeneca.since_display == "2021"

    def test_dateline_and_source_are_credited(self, founding_story):
        assert founding_story.dateline == "US and Canada"
        assert founding_story.source_name == "CDO Magazine"
        assert founding_story.source_display_name == "CDO Magazine"
        assert founding_story.source_url.startswith("https://")
        assert founding_story.source_organization.name == "CDO Magazine"
        assert founding_story.source_organization.kind == Organization.Kind.PUBLISHER

    def test_story_is_tagged_with_topics(self, founding_story):
        tags = set(founding_story.tags.names())

        assert {"Artificial intelligence", "Sweden", "Montreal"} <= tags

    def test_story_has_a_headline_dek_and_body(self, founding_story):
        assert "Mila" in founding_story.headline
        assert founding_story.dek
        assert founding_story.body.startswith("<p>")
        assert "<h2>" in founding_story.body

    @pytest.mark.parametrize("sentence", SOURCE_SENTENCES)
    def test_story_retells_the_source_rather_than_copying_it(self, founding_story, sentence):
        sentence = reader_text(sentence)
        shown = [reader_text(founding_story.dek)]
        shown += [reader_text(body) for body in Article.objects.values_list("body", flat=True)]

        assert not [text for text in shown if sentence in text]

    def test_story_links_a_related_explainer(self, founding_story):
        assert [article.slug for article in founding_story.pinned_related.all()] == [
            "what-is-ai-sweden"
        ]


class TestExplainers:
    def test_explainers_are_labelled_as_explainers(self, founding_story):
        explainers = Article.objects.filter(section__slug="institutions", language="en")

        assert explainers.count() == 4
        assert set(explainers.values_list("kind", flat=True)) == {Article.Kind.EXPLAINER}
        assert founding_story.kind == Article.Kind.NEWS

    def test_every_demo_article_is_live(self, founding_story):
        # Five stories in English; the founding story and its explainers also in French
        # (five), the founding story and the two Swedish explainers in Swedish (three).
        assert Article.objects.published().count() == Article.objects.count() == 13
        languages = Article.objects.values_list("language", flat=True)
        assert sorted(languages) == ["en"] * 5 + ["fr"] * 5 + ["sv"] * 3

    def test_organization_profiles_are_filled_in(self, founding_story):
        mila = Organization.objects.get(slug="mila")

        assert mila.kind == Organization.Kind.RESEARCH_INSTITUTE
        assert mila.about.startswith("<p>Mila is")
        assert mila.place == "Montreal, Canada"


class TestLoadDemoTwice:
    def snapshot(self):
        return {
            "counts": {model._meta.label: model.objects.count() for model in ALL_MODELS},
            "articles": list(
                Article.objects.order_by("pk").values_list("pk", "version", "updated_at")
            ),
            "organizations": list(
                Organization.objects.order_by("pk").values_list("pk", "updated_at")
            ),
            "people": list(Person.objects.order_by("pk").values_list("pk", "updated_at")),
            "tagged": list(
                TaggedItem.objects.order_by("pk").values_list("pk", "tag__name", "object_id")
            ),
            "quotes": list(Quote.objects.order_by("pk").values()),
            "relationships": list(Relationship.objects.order_by("pk").values()),
            "affiliations": list(Affiliation.objects.order_by("pk").values()),
            "sections": list(Section.objects.order_by("pk").values()),
        }

    def test_running_the_demo_again_changes_nothing(self):
        call_command("load_demo")
        before = self.snapshot()

        call_command("load_demo")

        assert self.snapshot() == before

    def test_running_the_demo_again_restores_an_edited_headline(self, founding_story):
        Article.objects.filter(pk=founding_story.pk).update(headline="Vandalized")

        call_command("load_demo")

        founding_story.refresh_from_db()
        assert founding_story.headline.startswith("Mila and AI Sweden join forces")
        assert Article.objects.filter(slug=FOUNDING_STORY).count() == 1

    def test_command_reports_what_it_loaded(self, capsys):
        call_command("load_demo")

        output = capsys.readouterr().out
        assert "covers 4 organizations and 2 people, with 2 quotes" in output


def test_demo_articles_start_their_history_once():
    call_command("load_demo")
    call_command("load_demo")

    for article in Article.objects.all():
        versions = Version.objects.get_for_object(article)
        assert versions.count() == 1
        assert versions.get().revision.comment == "Demo content loaded"
