"""
The desk and the site stay up under pressure an attacker or a busy deadline
can apply: concurrent saves, lock-outs, oversized input, a cache that fails.
"""

import io
import json
import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import signing
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from redis.exceptions import ConnectionError as RedisConnectionError

from articles.models import Article
from newsroom import security
from pagecache import backend as cache_backend
from tests.factories import ArticleFactory, SectionFactory, UserFactory, published_article
from tests.forms import form_data

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_six_editors_saving_at_once_on_sqlite_all_succeed(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.concurrent_saves", str(tmp_path / "desk.sqlite3")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "LOG_LEVEL": "ERROR"},
    )

    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["statuses"] == [302] * 6, outcome
    assert outcome["deks"] == [f"Saved by editor {number}." for number in range(6)]


# Lock-outs -------------------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def sign_in(client, username, password="a wrong guess", address="192.0.2.10"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
class TestLockOut:
    @pytest.fixture(autouse=True)
    def limit(self, settings):
        settings.AXES_FAILURE_LIMIT = 3

    @pytest.fixture
    def editors_browser(self):
        """The browser the editor always signs in from: it signed in there yesterday."""
        UserFactory(username="ada", staff=True)
        browser = Client()
        assert sign_in(browser, "ada", PASSWORD, address="203.0.113.20").status_code == 302
        browser.post(reverse("admin:logout"), REMOTE_ADDR="203.0.113.20")
        assert "_auth_user_id" not in browser.session
        return browser

    def test_a_stranger_cannot_lock_an_editor_out_of_their_known_browser(self, editors_browser):
        stranger = Client()
        for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"):
            sign_in(stranger, "ada", address=address)

        locked_for_strangers = sign_in(stranger, "ada", PASSWORD, address="198.51.100.5")
        editor = sign_in(editors_browser, "ada", PASSWORD, address="203.0.113.20")

        assert locked_for_strangers.status_code == 429
        assert editor.status_code == 302
        assert "_auth_user_id" in editors_browser.session

    def test_a_stranger_on_the_newsrooms_own_address_cannot_lock_the_editor_out_either(
        self, editors_browser
    ):
        stranger = Client()
        for _ in range(4):
            sign_in(stranger, "ada", address="203.0.113.20")

        assert sign_in(editors_browser, "ada", PASSWORD, address="203.0.113.20").status_code == 302

    def test_wrong_passwords_from_a_known_browser_still_lock_that_browser(self, editors_browser):
        for _ in range(3):
            sign_in(editors_browser, "ada", address="203.0.113.20")

        assert sign_in(editors_browser, "ada", PASSWORD, address="203.0.113.20").status_code == 429
        assert sign_in(Client(), "ada", PASSWORD, address="203.0.113.99").status_code == 302

    def test_a_device_cookie_from_another_account_counts_for_nothing(self, editors_browser):
        UserFactory(username="grace", staff=True)
        stranger = Client()
        for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
            sign_in(stranger, "grace", address=address)

        # Ada's browser trying Grace's account is a stranger to Grace's account.
        assert (
            sign_in(editors_browser, "grace", PASSWORD, address="203.0.113.20").status_code == 429
        )

    def test_the_device_cookie_is_signed_http_only_and_kept_to_the_desk(self, client):
        UserFactory(username="ada", staff=True)

        response = sign_in(client, "ada", PASSWORD)

        cookie = response.cookies[security.DEVICE_COOKIE]
        assert cookie["httponly"] and cookie["path"] == "/admin/"
        assert cookie["samesite"] == "Lax"
        assert signing.loads(cookie.value, salt=security.DEVICE_SALT)["account"] == "ada"


# Images beyond a format's limits ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_long_infographic_as_lead_image_saves_with_renditions_every_format_holds(admin_client):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 20_000), (30, 90, 160)).save(buffer, "PNG")
    url = reverse("admin:articles_article_add")
    data = form_data(admin_client.get(url).content.decode(), "article_form")
    data.update(
        headline="Twenty years of funding, in one chart",
        slug="twenty-years-of-funding",
        section=str(SectionFactory().pk),
        lead_image=SimpleUploadedFile("chart.png", buffer.getvalue(), "image/png"),
        lead_image_alt="A tall bar chart of funding by year.",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    article = Article.objects.get()
    renditions = article.lead_image_renditions["natural"]
    assert renditions and all(max(entry["width"], entry["height"]) <= 16383 for entry in renditions)
    for entry in renditions:
        with default_storage.open(entry["webp"]) as stored, Image.open(stored) as image:
            assert image.size == (entry["width"], entry["height"])


@pytest.mark.django_db
def test_a_tag_longer_than_a_tag_can_be_is_a_form_error_and_the_story_is_kept(admin_client):
    article = ArticleFactory(headline="Tagging, at length")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(admin_client.get(url).content.decode(), "article_form")
    long_tag = "artificial intelligence " * 6

    response = admin_client.post(url, {**data, "tags": [long_tag, "research"], "dek": "Kept?"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["tags"]
    assert "a tag can have at most 100" in errors[0]
    assert "Kept?" in response.text
    article.refresh_from_db()
    assert article.dek != "Kept?"
    assert not article.tags.exists()


# The page cache under random query strings --------------------------------------------------


@pytest.mark.django_db
class TestQueryStringsAndThePageCache:
    @pytest.fixture(autouse=True)
    def page_cache(self, settings):
        settings.PAGE_CACHE_SECONDS = 300
        published_article(headline="The only story")

    def test_random_parameters_share_one_cache_entry_and_change_nothing_shown(self, client):
        first = client.get("/?utm_source=newsletter-0")
        others = [client.get(f"/?utm_source=newsletter-{n}&fbclid={n}") for n in range(1, 40)]

        assert first["X-Cache"] == "miss"
        assert {response["X-Cache"] for response in others} == {"hit"}
        assert "newsletter" not in first.text
        assert client.get("/")["X-Cache"] == "hit"

    def test_the_parameters_a_page_reads_still_count(self, client):
        for n in range(25):
            published_article(headline=f"Archive story {n}")

        second_page = client.get("/articles/?page=2&utm_medium=social")
        same_page = client.get("/articles/?utm_campaign=x&page=02")
        junk = client.get("/articles/?page=last-one")

        assert second_page["X-Cache"] == "miss" and same_page["X-Cache"] == "hit"
        assert junk["X-Cache"] == "miss"
        assert "Archive story 0" in second_page.text
        assert client.get("/articles/")["X-Cache"] == "hit"  # the junk page was page 1

    def test_the_per_process_cache_has_a_size_bound(self, settings):
        assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] > 0


# An import too long to review -----------------------------------------------------------------


def long_release(quotes):
    paragraphs = [
        f'"Finding number {n} changes how we plan the season," said Researcher{n} Holm, '
        "a scientist at the Nordvik Institute."
        for n in range(quotes)
    ]
    return "A long release with many voices\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.django_db
class TestOversizedImportReview:
    @pytest.fixture(autouse=True)
    def small_limit(self, settings):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 40

    def test_a_release_too_long_to_review_gets_a_message_that_says_what_to_do(self, admin_client):
        SectionFactory(name="News", slug="news")

        response = admin_client.post(
            reverse("admin:articles_article_import"),
            {"action": "preview", "text": long_release(60)},
        )

        assert response.status_code == 200
        message = " ".join(response.context["form"].non_field_errors())
        assert "one review takes at most 30" in message
        assert "Split it into 9 or more parts" in message
        assert not Article.objects.exists()

    def test_a_form_posting_too_many_fields_gets_a_readable_400(self, admin_client):
        fields = {f"keep-{n}": "on" for n in range(100)}

        response = admin_client.post(reverse("admin:articles_article_import"), fields)

        assert response.status_code == 400
        assert "could not be read" in response.text
        assert not Article.objects.exists()


# A cache outage --------------------------------------------------------------------------------

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def redis_cache(location, **options):
    return {
        "default": {
            "BACKEND": "pagecache.backend.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "newsroom-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, **options},
        }
    }


@pytest.fixture
def fresh_circuits():
    cache_backend._circuits.clear()
    yield
    cache_backend._circuits.clear()


@pytest.fixture
def cache_unreachable(settings, fresh_circuits):
    """Redis configured, and nothing listening where it should be."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free now, and nothing will listen on it
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{port}/0")
    settings.PAGE_CACHE_SECONDS = 300


@pytest.mark.django_db
class TestCacheOutage:
    def test_pages_saves_and_the_demo_load_work_while_the_cache_is_unreachable(
        self, cache_unreachable, admin_client, client
    ):
        call_command("load_demo", stdout=io.StringIO())
        article = Article.objects.published().first()
        url = reverse("admin:articles_article_change", args=[article.pk])
        data = form_data(admin_client.get(url).content.decode(), "article_form")

        saved = admin_client.post(url, {**data, "dek": "Saved while the cache was down."})
        pages = [client.get(path) for path in ("/", article.get_absolute_url(), "/feed/")]

        assert saved.status_code == 302
        assert [page.status_code for page in pages] == [200, 200, 200]
        assert "Saved while the cache was down." in pages[1].text

    def test_the_outage_is_logged_once_per_interval_not_per_request(
        self, cache_unreachable, client, caplog
    ):
        published_article()
        with caplog.at_level(logging.ERROR, logger="pagecache.backend"):
            for _ in range(30):
                assert client.get("/").status_code == 200

        assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1

    def test_liveness_stays_up_and_readiness_reports_the_cache_down(
        self, cache_unreachable, client
    ):
        live = client.get("/healthz")
        ready = client.get("/readyz")

        assert live.status_code == 200
        assert ready.json() == {
            "status": "degraded",
            "database": "up",
            "cache": "down",
            "edge_purges": {"waiting": 0, "failed": 0},
        }

    def test_a_hung_cache_costs_a_request_a_timeout_not_a_worker(
        self, settings, fresh_circuits, client
    ):
        published_article()
        with socket.socket() as hung:
            hung.bind(("127.0.0.1", 0))
            hung.listen(16)  # connections complete, and nothing ever answers
            settings.CACHES = redis_cache(f"redis://127.0.0.1:{hung.getsockname()[1]}/0")
            settings.PAGE_CACHE_SECONDS = 300
            started = time.monotonic()

            responses = [client.get("/") for _ in range(5)]

            elapsed = time.monotonic() - started
        assert [response.status_code for response in responses] == [200] * 5
        assert elapsed < 3

    def test_an_invalidation_lost_in_an_outage_is_applied_when_the_cache_returns(
        self, settings, fresh_circuits, client, monkeypatch, django_capture_on_commit_callbacks
    ):
        settings.CACHES = redis_cache(REDIS_TEST_URL)
        settings.PAGE_CACHE_SECONDS = 300
        monkeypatch.setattr(cache_backend, "RETRY_SECONDS", 0.0)
        assert caches["default"].status() == "up", "Redis must run at 127.0.0.1:6379"
        caches["default"].clear()
        article = published_article(headline="Before the outage")
        assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
        assert client.get(article.get_absolute_url())["X-Cache"] == "hit"

        def unreachable(*args, **kwargs):
            raise RedisConnectionError("Connection refused")

        with monkeypatch.context() as outage:
            outage.setattr(RedisCacheClient, "get_client", unreachable)
            with django_capture_on_commit_callbacks(execute=True):
                article.headline = "Edited during the outage"
                article.save()

        page = client.get(article.get_absolute_url())

        assert "Edited during the outage" in page.text
        caches["default"].clear()
