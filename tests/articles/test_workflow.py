import datetime
import json
import re

import pytest
import reversion
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import preview
from articles.models import Article, ArticleConflict, ArticleRedirect
from audit.models import AuditEvent
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    SectionFactory,
    published_article,
)
from tests.forms import form_data
from tests.helpers import member_of

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def editor():
    return member_of("Editor", username="ada")


@pytest.fixture
def other_editor():
    return member_of("Editor", username="grace")


def open_form(client, article):
    """The change form as the editor's browser holds it."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_data(response.content.decode(), "article_form")


class TestConflictingSaves:
    def test_second_stale_form_is_refused_and_the_first_save_is_kept(
        self, client, editor, other_editor
    ):
        article = published_article(headline="Original headline")
        client.force_login(editor)
        first = open_form(client, article)
        client.force_login(other_editor)
        second = open_form(client, article)

        client.force_login(editor)
        saved = client.post(change_url(article), {**first, "headline": "Editor one's headline"})
        client.force_login(other_editor)
        refused = client.post(change_url(article), {**second, "headline": "Editor two's headline"})

        assert saved.status_code == 302
        assert refused.status_code == 200
        page = refused.content.decode()
        assert "This article was changed by ada at" in page
        assert "since you opened it" in page
        assert "Editor two&#x27;s headline" in page  # their input is still in the form
        article.refresh_from_db()
        assert article.headline == "Editor one's headline"
        assert article.version == 2

    def test_a_fresh_form_saves_after_a_conflict(self, client, editor):
        article = published_article()
        client.force_login(editor)
        stale = open_form(client, article)
        client.post(change_url(article), {**stale, "dek": "First edit."})

        fresh = open_form(client, article)
        response = client.post(change_url(article), {**fresh, "dek": "Second edit."})

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.dek == "Second edit."

    def test_the_update_itself_refuses_a_stale_copy(self):
        article = published_article(headline="Original")
        first = Article.objects.get(pk=article.pk)
        second = Article.objects.get(pk=article.pk)

        first.headline = "First"
        first.save()
        second.headline = "Second"
        with pytest.raises(ArticleConflict), transaction.atomic():
            second.save()

        article.refresh_from_db()
        assert article.headline == "First"


class TestScheduling:
    @pytest.mark.parametrize(
        "path",
        ["/", "/articles/", "/sections/news/", "/tags/space/", "/feed/", "/feed/atom/"],
    )
    def test_scheduled_article_appears_exactly_at_its_time(self, client, frozen_now, path):
        section = SectionFactory(slug="news")
        article = ArticleFactory(
            headline="Launch day",
            slug="launch-day",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=NOW,
        )
        article.tags.add("Space")

        frozen_now.move_to(NOW - SECOND)
        assert client.get("/articles/launch-day/").status_code == 404
        assert "Launch day" not in client.get(path).content.decode()
        frozen_now.move_to(NOW + SECOND)
        assert client.get("/articles/launch-day/").status_code == 200
        assert "Launch day" in client.get(path).content.decode()

    def test_scheduled_articles_are_marked_in_the_desk(self, client, editor):
        ArticleFactory(
            headline="Tomorrow's story",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + datetime.timedelta(days=1),
        )
        client.force_login(editor)

        html = client.get(reverse("admin:articles_article_changelist")).content.decode()

        assert '<strong class="scheduled">Scheduled</strong> for' in html


class TestPreview:
    def test_preview_works_without_an_account(self, client):
        article = ArticleFactory(headline="Draft story")

        response = client.get(preview.preview_url(article))

        assert response.status_code == 200
        html = response.content.decode()
        assert "Preview — not published." in html
        assert "Draft story" in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]

    def test_tampered_token_is_a_404(self, client):
        article = ArticleFactory()
        token = preview.make_token(article)
        tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

        assert client.get(f"/preview/{tampered}/").status_code == 404
        assert client.get("/preview/not-a-token/").status_code == 404

    def test_token_for_another_article_cannot_be_forged(self, client):
        article, other = ArticleFactory(), ArticleFactory()
        forged = signing.dumps([other.pk, article.preview_key.hex], salt=preview.SALT)

        assert client.get(f"/preview/{forged}/").status_code == 404

    def test_expired_token_is_a_404(self, client, settings, frozen_now):
        article = ArticleFactory()
        url = preview.preview_url(article)
        frozen_now.shift(settings.PREVIEW_MAX_AGE - 5)
        assert client.get(url).status_code == 200
        frozen_now.shift(10)
        assert client.get(url).status_code == 404

    def test_revoked_token_is_a_404(self, client):
        article = ArticleFactory()
        url = preview.preview_url(article)

        preview.revoke(article)

        assert client.get(url).status_code == 404
        assert client.get(preview.preview_url(article)).status_code == 200

    def test_token_of_a_published_article_redirects_to_it(self, client):
        article = ArticleFactory(slug="now-live")
        url = preview.preview_url(article)
        article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
        article.save()

        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == "/articles/now-live/"

    def test_the_form_offers_the_preview_link(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)

        html = client.get(change_url(article)).content.decode()

        link = re.search(r'href="(/preview/[^"]+/)"', html).group(1)
        assert client.get(link).status_code == 200


class TestSlugRedirects:
    def test_changing_a_published_slug_redirects_the_old_address(self, client):
        article = published_article(slug="old-name")
        article.slug = "new-name"
        article.save()

        response = client.get("/articles/old-name/")

        assert response.status_code == 301
        assert response["Location"] == "/articles/new-name/"
        assert client.get("/articles/new-name/").status_code == 200

    def test_a_draft_slug_change_leaves_no_redirect(self, client):
        article = ArticleFactory(slug="working-title")
        article.slug = "final-title"
        article.save()

        assert not ArticleRedirect.objects.exists()

    def test_an_old_slug_of_an_unpublished_article_stays_hidden(self, client):
        article = published_article(slug="old-name")
        article.slug = "new-name"
        article.save()
        article.status = Article.Status.DRAFT
        article.save()

        assert client.get("/articles/old-name/").status_code == 404

    def test_an_article_may_take_back_its_own_old_slug(self, client):
        article = published_article(slug="old-name")
        article.slug = "new-name"
        article.save()

        article.slug = "old-name"
        article.save()

        assert not ArticleRedirect.objects.filter(old_slug="old-name").exists()
        assert client.get("/articles/old-name/").status_code == 200
        assert client.get("/articles/new-name/")["Location"] == "/articles/old-name/"


class TestCorrections:
    def test_an_editor_appends_a_correction_shown_on_the_page_and_in_json_ld(self, client, editor):
        article = published_article(slug="story")
        Article.objects.filter(pk=article.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=2)
        )
        client.force_login(editor)
        data = open_form(client, article)
        data.update(
            {
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-corrected_at_0": timezone.localdate().isoformat(),
                "corrections-0-corrected_at_1": "09:00:00",
                "corrections-0-text": "An earlier version misstated the funder.",
            }
        )

        response = client.post(change_url(article), data)

        assert response.status_code == 302
        html = client.get("/articles/story/").content.decode()
        assert "An earlier version misstated the funder." in html
        (structured,) = [
            json.loads(block)
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
        ]
        assert structured["correction"][0]["text"] == "An earlier version misstated the funder."
        article.refresh_from_db()
        assert timezone.now() - article.updated_at < datetime.timedelta(minutes=1)
        assert AuditEvent.objects.filter(
            action="correct", content_type__model="article", object_id=str(article.pk)
        ).exists()

    def test_corrections_are_listed_newest_first(self, client):
        article = published_article(slug="story")
        CorrectionFactory(article=article, text="Older.", corrected_at=NOW)
        CorrectionFactory(article=article, text="Newer.", corrected_at=NOW + SECOND)

        html = client.get("/articles/story/").content.decode()

        assert html.index("Newer.") < html.index("Older.")


class TestWorkflowActions:
    def run_action(self, client, action, *articles):
        return client.post(
            reverse("admin:articles_article_changelist"),
            {"action": action, "_selected_action": [str(a.pk) for a in articles]},
        )

    def test_publish_now_unpublish_and_archive_are_audited(self, client, editor):
        article = ArticleFactory(status=Article.Status.REVIEW, bylined=True)
        client.force_login(editor)

        self.run_action(client, "publish_now", article)
        article.refresh_from_db()
        assert article.is_published
        self.run_action(client, "unpublish", article)
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        self.run_action(client, "archive", article)
        article.refresh_from_db()
        assert article.status == Article.Status.ARCHIVED

        events = AuditEvent.objects.filter(
            content_type__model="article", object_id=str(article.pk)
        ).order_by("when", "pk")
        assert [e.action for e in events] == ["publish", "unpublish", "archive"]
        assert {e.actor_name for e in events} == {"ada"}

    def test_publishing_and_scheduling_through_the_form_are_audited(self, client, editor):
        article = ArticleFactory(status=Article.Status.REVIEW, bylined=True)
        client.force_login(editor)
        data = open_form(client, article)
        later = timezone.localtime() + datetime.timedelta(days=2)

        client.post(
            change_url(article),
            {
                **data,
                "status": "published",
                "published_at_0": later.date().isoformat(),
                "published_at_1": "09:00:00",
            },
        )

        article.refresh_from_db()
        assert article.is_scheduled
        event = AuditEvent.objects.for_target(article).get()
        assert event.action == "schedule"
        assert event.message.startswith("Scheduled for")

    def test_deleting_is_audited(self, client, editor):
        article = ArticleFactory(headline="Doomed")
        client.force_login(editor)

        client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

        assert not Article.objects.filter(pk=article.pk).exists()
        assert AuditEvent.objects.get(action="delete").target_repr == "Doomed"


class TestHistory:
    def test_every_save_through_the_desk_keeps_a_revision_with_its_author(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        for dek in ("First.", "Second."):
            client.post(change_url(article), {**open_form(client, article), "dek": dek})

        versions = Version.objects.get_for_object(article)
        assert versions.count() == 2
        assert {v.revision.user for v in versions} == {editor}

    def test_compare_shows_what_changed_between_two_revisions(self, client, editor):
        article = ArticleFactory(headline="Mila partners with AI Sweden")
        client.force_login(editor)
        client.post(change_url(article), open_form(client, article))
        client.post(
            change_url(article),
            {**open_form(client, article), "headline": "Mila and AI Sweden join forces"},
        )

        response = client.get(reverse("admin:articles_article_compare", args=[article.pk]))

        html = response.content.decode()
        assert response.status_code == 200
        assert "<del>partners with</del>" in html
        assert "<ins>and</ins>" in html

    def test_restoring_a_revision_brings_the_old_text_back(self, client, editor):
        article = ArticleFactory(headline="Original headline")
        client.force_login(editor)
        client.post(change_url(article), open_form(client, article))
        client.post(change_url(article), {**open_form(client, article), "headline": "Changed"})
        oldest = Version.objects.get_for_object(article).order_by("pk").first()
        url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])

        restore_form = form_data(client.get(url).content.decode(), "article_form")
        response = client.post(url, restore_form)

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Original headline"
        assert article.version == 4  # the restore is a new save, never a step back

    def test_restoring_a_revision_brings_its_tags_back(self, client, editor):
        article = ArticleFactory()
        article.tags.add("Sweden")
        client.force_login(editor)
        client.post(change_url(article), open_form(client, article))
        client.post(change_url(article), {**open_form(client, article), "tags": "Canada,"})
        assert list(article.tags.names()) == ["Canada"]
        oldest = Version.objects.get_for_object(article).order_by("pk").first()
        url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])

        restore_form = form_data(client.get(url).content.decode(), "article_form")
        response = client.post(url, restore_form)

        assert response.status_code == 302
        assert list(article.tags.names()) == ["Sweden"]

    def test_a_deleted_article_can_be_recovered(self, client, editor):
        with reversion.create_revision():
            article = ArticleFactory(headline="Deleted by mistake")
        pk = article.pk
        client.force_login(editor)
        client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
        version = Version.objects.get_deleted(Article).get(object_id=str(pk))
        url = reverse("admin:articles_article_recover", args=[version.pk])

        response = client.post(url, form_data(client.get(url).content.decode(), "article_form"))

        assert response.status_code == 302
        assert Article.objects.get(pk=pk).headline == "Deleted by mistake"
        assert AuditEvent.objects.filter(action="restore", object_id=str(pk)).exists()


def test_tag_autocomplete_needs_article_permissions(client):
    profile_manager = member_of("Profile manager")
    client.force_login(profile_manager)

    response = client.get(reverse("admin:articles_article_tag_autocomplete"), {"q": "a"})

    assert response.status_code == 403
