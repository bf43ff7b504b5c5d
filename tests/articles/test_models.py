import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Byline, Quote, Section
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrectionFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SectionFactory,
    published_article,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2022, 2, 15, 14, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


class TestUniqueSlugs:
    def test_two_articles_cannot_share_a_web_address(self):
        ArticleFactory(slug="mila-partners-with-ai-sweden")

        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(slug="mila-partners-with-ai-sweden")

        assert Article.objects.filter(slug="mila-partners-with-ai-sweden").count() == 1

    def test_two_sections_cannot_share_a_web_address(self):
        SectionFactory(slug="news")

        with pytest.raises(IntegrityError), transaction.atomic():
            SectionFactory(slug="news")

        assert Section.objects.filter(slug="news").count() == 1


class TestPublishedQuerySet:
    @pytest.mark.parametrize(
        ("status", "offset", "visible"),
        [
            (Article.Status.DRAFT, -HOUR, False),
            (Article.Status.DRAFT, datetime.timedelta(0), False),
            (Article.Status.DRAFT, HOUR, False),
            (Article.Status.REVIEW, -HOUR, False),
            (Article.Status.REVIEW, datetime.timedelta(0), False),
            (Article.Status.REVIEW, HOUR, False),
            (Article.Status.PUBLISHED, -HOUR, True),
            (Article.Status.PUBLISHED, datetime.timedelta(0), True),
            (Article.Status.PUBLISHED, HOUR, False),
            (Article.Status.ARCHIVED, -HOUR, False),
            (Article.Status.ARCHIVED, datetime.timedelta(0), False),
            (Article.Status.ARCHIVED, HOUR, False),
        ],
        ids=lambda value: str(value),
    )
    def test_readers_see_only_published_articles_whose_time_has_come(
        self, frozen_now, status, offset, visible
    ):
        article = ArticleFactory(status=status, published_at=NOW + offset)

        assert (article in Article.objects.published()) is visible
        assert article.is_published is visible

    @pytest.mark.parametrize(
        "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED]
    )
    def test_unpublished_article_without_a_time_stays_hidden(self, frozen_now, status):
        article = ArticleFactory(status=status, published_at=None)

        assert not Article.objects.published().exists()
        assert not article.is_published
        assert not article.is_scheduled

    def test_scheduled_article_is_hidden_until_its_time(self, frozen_now):
        scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=NOW + HOUR)

        assert scheduled.is_scheduled
        assert not scheduled.is_published
        assert not Article.objects.published().exists()

    def test_scheduled_article_appears_by_itself_once_its_time_passes(self, frozen_now):
        scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=NOW + HOUR)
        version_before = scheduled.version

        frozen_now.shift(HOUR + datetime.timedelta(seconds=1))

        assert list(Article.objects.published()) == [scheduled]
        scheduled.refresh_from_db()
        assert scheduled.is_published
        assert not scheduled.is_scheduled
        assert scheduled.version == version_before, "nothing had to save it to go live"

    def test_scheduled_article_is_visible_at_exactly_its_time(self, frozen_now):
        scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=NOW + HOUR)

        frozen_now.move_to(NOW + HOUR)

        assert list(Article.objects.published()) == [scheduled]

    def test_archiving_takes_an_article_off_the_site(self, frozen_now):
        article = published_article()

        article.status = Article.Status.ARCHIVED
        article.save()

        assert not Article.objects.published().exists()
        assert not article.is_published

    def test_published_list_is_newest_first(self, frozen_now):
        older = published_article(published_at=NOW - 2 * HOUR)
        newer = published_article(published_at=NOW - HOUR)
        ArticleFactory()

        assert list(Article.objects.published()) == [newer, older]


class TestArticleSave:
    def test_version_goes_up_on_every_save(self):
        article = ArticleFactory()
        assert article.version == 1

        article.headline = "A better headline"
        article.save()
        article.save()

        article.refresh_from_db()
        assert article.version == 3
        assert article.headline == "A better headline"

    def test_version_goes_up_when_saving_only_some_fields(self):
        article = ArticleFactory()

        article.dek = "A new summary."
        article.save(update_fields=["dek"])

        article.refresh_from_db()
        assert article.version == 2
        assert article.dek == "A new summary."

    def test_publishing_without_a_time_stamps_it_now(self, frozen_now):
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

        article.status = Article.Status.PUBLISHED
        article.save()

        article.refresh_from_db()
        assert article.published_at == NOW
        assert list(Article.objects.published()) == [article]

    def test_creating_a_published_article_without_a_time_stamps_it_now(self, frozen_now):
        article = Article.objects.create(
            headline="Breaking",
            slug="breaking",
            section=SectionFactory(),
            status=Article.Status.PUBLISHED,
        )

        assert article.published_at == NOW
        assert article.is_published

    def test_publishing_keeps_a_time_chosen_by_the_editor(self, frozen_now):
        chosen = NOW + 3 * HOUR
        article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=chosen)

        article.refresh_from_db()
        assert article.published_at == chosen

    def test_draft_is_not_given_a_publish_time(self):
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

        article.refresh_from_db()
        assert article.published_at is None


class TestArticleConstraints:
    def test_published_article_without_a_time_is_rejected_by_the_database(self):
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)

        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT

    def test_bulk_created_published_article_without_a_time_is_rejected(self):
        section = SectionFactory()

        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.bulk_create(
                [
                    Article(
                        headline="No time",
                        slug="no-time",
                        section=section,
                        status=Article.Status.PUBLISHED,
                    )
                ]
            )

        assert not Article.objects.exists()

    def test_full_clean_publishes_now_when_the_time_is_left_empty(self, frozen_now):
        article = ArticleFactory.build(
            section=SectionFactory(), status=Article.Status.PUBLISHED, published_at=None
        )

        article.full_clean()

        assert article.published_at == NOW

    def test_quote_cannot_be_empty(self):
        article = ArticleFactory()

        with pytest.raises(IntegrityError), transaction.atomic():
            QuoteFactory(article=article, text="")

        assert not article.quotes.exists()

    def test_full_clean_explains_an_empty_quote(self):
        quote = QuoteFactory.build(article=ArticleFactory(), speaker=PersonFactory(), text="")

        with pytest.raises(ValidationError) as excinfo:
            quote.full_clean()

        assert excinfo.value.message_dict == {"text": ["This field cannot be blank."]}

    def test_person_appears_only_once_in_a_byline(self):
        byline = BylineFactory(position=1)

        with pytest.raises(IntegrityError), transaction.atomic():
            BylineFactory(article=byline.article, person=byline.person, position=2)

        assert list(byline.article.authors.all()) == [byline.person]

    def test_full_clean_explains_a_duplicate_byline(self):
        byline = BylineFactory()
        duplicate = Byline(article=byline.article, person=byline.person, position=2)

        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()

        assert "This person is already in the byline." in excinfo.value.messages


class TestRelatedRecords:
    def test_byline_reads_in_position_order(self):
        article = ArticleFactory()
        second = BylineFactory(article=article, person=PersonFactory(name="Second"), position=2)
        first = BylineFactory(article=article, person=PersonFactory(name="First"), position=1)

        assert list(article.bylines.all()) == [first, second]
        assert [person.name for person in article.authors.order_by("bylines__position")] == [
            "First",
            "Second",
        ]

    def test_quote_is_attributed_with_the_title_and_organization_printed(self):
        quote = QuoteFactory(
            speaker_title="Co-Director",
            speaker_organization=OrganizationFactory(name="AI Sweden"),
        )

        assert quote.attribution == "Co-Director, AI Sweden"

    def test_quote_without_an_organization_is_attributed_by_title_alone(self):
        assert QuoteFactory(speaker_title="Researcher").attribution == "Researcher"

    def test_quotes_keep_the_order_of_the_story(self):
        article = ArticleFactory()
        later = QuoteFactory(article=article, position=2)
        earlier = QuoteFactory(article=article, position=1)

        assert list(article.quotes.all()) == [earlier, later]
        assert list(Quote.objects.filter(article=article)) == [earlier, later]

    def test_corrections_are_listed_newest_first(self):
        article = ArticleFactory()
        old = CorrectionFactory(article=article, corrected_at=NOW - HOUR)
        new = CorrectionFactory(article=article, corrected_at=NOW)

        assert list(article.corrections.all()) == [new, old]

    def test_source_is_credited_by_name_or_by_its_publisher(self):
        publisher = OrganizationFactory(name="CDO Magazine")

        assert ArticleFactory(
            source_name="", source_organization=publisher
        ).source_display_name == ("CDO Magazine")
        assert ArticleFactory(source_name="Le Devoir").source_display_name == "Le Devoir"
        assert ArticleFactory(source_name="").source_display_name == ""

    def test_article_page_address_uses_its_slug(self):
        article = ArticleFactory(slug="mila-partners-with-ai-sweden")

        assert article.get_absolute_url() == "/articles/mila-partners-with-ai-sweden/"

    def test_publisher_deleted_from_directory_leaves_article_in_place(self):
        publisher = OrganizationFactory()
        article = ArticleFactory(source_organization=publisher, source_name="CDO Magazine")

        publisher.delete()

        article.refresh_from_db()
        assert article.source_organization is None
        assert article.source_display_name == "CDO Magazine"


class TestBodySanitizedOnEverySavePath:
    DIRTY = '<p onclick="steal()">Hello<script>alert("x")</script></p><iframe src="https://e.example"></iframe>'
    CLEAN = "<p>Hello</p>"

    def test_body_is_sanitized_on_create(self):
        article = Article.objects.create(
            headline="h", slug="h", section=SectionFactory(), body=self.DIRTY
        )

        assert article.body == self.CLEAN
        article.refresh_from_db()
        assert article.body == self.CLEAN

    def test_body_is_sanitized_when_an_article_is_edited(self):
        article = ArticleFactory()

        article.body = self.DIRTY
        article.save()

        article.refresh_from_db()
        assert article.body == self.CLEAN

    def test_body_is_sanitized_when_saving_only_the_body(self):
        article = ArticleFactory()

        article.body = self.DIRTY
        article.save(update_fields=["body"])

        article.refresh_from_db()
        assert article.body == self.CLEAN

    def test_body_is_sanitized_on_bulk_create(self):
        section = SectionFactory()

        Article.objects.bulk_create(
            [
                Article(headline="One", slug="one", section=section, body=self.DIRTY),
                Article(headline="Two", slug="two", section=section, body=self.DIRTY),
            ]
        )

        assert set(Article.objects.values_list("body", flat=True)) == {self.CLEAN}

    def test_body_is_sanitized_on_queryset_update(self):
        article = ArticleFactory()

        Article.objects.filter(pk=article.pk).update(body=self.DIRTY)

        article.refresh_from_db()
        assert article.body == self.CLEAN

    def test_body_is_sanitized_on_bulk_update(self):
        article = ArticleFactory()

        article.body = self.DIRTY
        Article.objects.bulk_update([article], ["body"])

        article.refresh_from_db()
        assert article.body == self.CLEAN

    def test_editor_saving_an_empty_paragraph_stores_an_empty_body(self):
        article = ArticleFactory(body="<p></p>")

        article.refresh_from_db()
        assert article.body == ""
