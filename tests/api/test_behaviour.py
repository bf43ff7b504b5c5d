"""How the Content API behaves as HTTP: errors, caching, CORS, rate limits, its reference page."""

import re

import pytest
import yaml

from articles.models import Article
from tests.factories import published_article

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


class TestErrors:
    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/nothing-here/",
            "/api/v2/articles/",
            "/api/v1/articles/no-such-story/",
            "/api/v1/organizations/no-such-organization/",
            "/api/v1/articles/?cursor=not-a-cursor",
        ],
    )
    def test_what_is_not_there_is_a_404_problem(self, client, db, url):
        assert_problem(client.get(url), 404)

    @pytest.mark.parametrize(
        "query, parameter",
        [
            ("published_after=yesterday", "published_after"),
            ("published_before=2024-13-45", "published_before"),
            ("section=not%20a%20slug", "section"),
            ("kind=castle", "kind"),
            ("q=" + "x" * 300, "q"),
            ("q=nul%00byte", "q"),
        ],
    )
    def test_a_bad_parameter_is_a_400_naming_it(self, client, db, query, parameter):
        endpoint = "organizations" if parameter == "kind" else "articles"

        body = assert_problem(client.get(f"/api/v1/{endpoint}/?{query}"), 400)

        assert parameter in body["errors"]

    def test_writing_is_refused_as_a_problem(self, client, db):
        assert_problem(client.post("/api/v1/articles/", {}), 405)
        assert_problem(client.delete("/api/v1/sections/"), 405)

    def test_a_crash_inside_the_api_is_a_problem_not_a_page(self, client, db, monkeypatch):
        from api import views

        def broken(*args, **kwargs):
            raise RuntimeError("the database fell over")

        monkeypatch.setattr(views.SectionViewSet, "get_queryset", broken)
        client.raise_request_exception = False

        assert_problem(client.get("/api/v1/sections/"), 500)

    def test_unknown_parameters_are_ignored(self, client, db):
        published_article()

        response = client.get("/api/v1/articles/?utm_source=newsletter&colour=blue")

        assert response.status_code == 200
        assert len(response.json()["results"]) == 1


class TestCaching:
    def test_every_answer_has_an_etag_and_a_304_for_a_match(self, client, db):
        published_article(slug="story")
        first = client.get("/api/v1/articles/story/")

        again = client.get("/api/v1/articles/story/", HTTP_IF_NONE_MATCH=first["ETag"])

        assert first["ETag"] and first["Last-Modified"]
        assert again.status_code == 304

    def test_answers_carry_the_tags_of_what_they_show(self, client, db):
        story = published_article(slug="story")

        detail = client.get("/api/v1/articles/story/")
        listing = client.get("/api/v1/articles/")

        assert f"a{story.pk}" in detail["Surrogate-Key"].split()
        assert "list-articles" in listing["Surrogate-Key"].split()

    def test_an_unpublished_story_disappears_from_the_cached_api_at_once(
        self, client, db, settings, django_capture_on_commit_callbacks
    ):
        settings.PAGE_CACHE_SECONDS = 300
        story = published_article(slug="story")
        assert client.get("/api/v1/articles/story/").status_code == 200
        assert client.get("/api/v1/articles/story/")["X-Cache"] == "hit"
        assert len(client.get("/api/v1/articles/").json()["results"]) == 1

        with django_capture_on_commit_callbacks(execute=True):
            story.status = Article.Status.DRAFT
            story.save()

        assert client.get("/api/v1/articles/story/").status_code == 404
        assert client.get("/api/v1/articles/").json()["results"] == []

    def test_filters_are_part_of_what_is_cached(self, client, db, settings):
        settings.PAGE_CACHE_SECONDS = 300
        published_article(slug="a", section__slug="news")
        published_article(slug="b", section__slug="sport")

        news = client.get("/api/v1/articles/?section=news").json()["results"]
        sport = client.get("/api/v1/articles/?section=sport").json()["results"]

        assert [item["slug"] for item in news] == ["a"]
        assert [item["slug"] for item in sport] == ["b"]


class TestCrossOrigin:
    def test_other_sites_may_not_read_it_by_default(self, client, db):
        response = client.get("/api/v1/sections/", HTTP_ORIGIN="https://partner.example")

        assert "Access-Control-Allow-Origin" not in response

    def test_origins_named_in_the_setting_may(self, client, db, settings):
        settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]

        allowed = client.get("/api/v1/sections/", HTTP_ORIGIN="https://partner.example")
        other = client.get("/api/v1/sections/", HTTP_ORIGIN="https://elsewhere.example")
        page = client.get("/", HTTP_ORIGIN="https://partner.example")

        assert allowed["Access-Control-Allow-Origin"] == "https://partner.example"
        assert "Access-Control-Allow-Origin" not in other
        assert "Access-Control-Allow-Origin" not in page  # pages are not the API


class TestRateLimit:
    def test_too_many_requests_get_a_429_with_retry_after(self, client, db, settings):
        settings.API_RATE_LIMIT = "3/min"
        for _ in range(3):
            assert client.get("/api/v1/sections/").status_code == 200

        refused = client.get("/api/v1/sections/")

        assert_problem(refused, 429)
        assert 0 < int(refused["Retry-After"]) <= 60

    def test_each_address_is_counted_apart(self, client, db, settings):
        settings.API_RATE_LIMIT = "1/min"
        client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.1")

        assert client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.2").status_code == 200
        assert client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.1").status_code == 429


class TestSchemaAndReference:
    def test_the_schema_is_yaml_by_default_and_json_on_request(self, client, db):
        as_yaml = client.get("/api/schema/")
        as_json = client.get("/api/schema/?format=json")

        assert yaml.safe_load(as_yaml.content)["openapi"].startswith("3.")
        assert as_json.json()["paths"].keys() >= {
            "/api/v1/articles/",
            "/api/v1/articles/{slug}/",
            "/api/v1/organizations/{slug}/",
            "/api/v1/people/{slug}/",
            "/api/v1/quotes/",
            "/api/v1/sections/",
            "/api/v1/tags/",
        }

    def test_the_reference_page_loads_only_our_own_files_under_the_csp(self, client, db):
        page = client.get("/api/docs/")
        script = client.get("/api/docs/?script=")

        html = page.content.decode()
        assert page.status_code == 200
        assert '<html lang="en">' in html
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(source.startswith("/") for source in sources), sources
        assert "<style" not in html and "<script>" not in html  # nothing inline
        policy = page["Content-Security-Policy"]
        assert "script-src 'self'" in policy or "default-src 'self'" in policy
        assert script["Content-Type"].startswith("application/javascript")
        assert "/api/schema/" in script.content.decode()
