"""
The site in three languages: each edition's pages, a story's versions linked
to each other (hreflang, the switcher, sitemaps, JSON-LD, feeds), and lists
that show each reader the version in their language.
"""

import io
import json
import re

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.factories import published_article

pytestmark = pytest.mark.django_db

FOUNDING = "/articles/mila-partners-with-ai-sweden/"
FRENCH = "/fr/articles/mila-et-ai-sweden-unissent-leurs-forces/"
SWEDISH = "/sv/articles/mila-och-ai-sweden-inleder-samarbete/"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def hreflangs(response):
    """{language: URL} of the page's <link rel="alternate" hreflang> tags."""
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
            response.content.decode(),
        )
    )


@pytest.mark.parametrize(("path", "language"), [("/", "en"), ("/fr/", "fr"), ("/sv/", "sv")])
def test_each_edition_serves_its_front_page_in_its_language(client, demo, path, language):
    response = client.get(path)

    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language


def test_the_front_page_of_each_edition_leads_with_its_version_of_the_story(client, demo):
    english = client.get("/").content.decode()
    french = client.get("/fr/").content.decode()

    assert FOUNDING in english and FRENCH not in english
    assert FRENCH in french and FOUNDING not in french
    # An explainer with no Swedish version is shown in Swedish lists in its own language.
    swedish = client.get("/sv/").content.decode()
    assert "/articles/mila-montreals-deep-learning-institute/" in swedish


def test_the_founding_story_names_its_versions_with_hreflang(client, demo):
    response = client.get(FOUNDING)

    links = hreflangs(response)
    assert links == {
        "en": "http://testserver" + FOUNDING,
        "fr": "http://testserver" + FRENCH,
        "sv": "http://testserver" + SWEDISH,
        "x-default": "http://testserver" + FOUNDING,
    }
    for url, language in ((FRENCH, "fr"), (SWEDISH, "sv")):
        version = client.get(url)
        assert version.status_code == 200
        assert html_lang(version) == language
        assert hreflangs(version) == links


def test_a_story_lives_at_one_address_in_its_own_edition(client, demo):
    assert client.get("/articles/mila-et-ai-sweden-unissent-leurs-forces/")["Location"] == FRENCH
    assert client.get("/fr" + FOUNDING)["Location"] == FOUNDING


def test_the_switcher_keeps_the_reader_on_the_story_or_sends_them_home(client, demo):
    explainer = client.get("/articles/mila-montreals-deep-learning-institute/")
    links = {link["code"]: link for link in explainer.context["language_links"]}

    assert links["fr"]["url"].startswith("/fr/articles/mila-l-institut")
    assert links["sv"]["url"] == "/sv/"  # no Swedish version: the Swedish front page
    assert links["en"]["current"]


def test_pages_every_edition_has_link_the_same_page_in_each_language(client, demo):
    links = hreflangs(client.get("/fr/organizations/mila/"))

    assert links["en"] == "http://testserver/organizations/mila/"
    assert links["sv"] == "http://testserver/sv/organizations/mila/"


def test_profiles_show_their_texts_in_each_language_falling_back_to_english(client, demo):
    french = client.get("/fr/organizations/vinnova/").content.decode()
    mila = Article.objects.get(slug="mila-partners-with-ai-sweden").organizations.get(slug="mila")

    assert "innovation" in french.lower()
    assert mila.description_fr and mila.description_fr in client.get(
        "/fr/organizations/mila/"
    ).content.decode().replace("&#x27;", "'")
    mila.description_sv = ""
    mila.save()
    assert mila.description_en in client.get("/sv/organizations/mila/").content.decode().replace(
        "&#x27;", "'"
    )


def test_the_sitemap_lists_each_story_with_its_alternates(client, demo):
    sitemap = client.get("/sitemap.xml").content.decode()

    entry = re.search(
        r"<url><loc>http://testserver/articles/mila-partners-with-ai-sweden/</loc>.*?</url>",
        sitemap,
    ).group()
    assert 'hreflang="fr" href="http://testserver' + FRENCH in entry
    assert 'hreflang="sv" href="http://testserver' + SWEDISH in entry
    assert "<loc>http://testserver/fr/organizations/mila/</loc>" in sitemap


def test_structured_data_says_the_language_and_the_translation(client, demo):
    def news_article(url):
        page = client.get(url).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        return next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")

    original, french = news_article(FOUNDING), news_article(FRENCH)

    assert original["inLanguage"] == "en"
    assert {work["inLanguage"] for work in original["workTranslation"]} == {"fr", "sv"}
    assert french["inLanguage"] == "fr"
    assert french["translationOfWork"]["url"] == "http://testserver" + FOUNDING


def test_feeds_carry_each_edition(client, demo):
    french = client.get("/fr/feed/").content.decode()
    english = client.get("/feed/").content.decode()

    assert "<language>fr</language>" in french
    assert "unissent leurs forces" in french and "join forces" not in french
    assert "join forces" in english and "unissent leurs forces" not in english


def test_a_story_written_only_in_french_is_in_every_edition(client, db):
    published_article(slug="seulement-en-francais", language="fr")

    for path in ("/articles/", "/fr/articles/", "/sv/articles/"):
        assert "/fr/articles/seulement-en-francais/" in client.get(path).content.decode(), path


def test_a_translated_story_page_costs_what_the_original_does(
    client, demo, django_assert_max_num_queries
):
    client.get(FOUNDING)
    client.get(FRENCH)  # caches of entity counts, warm as on a running site

    with django_assert_max_num_queries(12):
        assert client.get(FRENCH).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(FOUNDING).status_code == 200


def test_related_stories_come_from_the_story_edition(client, demo):
    related = client.get(FRENCH).context["related_stories"]

    urls = [story.article.get_absolute_url() for story in related]
    assert "/fr/articles/qu-est-ce-qu-ai-sweden/" in urls
    assert FOUNDING not in urls and SWEDISH not in urls  # its own versions are not "related"
    assert "/articles/what-is-ai-sweden/" not in urls  # the French version stands for it


def test_reader_pages_follow_their_address_never_the_browser(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv,fr;q=0.8")

    assert html_lang(response) == "en"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_desk_follows_the_editor_browser_language(admin_client):
    french = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr")
    english = admin_client.get("/admin/")

    assert french["Content-Language"] == "fr"
    assert "Déconnexion" in french.content.decode()  # Django's admin, in French
    assert english["Content-Language"] == "en"
