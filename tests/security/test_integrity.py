"""
What the desk records stays as recorded: corrections, redirects, roles and
backups cannot be undone or forged by someone with a desk account.
"""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleRedirect
from audit.models import AuditEvent
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    SectionFactory,
    UserFactory,
    published_article,
)
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
    reporter = PersonFactory()
    url = admin_url("articles.article", "add")
    data = {
        **open_form(client, url, "article_form"),
        "section": str(section.pk),
        "body": "<p>The lab's funding, as announced.</p>",
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-position": "1",
        "bylines-0-person": str(reporter.pk),
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


class TestSuperusersAndRoles:
    @pytest.fixture
    def administrator(self):
        return member_of("Administrator", username="admin-of-accounts")

    def test_an_administrator_cannot_make_themselves_a_superuser(self, client, administrator):
        client.force_login(administrator)
        url = admin_url("auth.user", "change", administrator.pk)
        data = open_form(client, url, "user_form")

        response = client.post(url, {**data, "is_superuser": "on"})

        assert response.status_code == 302
        administrator.refresh_from_db()
        assert not administrator.is_superuser

    @pytest.mark.parametrize("view", ["change", "password", "delete"])
    def test_an_administrator_cannot_touch_a_superusers_account(self, client, administrator, view):
        owner = UserFactory(superuser=True, username="owner")
        before = User.objects.filter(pk=owner.pk).values().get()
        client.force_login(administrator)
        url = (
            reverse("admin:auth_user_password_change", args=[owner.pk])
            if view == "password"
            else admin_url("auth.user", view, owner.pk)
        )

        response = client.post(
            url,
            {
                "password1": "a new and unusual passphrase",
                "password2": "a new and unusual passphrase",
                "username": "owner",
                "is_superuser": "",
                "post": "yes",
            },
        )

        assert response.status_code == 403
        assert User.objects.filter(pk=owner.pk).values().get() == before

    def test_a_superuser_may_grant_superuser_status(self, client):
        owner = UserFactory(superuser=True, username="owner")
        colleague = member_of("Administrator", username="colleague")
        client.force_login(owner)
        url = admin_url("auth.user", "change", colleague.pk)
        data = open_form(client, url, "user_form")

        client.post(url, {**data, "is_superuser": "on"})

        colleague.refresh_from_db()
        assert colleague.is_superuser

    def test_every_change_to_a_groups_permissions_is_audited(self, client, administrator):
        group = Group.objects.get(name="Contributor")
        publish = Permission.objects.get(codename="publish_article")
        delete = Permission.objects.get(codename="delete_article")
        client.force_login(administrator)
        url = admin_url("auth.group", "change", group.pk)
        data = open_form(client, url, "group_form")
        permissions = [pk for pk in data["permissions"] if pk != str(delete.pk)]

        response = client.post(url, {**data, "permissions": [*permissions, str(publish.pk)]})

        assert response.status_code == 302
        messages = set(
            AuditEvent.objects.for_target(group)
            .filter(action="role_change", actor=administrator)
            .values_list("message", flat=True)
        )
        assert messages == {
            "Granted permission articles.publish_article to the group",
            "Revoked permission articles.delete_article from the group",
        }
