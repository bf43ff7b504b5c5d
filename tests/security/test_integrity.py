"""
What the desk records stays as recorded: corrections, redirects, roles and
backups cannot be undone or forged by someone with a desk account.
"""

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleRedirect
from newsroom.models import AuditEvent
from tests.factories import ArticleFactory, SectionFactory, published_article
from tests.helpers import admin_url, member_of, open_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return member_of("Editor", username="ed")


def save_form(client, article, **changes):
    """Open the article's change form and save it with `changes`, as the desk would."""
    url = admin_url("articles.article", "change", article.pk)
    data = {**open_form(client, url, "article_form"), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def add_correction(client, article, text):
    save_form(
        client,
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-corrected_at_0": timezone.localdate().isoformat(),
            "corrections-0-corrected_at_1": "09:00:00",
            "corrections-0-text": text,
        },
    )


def add_story(client, **fields):
    """An editor writes and publishes a story through the add form."""
    section = SectionFactory()
    url = admin_url("articles.article", "add")
    data = {
        **open_form(client, url, "article_form"),
        "section": str(section.pk),
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        **fields,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return Article.objects.get(slug=fields["slug"])


class TestCorrectionsSurviveRestores:
    def test_restoring_a_revision_from_before_a_correction_keeps_the_correction(
        self, client, editor
    ):
        client.force_login(editor)
        article = add_story(client, headline="Funding for the lab", slug="funding")
        before_correction = Version.objects.get_for_object(article).get()
        add_correction(client, article, "An earlier version misstated the funder.")
        url = admin_url("articles.article", "revision", article.pk, before_correction.pk)

        response = client.post(url, open_form(client, url, "article_form"))

        assert response.status_code == 302
        assert article.corrections.count() == 1
        page = client.get("/articles/funding/").text
        assert "An earlier version misstated the funder." in page
        event = AuditEvent.objects.filter(action="restore").get()
        assert f"version #{before_correction.pk}" in event.message
        assert "by ed" in event.message

    def test_recovering_a_deleted_story_brings_its_corrections_back(self, client, editor):
        client.force_login(editor)
        article = add_story(client, headline="Funding for the lab", slug="funding")
        add_correction(client, article, "An earlier version misstated the funder.")
        response = client.post(admin_url("articles.article", "delete", article.pk), {"post": "yes"})
        assert response.status_code == 302
        deleted = Version.objects.get_deleted(Article).get()
        url = admin_url("articles.article", "recover", deleted.pk)

        response = client.post(url, open_form(client, url, "article_form"))

        assert response.status_code == 302
        recovered = Article.objects.get(pk=article.pk)
        texts = list(recovered.corrections.values_list("text", flat=True))
        assert texts == ["An earlier version misstated the funder."]


class TestRedirectsKeepTheirStory:
    def test_a_draft_cannot_take_the_old_address_of_a_story_that_moved(self, client):
        contributor = member_of("Contributor", username="mallory")
        live = published_article(slug="budget-cuts", headline="Budget cuts at the lab")
        live.slug = "lab-budget-cuts"
        live.save()
        draft = ArticleFactory(created_by=contributor, slug="my-draft")
        client.force_login(contributor)
        url = admin_url("articles.article", "change", draft.pk)
        data = open_form(client, url, "article_form")

        response = client.post(url, {**data, "slug": "budget-cuts"})

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "still leads readers to it" in str(errors["slug"])
        assert "Budget cuts at the lab" not in response.text
        draft.refresh_from_db()
        assert draft.slug == "my-draft"
        client.logout()
        moved = client.get("/articles/budget-cuts/")
        assert moved.status_code == 301
        assert moved["Location"] == "/articles/lab-budget-cuts/"

    def test_a_new_story_cannot_be_added_under_an_old_address(self, client, editor):
        live = published_article(slug="budget-cuts")
        live.slug = "lab-budget-cuts"
        live.save()
        client.force_login(editor)
        url = admin_url("articles.article", "add")
        data = open_form(client, url, "article_form")

        response = client.post(
            url,
            {
                **data,
                "headline": "Budget cuts",
                "slug": "budget-cuts",
                "section": str(live.section_id),
            },
        )

        assert response.status_code == 200
        assert "slug" in response.context["adminform"].form.errors
        assert ArticleRedirect.objects.filter(old_slug="budget-cuts", article=live).exists()
