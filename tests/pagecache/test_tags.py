"""
Cache tags: every public page says what it shows, and only changes to what
it shows make it stale.
"""

import re

import pytest
from django.urls import resolve
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section
from demo.content import FOUNDING_STORY_SLUG, load_demo
from organizations.models import Organization, Person
from pagecache import tags
from pagecache.middleware import header_tags
from tests.factories import ArticleFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

DEMO_PAGES = [
    "/",
    "/articles/",
    f"/articles/{FOUNDING_STORY_SLUG}/",
    "/sections/news/",
    "/organizations/",
    "/organizations/mila/",
    "/people/yoshua-bengio/",
    "/search/?q=Vinnova",
    "/feed/",
    "/sitemap.xml",
]

LINKED = {
    "articles:detail": (Article, "a"),
    "articles:section": (Section, "s"),
    "articles:tag": (Tag, "t"),
    "organizations:detail": (Organization, "o"),
    "organizations:person": (Person, "p"),
}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def expected_tags(html):
    """The tag of every story, section, tag, organization and person the page links to."""
    expected = set()
    for href in re.findall(r'(?:href="|<loc>)(?:https?://[^/"<]+)?(/[^"<#?]*)', html):
        try:
            match = resolve(href)
        except Exception:  # A static file or an outside address.
            continue
        if match.view_name in LINKED and "slug" in match.kwargs:
            model, prefix = LINKED[match.view_name]
            pk = model.objects.filter(slug=match.kwargs["slug"]).values_list("pk", flat=True)
            expected.update(f"{prefix}{value}" for value in pk)
    return expected


@pytest.mark.parametrize("path", DEMO_PAGES)
def test_every_page_carries_the_tags_of_what_it_links(client, demo, path):
    response = client.get(path)

    assert response.status_code == 200
    carried = set(response["Surrogate-Key"].split())
    assert tags.SITE in carried
    missing = expected_tags(response.content.decode()) - carried
    # A family's tag stands for all its members when a page shows too many.
    missing = {tag for tag in missing if tags.family(tag) not in carried}
    assert missing == set(), path


@pytest.mark.parametrize(
    "path", ["/", "/articles/", "/sections/news/", "/organizations/mila/", "/feed/"]
)
def test_pages_that_list_stories_carry_the_list(client, demo, path):
    assert "list-articles" in client.get(path)["Surrogate-Key"].split()


def test_a_storys_page_is_not_a_list(client, demo):
    carried = client.get(f"/articles/{FOUNDING_STORY_SLUG}/")["Surrogate-Key"].split()

    assert "list-articles" not in carried


def test_cloudflare_gets_the_tags_too_when_asked(client, demo, settings):
    settings.CACHE_TAG_HEADER = True

    response = client.get("/")

    assert response["Cache-Tag"].split(",") == response["Surrogate-Key"].split()


def test_a_draft_saved_again_keeps_every_page_cached(client, demo, committed):
    draft = committed(lambda: ArticleFactory(status=Article.Status.DRAFT))
    for path in DEMO_PAGES:
        client.get(path)

    draft.headline = "Still being written"
    committed(draft.save)

    for path in DEMO_PAGES:
        assert client.get(path)["X-Cache"] == "hit", path


def test_an_edit_to_what_a_page_does_not_show_keeps_it_cached(client, demo, committed):
    founding = f"/articles/{FOUNDING_STORY_SLUG}/"
    elsewhere = committed(lambda: OrganizationFactory(name="Unrelated Institute"))
    client.get(founding)

    elsewhere.description = "Edited."
    committed(elsewhere.save)

    assert client.get(founding)["X-Cache"] == "hit"


def test_publishing_a_story_leaves_story_pages_cached_and_lists_fresh(client, demo, committed):
    founding = f"/articles/{FOUNDING_STORY_SLUG}/"
    client.get(founding)
    client.get("/")

    committed(
        lambda: ArticleFactory(
            published=True, headline="A brand new story", section=Section.objects.first()
        )
    )

    assert client.get(founding)["X-Cache"] == "hit"
    front = client.get("/")
    assert front["X-Cache"] == "miss"
    assert "A brand new story" in front.content.decode()


def test_renaming_an_organization_reaches_every_page_that_shows_it(client, demo, committed):
    founding = f"/articles/{FOUNDING_STORY_SLUG}/"
    client.get(founding)
    mila = Organization.objects.get(slug="mila")

    mila.name = "Mila – Quebec AI Institute"
    committed(mila.save)

    page = client.get(founding)
    assert page["X-Cache"] == "miss"
    assert "Mila – Quebec AI Institute" in page.content.decode()


def test_each_page_has_its_own_last_modified_and_etag(client, demo):
    front, story = client.get("/"), client.get(f"/articles/{FOUNDING_STORY_SLUG}/")

    assert front["ETag"] != story["ETag"]
    again = client.get("/", headers={"if-none-match": front["ETag"]})
    assert again.status_code == 304
    since = client.get("/", headers={"if-modified-since": front["Last-Modified"]})
    assert since.status_code == 304


def test_a_scheduled_story_reaches_the_lists_at_its_time_with_no_job(
    client, demo, committed, time_machine
):
    # Sooner than the page cache would expire the front page by itself.
    when = timezone.now() + timezone.timedelta(seconds=60)
    committed(
        lambda: ArticleFactory(
            status=Article.Status.PUBLISHED,
            published_at=when,
            headline="Out in an hour",
            section=Section.objects.first(),
        )
    )
    assert "Out in an hour" not in client.get("/").content.decode()

    time_machine.move_to(when + timezone.timedelta(seconds=1))

    assert "Out in an hour" in client.get("/").content.decode()


def test_too_many_tags_fall_back_to_their_family():
    many = {f"a{pk}" for pk in range(1, 2000)} | {"site", "list-articles", "o1"}

    kept = header_tags(many, 200)

    assert "a-all" in kept
    assert not any(re.fullmatch(r"a\d+", tag) for tag in kept)
    assert {"site", "list-articles", "o1"} <= set(kept)
    assert len(" ".join(kept)) <= 200


def test_a_purge_of_one_story_also_purges_its_family(monkeypatch):
    told = []
    monkeypatch.setattr(tags, "_purgers", [told.append])

    tags.purge({"a12"})

    assert told == [["a-all", "a12"]]


# Each demo page's queries when the page cache misses (the navigation and the
# related stories' counts warm, as on a running site): real pages, with
# bylines, people, organizations, tags, quotes and related stories.
DEMO_BUDGETS = {
    "/": 6,
    "/articles/": 3,
    "/sections/news/": 4,
    "/organizations/": 2,
    "/organizations/mila/": 8,
    "/people/yoshua-bengio/": 6,
    "/search/?q=Vinnova": 4,
    "/feed/": 4,
    "/sitemap.xml": 10,
}


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        *DEMO_BUDGETS.items(),
        # A story and its versions in other languages cost the same.
        *(
            (f"{prefix}/articles/{slug}/", 11)
            for prefix, slug in [
                ("", FOUNDING_STORY_SLUG),
                ("", "what-is-ai-sweden"),
                ("/fr", "mila-et-ai-sweden-unissent-leurs-forces"),
                ("/sv", "vad-ar-ai-sweden"),
            ]
        ),
        ("/fr/", 6),
        ("/sv/organizations/mila/", 8),
    ],
)
def test_every_demo_page_keeps_its_query_budget(
    client, demo, settings, django_assert_max_num_queries, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(path)

    with django_assert_max_num_queries(budget):
        assert client.get(path).status_code == 200


def test_a_page_whose_tags_are_purged_while_it_renders_is_not_stored(rf, settings):
    from django.http import HttpResponse

    from pagecache.middleware import AnonymousPageCacheMiddleware

    def rendering_while_an_editor_saves(request):
        tags.shown("a1")
        tags.purge({"a1"})  # The save commits mid-render: this page may be stale.
        return HttpResponse("the old headline")

    def rendering_quietly(request):
        tags.shown("a1")
        return HttpResponse("the new headline")

    first = AnonymousPageCacheMiddleware(rendering_while_an_editor_saves)(rf.get("/story/"))
    second = AnonymousPageCacheMiddleware(rendering_quietly)(rf.get("/story/"))
    third = AnonymousPageCacheMiddleware(rendering_quietly)(rf.get("/story/"))

    assert "X-Cache" not in first
    assert (second["X-Cache"], third["X-Cache"]) == ("miss", "hit")
    assert third.content == b"the new headline"


def test_a_missing_page_is_kept_by_no_cache(client):
    response = client.get("/articles/not-yet-published/")

    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_quotes_and_bylines_purge_the_people_and_organizations_they_name(
    demo, committed, monkeypatch
):
    from articles.models import Quote

    purged = []
    monkeypatch.setattr(tags, "purge", lambda names: purged.append(set(names)))
    quote = Quote.objects.filter(article__slug=FOUNDING_STORY_SLUG).first()

    quote.text = "Reworded."
    committed(quote.save)

    assert {f"a{quote.article_id}", f"p{quote.speaker_id}"} <= purged[0]
    if quote.speaker_organization_id:
        assert f"o{quote.speaker_organization_id}" in purged[0]


def test_restoring_a_revision_purges_the_story(committed, monkeypatch):
    from articles import caching

    purged = []
    monkeypatch.setattr(tags, "purge", lambda names: purged.append(set(names)))
    article = committed(lambda: ArticleFactory(published=True))
    purged.clear()

    committed(lambda: caching.purge_story(article))

    assert {f"a{article.pk}", "list-articles"} <= purged[0]


def test_someone_newly_reviewed_joins_the_organizations_page(client, demo, committed):
    mila = Organization.objects.get(slug="mila")
    newcomer = committed(
        lambda: Person.objects.create(name="Ada Newcomer", slug="ada-newcomer", needs_review=True)
    )
    committed(lambda: mila.affiliations.create(person=newcomer, title="Researcher"))
    assert "Ada Newcomer" not in client.get("/organizations/mila/").content.decode()

    newcomer.needs_review = False
    committed(newcomer.save)

    assert "Ada Newcomer" in client.get("/organizations/mila/").content.decode()
