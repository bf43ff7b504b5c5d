"""Anonymous readers are served from the cache, and never see a stale page for it."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from pagecache import tags
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what would run after the transaction commits (cache invalidation)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


@pytest.fixture
def story(committed):
    def make(**kwargs):
        def create():
            article = ArticleFactory(
                slug="the-story",
                headline="Original headline",
                section=SectionFactory(slug="news"),
                **kwargs,
            )
            article.organizations.add(OrganizationFactory(slug="mila"))
            article.people.add(PersonFactory(slug="yoshua-bengio"))
            article.tags.add("Space")
            return article

        return committed(create)

    return make


PAGES = [
    "/",
    "/articles/",
    "/sections/news/",
    "/tags/space/",
    "/organizations/mila/",
    "/people/yoshua-bengio/",
    "/feed/",
    "/sitemap.xml",
]


def shows(client, path, text):
    return text in client.get(path).content.decode()


def test_a_transaction_that_changes_many_rows_purges_once(committed, monkeypatch):
    purges = []
    monkeypatch.setattr(tags, "purge", lambda names: purges.append(set(names)))

    def publish():
        article = ArticleFactory(section=SectionFactory(), published=True)
        article.organizations.add(OrganizationFactory())
        article.people.add(PersonFactory())
        article.tags.add("Space")
        article.save()
        return article

    article = committed(publish)
    assert len(purges) == 1
    assert {f"a{article.pk}", "list-articles"} <= purges[0]
    committed(lambda: SectionFactory())
    assert len(purges) == 2


def test_a_purge_rolled_back_with_its_savepoint_is_registered_again(committed, monkeypatch):
    purges = []
    monkeypatch.setattr(tags, "purge", lambda names: purges.append(set(names)))

    def change():
        with pytest.raises(RuntimeError), transaction.atomic():
            SectionFactory()
            raise RuntimeError
        SectionFactory()

    committed(change)
    assert len(purges) == 1


def test_a_draft_saved_again_and_again_purges_nothing(committed, monkeypatch):
    article = committed(lambda: ArticleFactory(status=Article.Status.DRAFT))
    purges = []
    monkeypatch.setattr(tags, "purge", lambda names: purges.append(set(names)))

    for word in ("one", "two", "three"):
        article.dek = word
        committed(article.save)
    committed(lambda: article.tags.add("Space"))

    assert purges == []


def test_a_second_anonymous_request_is_served_from_the_cache(client, story):
    story(status=Article.Status.PUBLISHED, published_at=timezone.now())

    first, second = client.get("/articles/the-story/"), client.get("/articles/the-story/")

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert first.content == second.content


def test_publishing_shows_on_the_next_request_everywhere(client, story, committed):
    article = story(status=Article.Status.DRAFT)
    for path in PAGES:
        assert not shows(client, path, "Original headline"), path

    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    committed(article.save)

    for path in [*PAGES, "/articles/the-story/"]:
        assert shows(client, path, "Original headline" if "xml" not in path else "the-story"), path


def test_unpublishing_hides_it_on_the_next_request_everywhere(client, story, committed):
    article = story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    for path in [*PAGES, "/articles/the-story/"]:
        client.get(path)  # cached

    article.status = Article.Status.DRAFT
    committed(article.save)

    assert client.get("/articles/the-story/").status_code == 404
    for path in PAGES:
        assert not shows(client, path, "Original headline"), path
        assert not shows(client, path, "the-story"), path


def test_an_edited_headline_shows_on_the_next_request(client, story, committed):
    article = story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    for path in [*PAGES, "/articles/the-story/"]:
        client.get(path)

    article.headline = "Corrected headline"
    committed(article.save)

    for path in ["/", "/articles/", "/sections/news/", "/articles/the-story/", "/feed/"]:
        assert shows(client, path, "Corrected headline"), path


def test_a_scheduled_article_appears_at_its_time_despite_the_cache(client, story, frozen_now):
    frozen_now.move_to(NOW - datetime.timedelta(minutes=1))
    story(status=Article.Status.PUBLISHED, published_at=NOW)
    for path in PAGES:
        assert not shows(client, path, "Original headline"), path
    assert client.get("/articles/the-story/").status_code == 404

    frozen_now.move_to(NOW + datetime.timedelta(seconds=1))
    assert client.get("/articles/the-story/").status_code == 200
    for path in PAGES[:6]:
        assert shows(client, path, "Original headline"), path


def test_pages_carry_validators_and_answer_304(client, story):
    story(status=Article.Status.PUBLISHED, published_at=timezone.now())

    response = client.get("/articles/the-story/")
    again = client.get("/articles/the-story/", headers={"If-None-Match": response["ETag"]})

    assert "public" in response["Cache-Control"]
    assert "s-maxage=" in response["Cache-Control"]
    assert response["Last-Modified"]
    assert again.status_code == 304
    assert again.content == b""


def test_signed_in_staff_are_never_served_from_the_cache(client, story):
    story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    client.get("/articles/the-story/")
    client.force_login(UserFactory(staff=True))

    response = client.get("/articles/the-story/")

    assert "X-Cache" not in response


def test_admin_and_previews_are_private_and_never_stored(client, story):
    from articles import preview

    article = story(status=Article.Status.DRAFT)
    client.force_login(UserFactory(superuser=True))
    admin_response = client.get("/admin/articles/article/")
    client.logout()
    preview_response = client.get(preview.preview_url(article))

    for response in (admin_response, preview_response):
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert "X-Cache" not in response
