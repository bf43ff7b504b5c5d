"""Autosave: an editor's typing kept apart from the story until they save, and offered back."""

import pytest
from reversion.models import Version

from desk import autosave
from desk.models import Autosave
from pagecache import tags
from tests.factories import ArticleFactory, published_article
from tests.helpers import admin_url, member_of, open_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return member_of("Editor", username="ada")


def autosave_url(article=None):
    if article is None:
        return admin_url("articles.article", "autosave_new")
    return admin_url("articles.article", "autosave", article.pk)


def change_url(article):
    return admin_url("articles.article", "change", article.pk)


class TestKeeping:
    def test_typing_is_kept_without_touching_the_live_story_or_its_revisions(
        self, client, editor, monkeypatch, django_capture_on_commit_callbacks
    ):
        article = published_article(headline="What readers read")
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")
        purged = []
        monkeypatch.setattr(tags, "purge", purged.append)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                autosave_url(article),
                {**form, "headline": "Half a new headl"},
                headers={"accept": "application/json"},
            )

        assert response.status_code == 200
        assert response.json()["label"].startswith("Draft kept")
        article.refresh_from_db()
        assert article.headline == "What readers read"
        assert article.version == 1
        assert not Version.objects.get_for_object(article).exists()
        assert purged == []  # Readers' pages stay cached.
        kept = autosave.pending(editor, type(article), article.pk)
        assert ["headline", "Half a new headl"] in kept.data
        assert not any(name == "csrfmiddlewaretoken" for name, _ in kept.data)

    def test_each_keep_replaces_the_last(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)

        client.post(autosave_url(article), {"headline": "One"})
        client.post(autosave_url(article), {"headline": "One two"})

        assert Autosave.objects.count() == 1
        assert autosave.pending(editor, type(article), article.pk).data == [["headline", "One two"]]

    def test_a_get_keeps_nothing(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)

        assert client.get(autosave_url(article)).status_code == 405
        assert not Autosave.objects.exists()

    def test_a_story_that_does_not_exist_is_a_404(self, client, editor):
        client.force_login(editor)

        response = client.post(admin_url("articles.article", "autosave", 999_999), {})

        assert response.status_code == 404


class TestRestoring:
    def test_reopening_offers_the_typing_and_restoring_shows_it_unsaved(self, client, editor):
        article = ArticleFactory(headline="Saved headline", dek="Saved dek.")
        client.force_login(editor)
        client.post(autosave_url(article), {"headline": "Typed headline", "dek": "Typed dek."})

        offer = client.get(change_url(article)).content.decode()
        restored = client.get(change_url(article) + "?restore=1")

        assert "You have unsaved typing on this story" in offer
        assert 'href="?restore=1"' in offer
        page = restored.content.decode()
        assert 'value="Typed headline"' in page
        assert "Typed dek." in page
        assert "Nothing is saved until you save" in page
        assert "This field is required" not in page
        article.refresh_from_db()
        assert article.headline == "Saved headline"

    def test_a_new_storys_typing_is_offered_on_the_add_form(self, client, editor):
        client.force_login(editor)
        client.post(autosave_url(), {"headline": "A story never saved"})

        restored = client.get(admin_url("articles.article", "add") + "?restore=1")

        assert 'value="A story never saved"' in restored.content.decode()

    def test_saving_discards_what_was_kept(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")
        client.post(autosave_url(article), {**form, "dek": "Typed."})

        saved = client.post(change_url(article), {**form, "dek": "Typed.", "_continue": "1"})

        assert saved.status_code == 302
        assert not Autosave.objects.exists()
        assert "unsaved typing" not in client.get(change_url(article)).content.decode()

    def test_discarding_forgets_the_typing(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        client.post(autosave_url(article), {"headline": "Typed"})

        by_script = client.post(
            autosave_url(article), {"_discard": "1"}, headers={"accept": "application/json"}
        )

        assert by_script.json() == {"discarded": True}
        assert not Autosave.objects.exists()

    def test_discarding_without_the_script_goes_back_to_the_form(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        client.post(autosave_url(article), {"headline": "Typed"})

        response = client.post(autosave_url(article), {"_discard": "1"})

        assert response.status_code == 302
        assert response["Location"] == change_url(article)
        assert not Autosave.objects.exists()

    def test_one_editors_typing_is_never_offered_to_another(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        client.post(autosave_url(article), {"headline": "Ada's typing"})
        client.force_login(member_of("Editor", username="grace"))

        page = client.get(change_url(article) + "?restore=1").content.decode()

        assert "Ada&#x27;s typing" not in page
        assert "unsaved typing" not in page
