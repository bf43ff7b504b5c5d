"""The pre-publish checklist: what blocks a story going out, what only advises, who enforces it."""

import pytest
from django.core.files.base import ContentFile

from articles import publishing
from articles.checks import article_checklist, blocking, checklist
from articles.models import Article
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    published_article,
)
from tests.helpers import admin_url, member_of, open_form
from tests.images.test_uploads import jpeg

pytestmark = pytest.mark.django_db


def failing(checks):
    return {check.code for check in checks if not check.passed}


@pytest.fixture
def editor():
    return member_of("Editor", username="ada")


class TestChecklist:
    def test_a_complete_story_passes_every_check(self):
        reporter = PersonFactory()
        checks = checklist(
            headline="Mila and AI Sweden sign a research partnership",
            dek="Students and researchers will move between the two institutes.",
            body="<p>The agreement was signed in Montreal.</p>",
            bylines=[reporter],
            organizations=[OrganizationFactory()],
        )

        assert failing(checks) == set()

    def test_an_empty_story_is_blocked_for_its_body_and_byline(self):
        checks = checklist(headline="A headline", body="<p> </p>")

        assert set(blocking(checks)) == {"the story has no body", "the story has no byline"}
        assert failing(checks) == {"body", "byline", "dek", "organizations"}

    def test_a_lead_image_without_alt_text_blocks(self):
        checks = checklist(body="<p>Text.</p>", has_lead_image=True, lead_image_alt="  ")

        assert "alt_text" in failing(checks)

    def test_names_still_flagged_for_review_block_and_are_named(self):
        flagged = PersonFactory(name="Tove Ragnhildsen", needs_review=True)
        institute = OrganizationFactory(name="Keelson Institute", needs_review=True)

        problems = blocking(
            checklist(
                body="<p>Text.</p>",
                bylines=[PersonFactory()],
                people=[flagged],
                organizations=[institute],
            )
        )

        assert problems == [
            "still flagged for review: Tove Ragnhildsen (check them in People)",
            "still flagged for review: Keelson Institute (check them in Organizations)",
        ]

    def test_advice_never_blocks(self):
        checks = checklist(headline="x" * 120, body="<p>Text.</p>", bylines=[PersonFactory()])

        assert failing(checks) == {"dek", "title_length", "organizations"}
        assert blocking(checks) == []

    def test_a_short_seo_title_answers_a_long_headline(self):
        checks = checklist(headline="x" * 120, seo_title="A short title", body="<p>Text.</p>")

        assert "title_length" not in failing(checks)

    def test_a_saved_story_counts_its_quote_speakers_and_their_organizations(self):
        article = ArticleFactory()
        BylineFactory(article=article)
        QuoteFactory(
            article=article,
            speaker=PersonFactory(needs_review=True, name="Flagged Speaker"),
            speaker_organization=OrganizationFactory(),
        )

        checks = article_checklist(article)

        assert failing(checks) == {"people_reviewed"}


class TestEnforcement:
    def test_publishing_refuses_a_story_without_a_byline(self, editor):
        article = ArticleFactory(status=Article.Status.REVIEW)

        assert not publishing.publish_now(article, editor)
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW

    def test_the_form_refuses_to_publish_and_says_why(self, client, editor):
        article = ArticleFactory(body="", status=Article.Status.REVIEW)
        client.force_login(editor)
        url = admin_url("articles.article", "change", article.pk)
        data = open_form(client, url, "article_form")

        response = client.post(url, {**data, "status": "published"})

        assert response.status_code == 200
        errors = " ".join(str(error) for error in response.context["errors"])
        assert "the story has no body; the story has no byline" in errors
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW

    def test_the_form_counts_the_bylines_posted_with_it(self, client, editor):
        article = ArticleFactory(status=Article.Status.REVIEW)
        reporter = PersonFactory()
        client.force_login(editor)
        url = admin_url("articles.article", "change", article.pk)
        data = open_form(client, url, "article_form")

        response = client.post(
            url,
            {
                **data,
                "status": "published",
                "bylines-TOTAL_FORMS": "1",
                "bylines-0-position": "1",
                "bylines-0-person": str(reporter.pk),
            },
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.is_published

    def test_a_byline_marked_for_deletion_does_not_count(self, client, editor):
        article = ArticleFactory(status=Article.Status.REVIEW)
        byline = BylineFactory(article=article)
        client.force_login(editor)
        url = admin_url("articles.article", "change", article.pk)
        data = open_form(client, url, "article_form")

        response = client.post(url, {**data, "status": "published", "bylines-0-DELETE": "on"})

        assert response.status_code == 200
        assert article.bylines.get() == byline
        article.refresh_from_db()
        assert not article.is_published

    def test_a_live_story_can_still_be_edited(self, client, editor):
        """The checklist guards going out; a correction to a live story is never held up."""
        article = published_article(headline="Old headline")
        client.force_login(editor)
        url = admin_url("articles.article", "change", article.pk)
        data = open_form(client, url, "article_form")

        response = client.post(url, {**data, "headline": "New headline"})

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "New headline"

    def test_the_publish_action_holds_back_only_the_unready(self, client, editor):
        ready = ArticleFactory(headline="Ready", bylined=True)
        image = ContentFile(jpeg(), name="a.jpg")
        unready = ArticleFactory(headline="Bare", lead_image=image, bylined=True)
        client.force_login(editor)

        client.post(
            admin_url("articles.article", "changelist"),
            {"action": "publish_now", "_selected_action": [ready.pk, unready.pk]},
        )

        ready.refresh_from_db()
        unready.refresh_from_db()
        assert ready.is_published
        assert not unready.is_published


class TestSearchAndSocialTitles:
    def test_search_title_and_description_fall_back_to_headline_and_dek(self):
        article = ArticleFactory(headline="Full headline", dek="The dek.")

        assert (article.search_title, article.search_description) == ("Full headline", "The dek.")

    def test_the_story_page_uses_the_seo_title_and_description(self, client):
        article = published_article(
            headline="A long headline for the page",
            seo_title="Short title",
            seo_description="What search results say.",
        )

        page = client.get(article.get_absolute_url()).text

        assert "<title>Short title · " in page
        assert '<meta property="og:title" content="Short title">' in page
        assert '<meta name="description" content="What search results say.">' in page
        assert "A long headline for the page</h1>" in page
