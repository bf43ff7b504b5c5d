"""
Embargoes hold against someone with a desk account: nothing of an unpublished
story (its headline, the names and tags only it knows, its preview) reaches
anyone who should not see it.
"""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, published_article
from tests.helpers import admin_url, member_of, open_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor():
    return member_of("Contributor", username="mallory")


def test_contributor_cannot_pin_someone_elses_unpublished_story(client, contributor):
    embargoed = ArticleFactory(headline="Merger talks between two labs")
    own = ArticleFactory(headline="My draft", created_by=contributor)
    url = admin_url("articles.article", "change", own.pk)
    client.force_login(contributor)
    data = open_form(client, url, "article_form")

    response = client.post(url, {**data, "pinned_related": [str(embargoed.pk)]})

    assert response.status_code == 200
    assert "pinned_related" in response.context["adminform"].form.errors
    assert "Merger talks" not in response.text
    assert not own.pinned_related.exists()


def test_contributor_may_pin_a_published_story_and_their_own_draft(client, contributor):
    live = published_article(headline="A published story")
    other_draft = ArticleFactory(headline="Another of mine", created_by=contributor)
    own = ArticleFactory(headline="My draft", created_by=contributor)
    url = admin_url("articles.article", "change", own.pk)
    client.force_login(contributor)
    data = open_form(client, url, "article_form")

    response = client.post(url, {**data, "pinned_related": [str(live.pk), str(other_draft.pk)]})

    assert response.status_code == 302
    assert set(own.pinned_related.all()) == {live, other_draft}


def test_pinned_story_autocomplete_offers_published_stories_never_others_drafts(
    client, contributor
):
    live = published_article(headline="Labs publish a report")
    embargoed = ArticleFactory(headline="Labs plan a merger")
    mine = ArticleFactory(headline="Labs: my notes", created_by=contributor)
    client.force_login(contributor)
    query = {
        "app_label": "articles",
        "model_name": "article",
        "field_name": "pinned_related",
        "term": "labs",
    }

    response = client.get(reverse("admin:autocomplete"), query)

    ids = {result["id"] for result in response.json()["results"]}
    assert ids == {str(live.pk), str(mine.pk)}
    assert str(embargoed.pk) not in ids
