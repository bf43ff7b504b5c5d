"""Starting a translation on the desk: a draft copy of the story's structure, in its group."""

import pytest
from django.urls import reverse

from articles.models import Article, Quote
from tests.factories import (
    BylineFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    published_article,
)
from tests.forms import form_data
from tests.helpers import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = published_article(headline="Mila and AI Sweden join forces", slug="join-forces")
    mila = OrganizationFactory(slug="mila")
    bengio = PersonFactory(slug="yoshua-bengio")
    article.organizations.add(mila)
    article.people.add(bengio)
    article.tags.add("Artificial intelligence")
    BylineFactory(article=article, person=PersonFactory(slug="camille-roy"))
    QuoteFactory(article=article, speaker=bengio, speaker_organization=mila, position=1)
    return article


@pytest.fixture
def editor_client(client):
    client.force_login(member_of("Editor"))
    return client


def translate(client, article, language):
    return client.post(reverse("admin:articles_article_translate", args=[article.pk, language]))


def test_starts_a_draft_in_the_story_group_with_its_structure(editor_client, story):
    response = translate(editor_client, story, "fr")

    draft = Article.objects.get(language="fr")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[draft.pk])
    assert draft.status == Article.Status.DRAFT
    assert draft.translation_group == story.translation_group
    assert draft.slug == "join-forces-fr"
    assert (draft.headline, draft.section) == (story.headline, story.section)
    assert set(draft.organizations.all()) == set(story.organizations.all())
    assert set(draft.people.all()) == set(story.people.all())
    assert set(draft.tags.names()) == {"Artificial intelligence"}
    assert [b.person.slug for b in draft.bylines.all()] == ["camille-roy"]
    quote = Quote.objects.get(article=draft)
    assert quote.said_in == "en" and quote.is_translated
    assert not Quote.objects.get(article=story).is_translated
    # The original is untouched, and readers see nothing new until it is published.
    assert list(story.translations()) == []
    assert [v.language for v in story.translations(include_unpublished=True)] == ["fr"]


def test_a_second_start_opens_the_existing_version(editor_client, story):
    translate(editor_client, story, "sv")

    again = translate(editor_client, story, "sv")

    existing = Article.objects.get(language="sv")
    assert again["Location"] == reverse("admin:articles_article_change", args=[existing.pk])
    assert Article.objects.filter(language="sv").count() == 1


def test_refuses_what_it_cannot_do(editor_client, client, story):
    url = reverse("admin:articles_article_translate", args=[story.pk, "fr"])

    assert editor_client.get(url).status_code == 405
    assert translate(editor_client, story, "de").status_code == 404
    assert translate(editor_client, story, "en")["Location"].endswith(f"/{story.pk}/change/")
    assert Article.objects.count() == 1


def test_the_panel_offers_each_missing_language(editor_client, story):
    translate(editor_client, story, "fr")

    page = editor_client.get(reverse("admin:articles_article_change", args=[story.pk]))

    html = page.content.decode()
    assert "Translate into Swedish" in html
    assert "Translate into French" not in html
    assert "join-forces-fr" in html or "Mila and AI Sweden join forces" in html


def test_a_story_cannot_take_a_language_its_group_already_has(editor_client, story):
    translate(editor_client, story, "fr")
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(editor_client.get(url).content.decode(), "article_form")
    data["language"] = "fr"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "already has a version in that language" in response.content.decode()
    story.refresh_from_db()
    assert story.language == "en"
