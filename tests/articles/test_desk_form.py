"""
The writing desk's article form: the publishing panel's buttons, merging two
editors' saves, the live preview, names added by typing them, bylines and
quotes in order, finding stories.
"""

import pytest
import reversion
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from audit.models import AuditEvent
from organizations.models import Organization, Person
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SectionFactory,
    published_article,
)
from tests.helpers import admin_url, member_of, open_form
from tests.images.test_uploads import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return member_of("Editor", username="ada")


@pytest.fixture
def other_editor():
    return member_of("Editor", username="grace")


def change_url(article):
    return admin_url("articles.article", "change", article.pk)


def revised(article):
    """The article as saved with a revision, as every desk save keeps one."""
    with reversion.create_revision():
        article.save()
    article.refresh_from_db()
    return article


class TestPublishingPanel:
    def test_publish_now_publishes_at_this_moment(self, client, editor, frozen_now):
        article = ArticleFactory(bylined=True)
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")

        response = client.post(change_url(article), {**form, "_publish": "1"})

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == timezone.now()

    def test_publish_now_is_held_back_by_the_checklist(self, client, editor):
        article = ArticleFactory(body="")
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")

        response = client.post(change_url(article), {**form, "_publish": "1"})

        assert response.status_code == 200
        assert "the story has no body" in response.content.decode()
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT

    def test_schedule_needs_a_time_ahead(self, client, editor, frozen_now):
        article = ArticleFactory(bylined=True)
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")
        past = {"published_at_0": "2020-01-01", "published_at_1": "10:00:00"}

        response = client.post(change_url(article), {**form, **past, "_schedule": "1"})

        assert response.status_code == 200
        assert "Choose a date and time ahead" in response.content.decode()
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT

    def test_a_contributor_has_no_publishing_buttons_and_cannot_post_them(self, client):
        contributor = member_of("Contributor")
        article = ArticleFactory(bylined=True, created_by=contributor)
        client.force_login(contributor)
        page = client.get(change_url(article)).content.decode()
        form = open_form(client, change_url(article), "article_form")

        client.post(change_url(article), {**form, "_publish": "1"})

        assert 'name="_publish"' not in page
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT

    def test_the_panel_shows_the_checklist_counts_and_a_preview_link(self, client, editor):
        article = ArticleFactory(body="<p>" + "word " * 460 + "</p>", dek="")
        client.force_login(editor)

        page = client.get(change_url(article)).content.decode()

        assert "460 words · 2 min read" in page
        assert "The story has no byline" in page  # blocking
        assert "The story has no dek" in page  # advice
        assert "Preview (shareable link)" in page

    def test_view_on_site_of_a_draft_is_its_preview(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)

        response = client.get(change_url(article))

        assert "/preview/" in response.context["panel"]["preview_url"]


class TestMerging:
    def test_edits_to_different_fields_are_merged(self, client, editor, other_editor):
        article = revised(ArticleFactory(headline="Old headline", dek="Old dek."))
        client.force_login(editor)
        first = open_form(client, change_url(article), "article_form")
        client.force_login(other_editor)
        second = open_form(client, change_url(article), "article_form")

        client.force_login(editor)
        client.post(change_url(article), {**first, "dek": "Ada's dek."})
        client.force_login(other_editor)
        merged = client.post(change_url(article), {**second, "headline": "Grace's headline"})

        assert merged.status_code == 302
        article.refresh_from_db()
        assert (article.headline, article.dek) == ("Grace's headline", "Ada's dek.")
        told = " ".join(str(message) for message in get_messages(merged.wsgi_request))
        assert "ada saved this story while you had it open" in told
        assert "theirs kept: Dek" in told

    def test_the_same_field_is_shown_side_by_side_and_the_input_kept(
        self, client, editor, other_editor
    ):
        article = revised(ArticleFactory(headline="Old headline"))
        client.force_login(editor)
        first = open_form(client, change_url(article), "article_form")
        client.force_login(other_editor)
        second = open_form(client, change_url(article), "article_form")

        client.force_login(editor)
        client.post(change_url(article), {**first, "headline": "Ada's headline"})
        client.force_login(other_editor)
        refused = client.post(change_url(article), {**second, "headline": "Grace's headline"})

        assert refused.status_code == 200
        page = refused.content.decode()
        assert "Changed by both of you" in page
        assert "<td>Ada&#x27;s headline</td><td>Grace&#x27;s headline</td>" in page
        assert 'value="Grace&#x27;s headline"' in page
        article.refresh_from_db()
        assert article.headline == "Ada's headline"

        # Saving again keeps what the form now holds.
        again = client.post(
            change_url(article),
            {**second, "headline": "Grace's headline", "opened_version": str(article.version)},
        )
        assert again.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Grace's headline"


class TestLivePreview:
    def test_it_renders_the_unsaved_story_with_its_quotes_and_people(self, client, editor):
        article = ArticleFactory(headline="Saved headline")
        speaker = PersonFactory(name="Valérie Pisano")
        mila = OrganizationFactory(name="Mila")
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")

        answer = client.post(
            admin_url("articles.article", "live", article.pk),
            {
                **form,
                "headline": "Typed headline",
                "body": "<p>" + "word " * 10 + "</p>",
                "quotes-TOTAL_FORMS": "1",
                "quotes-0-speaker": str(speaker.pk),
                "quotes-0-speaker_organization": str(mila.pk),
                "quotes-0-speaker_title": "President",
                "quotes-0-text": "A partnership that matters.",
            },
        ).json()

        assert "Typed headline" in answer["preview"]
        assert "A partnership that matters." in answer["preview"]
        assert "In this story" in answer["preview"]
        assert "Valérie Pisano" in answer["preview"]
        assert answer["words"] == 10
        assert answer["minutes"] == 1
        assert {check["code"]: check["passed"] for check in answer["checks"]}["byline"] is False
        article.refresh_from_db()
        assert article.headline == "Saved headline"

    def test_a_new_story_previews_before_its_first_save(self, client, editor):
        client.force_login(editor)

        answer = client.post(
            admin_url("articles.article", "live_new"), {"headline": "Not saved yet"}
        ).json()

        assert "Not saved yet" in answer["preview"]
        assert not Article.objects.exists()

    def test_the_preview_has_no_empty_in_this_story_heading(self, client, editor):
        client.force_login(editor)
        url = admin_url("articles.article", "live_new")

        answer = client.post(url, {"headline": "Alone"}).json()

        assert "In this story" not in answer["preview"]


class TestQuickAdd:
    def url(self, model):
        return admin_url(f"organizations.{model}", "quick_add")

    def test_a_contributors_new_name_is_flagged_for_review_and_audited(self, client):
        client.force_login(member_of("Contributor"))

        response = client.post(self.url("person"), {"name": "  Mathilde   Roy "})

        assert response.status_code == 201
        person = Person.objects.get(pk=response.json()["id"])
        assert (person.name, person.needs_review) == ("Mathilde Roy", True)
        assert AuditEvent.objects.filter(action="add", object_id=str(person.pk)).exists()

    def test_an_editors_new_name_is_theirs_to_vouch_for(self, client, editor):
        client.force_login(editor)

        response = client.post(self.url("organization"), {"name": "Institut Nordique"})

        organization = Organization.objects.get(pk=response.json()["id"])
        assert organization.needs_review is False

    def test_an_existing_name_is_picked_not_repeated(self, client, editor):
        existing = OrganizationFactory(name="AI Sweden")
        client.force_login(editor)

        response = client.post(self.url("organization"), {"name": "ai sweden"})

        assert response.json() == {"id": existing.pk, "text": "AI Sweden", "created": False}
        assert Organization.objects.count() == 1

    @pytest.mark.parametrize("name", ["", "   ", "x" * 300, "a\x00b"])
    def test_a_name_that_cannot_be_one_is_a_400(self, client, editor, name):
        client.force_login(editor)

        response = client.post(self.url("person"), {"name": name})

        assert response.status_code == 400
        assert "error" in response.json()
        assert not Person.objects.exists()

    def test_the_story_form_has_no_popups_and_offers_typing_names(self, client, editor):
        client.force_login(editor)

        page = client.get(admin_url("articles.article", "add")).content.decode()

        assert (
            "related-widget-wrapper-link"
            not in page.split('id="bylines-group"')[1].split('id="quotes-group"')[0]
        )
        assert f'data-create-url="{self.url("person")}"' in page
        assert f'data-create-url="{self.url("organization")}"' in page


class TestBylinesAndQuotes:
    def test_a_new_story_starts_with_the_writers_byline(self, client, editor):
        me = PersonFactory(name="Ada Reporter", account=editor)
        client.force_login(editor)

        response = client.get(admin_url("articles.article", "add"))

        byline_forms = response.context["inline_admin_formsets"][0].formset.forms
        assert [form.initial.get("person") for form in byline_forms] == [me.pk]

    def test_positions_follow_the_order_sent_and_quoted_names_join_the_story(self, client, editor):
        article = ArticleFactory()
        first, second = PersonFactory(), PersonFactory()
        speaker, place = PersonFactory(), OrganizationFactory()
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")

        client.post(
            change_url(article),
            {
                **form,
                "bylines-TOTAL_FORMS": "2",
                "bylines-0-person": str(second.pk),
                "bylines-0-position": "2",
                "bylines-1-person": str(first.pk),
                "bylines-1-position": "",
                "quotes-TOTAL_FORMS": "1",
                "quotes-0-speaker": str(speaker.pk),
                "quotes-0-speaker_organization": str(place.pk),
                "quotes-0-text": "Said.",
            },
        )

        bylines = list(article.bylines.order_by("position"))
        assert [(b.person, b.position) for b in bylines] == [(second, 1), (first, 2)]
        assert list(article.people.all()) == [speaker]
        assert list(article.organizations.all()) == [place]


class TestFindingStories:
    def search(self, client, **query):
        response = client.get(admin_url("articles.article", "changelist"), query)
        return {article.headline for article in response.context["cl"].result_list}

    def test_search_reaches_body_bylines_speakers_and_organizations(self, client, editor):
        quoted = QuoteFactory(speaker=PersonFactory(name="Yoshua Bengio")).article
        bylined = BylineFactory(person=PersonFactory(name="Marie Tremblay")).article
        covering = ArticleFactory()
        covering.organizations.add(OrganizationFactory(name="Vinnova"))
        in_body = ArticleFactory(body="<p>The AstraZeneca programme.</p>")
        ArticleFactory(headline="Unrelated")
        client.force_login(editor)

        assert self.search(client, q="Bengio") == {quoted.headline}
        assert self.search(client, q="Tremblay") == {bylined.headline}
        assert self.search(client, q="Vinnova") == {covering.headline}
        assert self.search(client, q="AstraZeneca") == {in_body.headline}

    def test_filters_by_author_organization_and_tag(self, client, editor):
        reporter = PersonFactory(name="Marie Tremblay")
        by_her = BylineFactory(person=reporter).article
        mila = OrganizationFactory(name="Mila")
        about_mila = ArticleFactory()
        about_mila.organizations.add(mila)
        tagged = ArticleFactory()
        tagged.tags.add("research")
        ArticleFactory(headline="Other")
        client.force_login(editor)

        assert self.search(client, author=reporter.pk) == {by_her.headline}
        assert self.search(client, organization=mila.pk) == {about_mila.headline}
        assert self.search(client, tag=Tag.objects.get(name="research").pk) == {tagged.headline}

    def test_filter_choices_are_only_names_on_stories(self, client, editor):
        BylineFactory(person=PersonFactory(name="Marie Tremblay"))
        PersonFactory(name="Never Bylined")
        client.force_login(editor)

        page = client.get(admin_url("articles.article", "changelist")).content.decode()

        assert "Marie Tremblay" in page
        assert "Never Bylined" not in page


def test_the_checklist_shows_a_published_storys_live_link(client, editor):
    article = published_article(bylined=True)
    client.force_login(editor)

    page = client.get(change_url(article)).content.decode()

    assert "View it on the site" in page
    assert article.get_absolute_url() in page


class TestChosenImage:
    def test_the_lead_image_survives_a_form_sent_back_with_an_error(self, client, editor):
        article = ArticleFactory(headline="Illustrated")
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")
        upload = SimpleUploadedFile("harbour.jpg", jpeg(), content_type="image/jpeg")

        refused = client.post(change_url(article), {**form, "headline": "", "lead_image": upload})

        assert refused.status_code == 200
        page = refused.content.decode()
        assert "Kept: “harbour.jpg”" in page
        token = refused.context["adminform"].form.data["lead_image_pending"]
        article.refresh_from_db()
        assert not article.lead_image

        saved = client.post(
            change_url(article),
            {**form, "headline": "Illustrated", "lead_image_pending": token},
        )

        assert saved.status_code == 302
        article.refresh_from_db()
        assert article.lead_image
        assert "/pending/" not in article.lead_image.name

    def test_a_forged_token_is_ignored(self, client, editor):
        article = ArticleFactory(headline="Plain")
        client.force_login(editor)
        form = open_form(client, change_url(article), "article_form")

        saved = client.post(
            change_url(article), {**form, "lead_image_pending": "articles/lead/other.jpg"}
        )

        assert saved.status_code == 302
        article.refresh_from_db()
        assert not article.lead_image


def test_a_new_story_starts_in_the_section_of_the_writers_last_story(client, editor):
    first = SectionFactory(name="News", order=1)
    science = SectionFactory(name="Science", order=2)
    client.force_login(editor)
    assert (
        client.get(admin_url("articles.article", "add"))
        .context["adminform"]
        .form.initial["section"]
        == first.pk
    )

    ArticleFactory(section=science, created_by=editor)

    response = client.get(admin_url("articles.article", "add"))
    assert response.context["adminform"].form.initial["section"] == science.pk
