"""
Embargoes hold against someone with a desk account: nothing of an unpublished
story (its headline, the names and tags only it knows, its preview) reaches
anyone who should not see it.
"""

from types import SimpleNamespace

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import preview, publishing
from articles.models import Article
from importing import drafting
from organizations.models import Organization, Person
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    BylineFactory,
    OrganizationFactory,
    RelationshipFactory,
    SectionFactory,
    published_article,
)
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


# Names and tags that only an unpublished story knows ---------------------------------------

MERGER_RELEASE = """\
Harbourline Robotics to merge with Keelson Institute of Ocean Data

The two will combine their research teams next spring.

OSLO, Norway -- Harbourline Robotics and the Keelson Institute of Ocean Data said on
Tuesday that they will merge.

"Together we can build the navigation systems the industry has been waiting for," said
Tove Ragnhildsen, Chief Executive of Keelson Institute of Ocean Data.

The deal is expected to close in March.
"""


@pytest.fixture
def imported_merger(client):
    """The release imported on the desk, its unknown institute added: a draft and two new names."""
    SectionFactory(name="News", slug="news")
    editor = member_of("Editor", username="ed")
    client.force_login(editor)
    review = drafting.review_story(MERGER_RELEASE)
    institute = next(p.key for p in review.proposals if p.name.startswith("Keelson"))
    response = client.post(
        reverse("admin:articles_article_import"),
        {
            "action": "save",
            "reviewed": "1",
            "text": MERGER_RELEASE,
            "keep": sorted(review.match_keys),
            "create": [institute],
        },
    )
    assert response.status_code == 302
    client.logout()
    return SimpleNamespace(
        article=Article.objects.get(),
        organization=Organization.objects.get(name="Keelson Institute of Ocean Data"),
        person=Person.objects.get(name="Tove Ragnhildsen"),
        editor=editor,
    )


def public_surfaces(entity):
    """Every public page that could give a directory entry away: (path, answers 404 if private)."""
    profile = entity.get_absolute_url()
    surfaces = [
        (profile, True),
        ("/sitemap.xml", False),
        (f"/search/?q={entity.name.split()[0]}", False),
    ]
    if isinstance(entity, Organization):
        surfaces += [(f"{profile}feed/", True), ("/organizations/", False)]
    return surfaces


def shows(client, entity):
    """{path: whether that public page reveals the entity}."""
    seen = {}
    for path, is_own_page in public_surfaces(entity):
        response = client.get(path)
        if is_own_page:
            seen[path] = response.status_code != 404
        else:
            assert response.status_code == 200, path
            seen[path] = entity.name in response.text or entity.slug in response.text
    return seen


@pytest.mark.parametrize("name", ["organization", "person"])
def test_names_an_imported_draft_adds_stay_off_the_public_site(client, imported_merger, name):
    entity = getattr(imported_merger, name)

    seen = shows(client, entity)

    assert entity.needs_review
    assert not any(seen.values()), seen


@pytest.mark.parametrize("name", ["organization", "person"])
def test_the_story_is_not_published_while_the_names_it_adds_are_unchecked(
    client, imported_merger, name
):
    entity = getattr(imported_merger, name)
    BylineFactory(article=imported_merger.article)

    published = publishing.publish_now(imported_merger.article, imported_merger.editor)

    assert not published
    assert not any(shows(client, entity).values())


@pytest.mark.parametrize("name", ["organization", "person"])
def test_a_live_story_that_cites_a_name_makes_it_public(client, imported_merger, name):
    """Names added to a story already live (its checklist long passed) go public with it."""
    entity = getattr(imported_merger, name)
    imported_merger.article.status = Article.Status.PUBLISHED
    imported_merger.article.published_at = timezone.now()
    imported_merger.article.save()

    seen = shows(client, entity)

    assert all(seen.values()), seen


@pytest.mark.parametrize("name", ["organization", "person"])
def test_a_name_staff_mark_reviewed_is_public_before_any_story_runs(client, imported_merger, name):
    entity = getattr(imported_merger, name)
    label = entity._meta.label_lower
    client.force_login(imported_merger.editor)
    url = admin_url(label, "change", entity.pk)
    form_id = f"{entity._meta.model_name}_form"
    data = open_form(client, url, form_id)
    data.pop("needs_review")
    assert client.post(url, data).status_code == 302
    client.logout()

    response = client.get(entity.get_absolute_url())

    assert response.status_code == 200


def test_a_public_profile_hides_relationships_and_people_nobody_may_see_yet(
    client, imported_merger
):
    host = OrganizationFactory(name="Fjordside Science Park")
    RelationshipFactory(
        from_organization=host, to_organization=imported_merger.organization, kind="hosts"
    )
    AffiliationFactory(person=imported_merger.person, organization=host, title="Adviser")

    page = client.get(host.get_absolute_url()).text

    assert "Keelson" not in page
    assert "Ragnhildsen" not in page


def test_a_tag_only_drafts_use_has_no_public_page_feed_or_sitemap_entry(client):
    draft = ArticleFactory(headline="Embargoed")
    draft.tags.add("Secret merger")
    published_article().tags.add("Oceans")

    answers = [
        client.get(path).status_code
        for path in ("/tags/secret-merger/", "/tags/secret-merger/feed/")
    ]
    sitemap = client.get("/sitemap.xml").text

    assert answers == [404, 404]
    assert "secret-merger" not in sitemap
    assert client.get("/tags/oceans/").status_code == 200


def test_tag_autocomplete_offers_contributors_no_tag_only_others_drafts_use(client, contributor):
    ArticleFactory(headline="Embargoed").tags.add("Secret merger")
    ArticleFactory(headline="Mine", created_by=contributor).tags.add("Secret notes")
    published_article().tags.add("Secret history")
    client.force_login(contributor)

    response = client.get(reverse("admin:articles_article_tag_autocomplete"), {"q": "secret"})
    tag_list = client.get(admin_url("taggit.tag", "changelist"))

    offered = {result["text"] for result in response.json()["results"]}
    assert offered == {"Secret notes", "Secret history"}
    assert "Secret merger" not in tag_list.text


# Preview links --------------------------------------------------------------------------------


def run_action(client, action, article):
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [str(article.pk)]},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("pulled_by", ["unpublish", "archive"])
def test_a_preview_link_from_before_publishing_stays_dead_once_the_story_is_pulled(
    client, pulled_by
):
    editor = member_of("Editor", username="ed")
    article = ArticleFactory(headline="Legal takedown", section=SectionFactory(), bylined=True)
    link = preview.preview_url(article)
    client.force_login(editor)
    run_action(client, "publish_now", article)
    run_action(client, pulled_by, article)
    client.logout()

    response = client.get(link)

    assert response.status_code == 404
    article.refresh_from_db()
    assert client.get(preview.preview_url(article)).status_code == 200  # a new link works


def test_a_preview_link_from_before_scheduling_is_revoked_by_republishing(client):
    editor = member_of("Editor", username="ed")
    article = published_article(headline="Pulled, then back", bylined=True)
    client.force_login(editor)
    run_action(client, "unpublish", article)
    article.refresh_from_db()
    link = preview.preview_url(article)
    run_action(client, "publish_now", article)
    run_action(client, "unpublish", article)
    client.logout()

    assert client.get(link).status_code == 404


def test_a_preview_link_survives_submitting_for_review(client, contributor):
    article = ArticleFactory(headline="Under review", created_by=contributor)
    link = preview.preview_url(article)
    client.force_login(contributor)
    run_action(client, "submit_for_review", article)
    client.logout()

    assert client.get(link).status_code == 200


def test_restoring_a_revision_does_not_bring_back_a_revoked_preview_link(client):
    editor = member_of("Editor", username="ed")
    with reversion.create_revision():
        article = ArticleFactory(headline="First take", section=SectionFactory())
    link = preview.preview_url(article)
    old_revision = Version.objects.get_for_object(article).get()
    preview.revoke(article)
    client.force_login(editor)
    url = reverse("admin:articles_article_revision", args=[article.pk, old_revision.pk])
    data = open_form(client, url, "article_form")
    assert client.post(url, data).status_code == 302
    client.logout()

    assert client.get(link).status_code == 404
