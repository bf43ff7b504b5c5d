import datetime

import pytest

from articles import related
from articles.models import Article
from articles.related import related_stories
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
    published_article,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def story(section=None, days=1, organizations=(), people=(), tags=(), **kwargs):
    article = published_article(
        section=section or SectionFactory(), published_at=days_ago(days), **kwargs
    )
    article.organizations.set(organizations)
    article.people.set(people)
    article.tags.set(list(tags))
    return article


def headlines(stories):
    return [entry.article.headline for entry in stories]


class TestRanking:
    def test_pinned_stories_come_first_with_the_editors_pick_reason(self):
        mila = OrganizationFactory(name="Mila")
        article = story(organizations=[mila])
        sharing = story(organizations=[mila], headline="Shares Mila")
        pinned = story(headline="Pinned by the desk", days=30)
        article.pinned_related.add(pinned)

        stories = related_stories(article)

        assert headlines(stories)[:2] == ["Pinned by the desk", "Shares Mila"]
        assert stories[0].reason == "Editor's pick"
        assert sharing.pk != pinned.pk

    def test_a_rare_shared_organization_outranks_a_common_one(self):
        common, rare = (
            OrganizationFactory(name="Everywhere Inc"),
            OrganizationFactory(name="Rare Lab"),
        )
        for _ in range(8):
            story(organizations=[common], days=40)
        article = story(organizations=[common, rare])
        shares_rare = story(organizations=[rare], headline="Shares the rare lab", days=20)
        shares_common = story(organizations=[common], headline="Shares the common one", days=2)

        ranked = headlines(related_stories(article))

        assert ranked.index("Shares the rare lab") < ranked.index("Shares the common one")
        assert shares_rare.pk and shares_common.pk

    def test_more_shared_entities_rank_higher(self):
        mila, ai_sweden = OrganizationFactory(name="Mila"), OrganizationFactory(name="AI Sweden")
        bengio = PersonFactory(name="Yoshua Bengio")
        article = story(organizations=[mila, ai_sweden], people=[bengio])
        story(organizations=[mila], headline="One in common", days=1)
        story(organizations=[mila, ai_sweden], people=[bengio], headline="Three in common", days=9)

        assert headlines(related_stories(article))[:2] == ["Three in common", "One in common"]

    def test_same_section_breaks_a_tie(self):
        section = SectionFactory(name="News")
        mila = OrganizationFactory()
        article = story(section=section, organizations=[mila])
        story(organizations=[mila], headline="Other section, newer", days=1)
        story(section=section, organizations=[mila], headline="Same section, older", days=5)

        assert headlines(related_stories(article))[:2] == [
            "Same section, older",
            "Other section, newer",
        ]

    def test_newer_story_wins_among_equals(self):
        section = SectionFactory()
        mila = OrganizationFactory()
        article = story(section=section, organizations=[mila], days=10)
        story(section=section, organizations=[mila], headline="Older", days=5)
        story(section=section, organizations=[mila], headline="Newer", days=1)

        assert headlines(related_stories(article))[:2] == ["Newer", "Older"]

    def test_shared_tags_count_when_no_organization_is_shared(self):
        article = story(tags=["Drug discovery"])
        story(tags=["Drug discovery"], headline="Same topic")
        story(tags=["Astronomy"], headline="Other topic", days=0.5)

        stories = related_stories(article)

        assert stories[0].article.headline == "Same topic"
        assert stories[0].reason == "Also covers Drug discovery"

    def test_the_result_is_deterministic(self):
        mila = OrganizationFactory()
        article = story(organizations=[mila])
        for _ in range(8):
            story(organizations=[mila], days=3)  # identical scores and times

        first = [entry.article.pk for entry in related_stories(article)]

        assert first == [entry.article.pk for entry in related_stories(article)]
        assert first == sorted(first, reverse=True)


class TestWhatIsNeverShown:
    @pytest.mark.parametrize(
        "status, published_at",
        [
            (Article.Status.DRAFT, None),
            (Article.Status.REVIEW, None),
            (Article.Status.ARCHIVED, NOW - datetime.timedelta(days=1)),
            (Article.Status.PUBLISHED, NOW + datetime.timedelta(hours=1)),  # scheduled
        ],
    )
    def test_unpublished_stories_never_appear(self, status, published_at):
        mila = OrganizationFactory()
        article = story(organizations=[mila])
        hidden = ArticleFactory(status=status, published_at=published_at, headline="Hidden")
        hidden.organizations.add(mila)
        article.pinned_related.add(hidden)

        assert "Hidden" not in headlines(related_stories(article))

    def test_the_article_itself_never_appears(self):
        mila = OrganizationFactory()
        article = story(organizations=[mila])
        article.pinned_related.add(article)

        assert article.pk not in [entry.article.pk for entry in related_stories(article)]


class TestFallback:
    def test_latest_in_the_section_fills_the_box_when_nothing_is_shared(self):
        section = SectionFactory(name="News")
        article = story(section=section, organizations=[OrganizationFactory()])
        story(section=section, headline="Same section")
        story(headline="Elsewhere", days=0.5)

        stories = related_stories(article)

        assert headlines(stories) == ["Same section", "Elsewhere"]
        assert stories[0].reason == "More from News"

    def test_the_box_is_empty_only_when_nothing_else_is_published(self):
        article = story()
        ArticleFactory(headline="Draft")

        assert related_stories(article) == []

    def test_at_most_five(self):
        mila = OrganizationFactory()
        article = story(organizations=[mila])
        for _ in range(8):
            story(organizations=[mila])

        assert len(related_stories(article)) == related.LIMIT == 5


class TestBoundedCost:
    def test_only_each_entitys_most_recently_added_articles_are_candidates(self, monkeypatch):
        monkeypatch.setattr(related, "PER_ENTITY", 2)
        common = OrganizationFactory()
        story(organizations=[common], days=30, headline="Too old to be a candidate")
        article = story(organizations=[common], days=0.1)
        newest = [story(organizations=[common], days=day).pk for day in (1, 2)]

        stories = related_stories(article)

        scored = [entry.article.pk for entry in stories if entry.shared]
        assert scored == newest

    def test_query_count_does_not_grow_with_entities_or_candidates(
        self, django_assert_max_num_queries
    ):
        def build(entities, candidates):
            section = SectionFactory()
            organizations = OrganizationFactory.create_batch(entities)
            people = PersonFactory.create_batch(entities)
            tags = [f"Topic {entities}-{n}" for n in range(entities)]
            article = story(section=section, organizations=organizations, people=people, tags=tags)
            for _ in range(candidates):
                story(organizations=organizations[:1], people=people[-1:], tags=tags[:1])
            article.pinned_related.add(story(), story())
            return Article.objects.prefetch_related("organizations", "people", "tags").get(
                pk=article.pk
            )

        small, large = build(1, 1), build(6, 25)
        related.published_count()  # cached for the page, as in production

        related_stories(small), related_stories(large)  # counts are cached, as in production

        # One query for every candidate (and the pins), one for the fallbacks, one for the winners.
        with django_assert_max_num_queries(3):
            assert related_stories(small)
        with django_assert_max_num_queries(3):
            assert len(related_stories(large)) == 5


def test_a_cold_cache_costs_at_most_a_count_per_kind_of_entity(django_assert_max_num_queries):
    mila = OrganizationFactory()
    article = story(organizations=[mila], people=[PersonFactory()], tags=["Space"])
    story(organizations=[mila])
    article = Article.objects.prefetch_related("organizations", "people", "tags").get(pk=article.pk)

    # candidates, a count each for organizations, people and tags, N, fallbacks, winners.
    with django_assert_max_num_queries(7):
        assert related_stories(article)
