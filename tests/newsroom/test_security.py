import json
import logging
import re

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from newsroom.logs import RequestFields
from reader import health
from tests.factories import OrganizationFactory, UserFactory, published_article
from tests.observatory import observatory_score, parse_csp

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def https_redirect(settings):
    """Production's redirect of plain HTTP (pytest-env turns it off for the other tests)."""
    settings.SECURE_SSL_REDIRECT = True


def csp(response):
    return parse_csp(response["Content-Security-Policy"])


class TestObservatoryGrade:
    """Every kind of response scores an A+ by the MDN HTTP Observatory's rules."""

    def public_pages(self):
        article = published_article(headline="Mila partners with AI Sweden")
        organization = OrganizationFactory(name="Vinnova")
        article.organizations.add(organization)
        return [
            "/",
            article.get_absolute_url(),
            organization.get_absolute_url(),
            reverse("search") + "?q=Vinnova",
        ]

    def test_public_pages(self, client, https_redirect):
        for url in self.public_pages():
            response = client.get(url, secure=True)
            assert response.status_code == 200, url
            assert client.get(url).status_code == 301, url  # plain HTTP

            score = observatory_score(response, redirects_to_https=True)

            assert score.grade == "A+", f"{url}\n{score}"

    def test_desk_login_page_with_its_cookies(self, client, https_redirect):
        response = client.get(reverse("admin:login"), secure=True)

        score = observatory_score(response, redirects_to_https=True)

        assert "csrftoken" in response.cookies
        assert score.results["cookies"][1] == 5, score
        assert score.grade == "A+", score

    def test_signed_in_desk_with_the_rich_text_editor(self, client, https_redirect):
        client.force_login(UserFactory(superuser=True))
        article = published_article()

        response = client.get(
            reverse("admin:articles_article_change", args=[article.pk]), secure=True
        )

        score = observatory_score(response, redirects_to_https=True)
        assert score.grade == "A+", score

    def test_scoring_can_fail(self, client):
        """The scorer is not a rubber stamp: a weak policy loses the A+."""
        response = client.get("/", secure=True)
        response.headers["Content-Security-Policy"] = "default-src 'self' 'unsafe-inline'"
        del response.headers["Strict-Transport-Security"]

        score = observatory_score(response, redirects_to_https=True)

        assert score.results["csp"][0] == "csp-implemented-with-unsafe-inline"
        assert score.grade != "A+"


class TestHeadersTheIssueAsksFor:
    """Each header by name: an A+ can survive one missing, the bonuses cover it."""

    def test_every_response_carries_them(self, client, admin_client):
        for response in (
            client.get("/", secure=True),
            client.get("/no-such-page/", secure=True),
            admin_client.get(reverse("admin:index"), secure=True),
        ):
            hsts = response["Strict-Transport-Security"]
            assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 15_768_000  # six months
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
            assert response["X-Frame-Options"] == "DENY"
            assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(self, client):
        UserFactory(username="editor", staff=True)
        login_page = client.get(reverse("admin:login"), secure=True)
        signed_in = log_in(client, "editor", PASSWORD)

        for cookie in (login_page.cookies["csrftoken"], signed_in.cookies["sessionid"]):
            assert cookie["secure"], cookie.key
            assert cookie["httponly"], cookie.key
            assert cookie["samesite"] == "Lax", cookie.key


class TestContentSecurityPolicy:
    def test_scripts_only_from_the_site_on_every_page(self, client, admin_client):
        article = published_article()
        for response in (
            client.get("/"),
            client.get(article.get_absolute_url()),
            client.get("/no-such-page/"),
            admin_client.get(reverse("admin:articles_article_changelist")),
        ):
            policy = csp(response)
            assert policy["script-src"][0] == "'self'"
            assert "'unsafe-inline'" not in policy["script-src"]
            assert "'unsafe-eval'" not in response["Content-Security-Policy"]
            assert policy["object-src"] == ["'none'"]
            assert policy["frame-ancestors"] == ["'none'"]
            assert policy["base-uri"] == ["'none'"]

    def test_reader_pages_carry_no_nonce_and_no_inline_styles(self, client):
        """Reader pages are cached whole: a nonce in one would be served to everyone."""
        policy = csp(client.get(published_article().get_absolute_url()))

        assert not any(source.startswith("'nonce-") for source in policy["script-src"])
        assert policy["style-src"] == ["'self'"]

    def test_editor_import_map_runs_with_the_request_nonce(self, admin_client):
        article = published_article()

        response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

        nonces = [s for s in csp(response)["script-src"] if s.startswith("'nonce-")]
        assert len(nonces) == 1
        nonce = nonces[0][len("'nonce-") : -1]
        import_maps = re.findall(r'<script type="importmap"([^>]*)>', response.text)
        assert import_maps == [f' nonce="{nonce}"']

    def test_each_request_gets_its_own_nonce(self, admin_client):
        url = reverse("admin:articles_article_add")

        first, second = (csp(admin_client.get(url))["script-src"] for _ in range(2))

        assert first != second

    def test_inline_scripts_without_the_nonce_are_not_in_any_template(self, client, admin_client):
        article = published_article()
        for response in (
            client.get(article.get_absolute_url()),
            admin_client.get(reverse("admin:articles_article_change", args=[article.pk])),
        ):
            for attributes, body in re.findall(
                r"<script([^>]*)>(.*?)</script>", response.text, re.DOTALL
            ):
                if body.strip():
                    assert "nonce=" in attributes or "application/ld+json" in attributes


def log_in(client, username, password="wrong password", address="192.0.2.10", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


class TestLoginThrottling:
    @pytest.fixture(autouse=True)
    def limit(self, settings):
        settings.AXES_FAILURE_LIMIT = 3

    def test_an_account_is_locked_after_repeated_failures_in_any_case(self, client):
        UserFactory(username="editor", staff=True)
        for username, address in (("editor", "192.0.2.1"), ("EDITOR", "192.0.2.2")):
            assert log_in(client, username, address=address).status_code == 200
        assert log_in(client, " Editor ", address="192.0.2.3").status_code == 429

        # The right password from yet another address does not get in either.
        response = log_in(client, "editor", PASSWORD, address="192.0.2.4")
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_an_address_is_locked_whatever_accounts_it_tries(self, client):
        UserFactory(username="editor", staff=True)
        for username in ("alice", "bob", "carol"):
            log_in(client, username, address="198.51.100.7")

        assert log_in(client, "editor", PASSWORD, address="198.51.100.7").status_code == 429
        assert log_in(client, "editor", PASSWORD, address="198.51.100.8").status_code == 302

    def test_a_forged_forwarded_for_header_does_not_reset_the_count(self, client):
        UserFactory(username="editor", staff=True)
        for n, username in enumerate(("alice", "bob", "carol")):
            log_in(client, username, address="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")

        response = log_in(
            client, "editor", PASSWORD, address="198.51.100.7", HTTP_X_FORWARDED_FOR="10.9.9.99"
        )
        assert response.status_code == 429

    def test_behind_a_trusted_proxy_the_forwarded_address_counts(self, client, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        UserFactory(username="editor", staff=True)
        for username in ("alice", "bob", "carol"):
            # The client forged the first entry; our proxy appended the real one.
            log_in(
                client, username, address="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5"
            )

        locked = log_in(
            client, "editor", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
        other_reader = log_in(
            client, "editor", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.6"
        )
        assert locked.status_code == 429
        assert other_reader.status_code == 302

    def test_lockouts_are_logged_and_explained(self, client, caplog):
        UserFactory(username="editor", staff=True)
        with caplog.at_level(logging.WARNING, logger="axes"):
            for _ in range(3):
                response = log_in(client, "editor")

        assert response.status_code == 429
        assert "locked" in response.text.lower()
        assert any("lock" in record.getMessage().lower() for record in caplog.records)

    def test_a_successful_login_clears_earlier_failures(self, client):
        UserFactory(username="editor", staff=True)
        log_in(client, "editor")
        log_in(client, "editor")
        assert log_in(client, "editor", PASSWORD).status_code == 302
        client.logout()

        log_in(client, "editor")
        log_in(client, "editor")
        assert log_in(client, "editor", PASSWORD).status_code == 302


class TestHealthCheck:
    def test_answers_503_when_the_database_does_not(self, client, monkeypatch):
        class Unreachable:
            def cursor(self):
                raise OperationalError("could not connect to server")

        monkeypatch.setattr(health, "connection", Unreachable())

        response = client.get("/healthz")

        assert response.status_code == 503
        assert response.content == b"database unavailable\n"
        assert "no-cache" in response["Cache-Control"]


class TestStructuredLogs:
    def test_production_logs_are_json(self, settings):
        assert settings.LOG_FORMAT == "json"
        assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"

    def test_error_records_keep_method_and_path_but_not_the_query_or_cookies(self):
        request = RequestFactory().get(
            "/articles/x/?token=secret", HTTP_COOKIE="sessionid=secret", REMOTE_ADDR="192.0.2.9"
        )
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), None
        )
        record.request = request
        record.status_code = 500

        assert RequestFields().filter(record)
        line = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s").format(record)

        logged = json.loads(line)
        assert logged["levelname"] == "ERROR"
        assert logged["path"] == "/articles/x/"
        assert logged["method"] == "GET"
        assert logged["client"] == "192.0.2.9"
        assert logged["status_code"] == 500
        assert "secret" not in line
