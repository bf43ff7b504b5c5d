"""Webhooks on the desk: registering endpoints, refused addresses, deliveries to read."""

import socket

import pytest
import reversion
from reversion.models import Version

from articles.models import Article
from tests.factories import ArticleFactory, published_article
from tests.helpers import admin_url, member_of, open_form
from tests.webhooks.helpers import sent, subscribe
from webhooks import addresses, tasks
from webhooks.models import Attempt, Delivery, Endpoint, Event

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.215.14"


@pytest.fixture
def editor(client):
    user = member_of("Editor", username="ada")
    client.force_login(user)
    return user


@pytest.fixture
def public_dns(monkeypatch):
    """Names under example.org resolve to a public address; the rest as the system says."""
    system_lookup = addresses.lookup

    def lookup(host, port):
        return [PUBLIC] if host.endswith("example.org") else system_lookup(host, port)

    monkeypatch.setattr(addresses, "lookup", lookup)


def add_endpoint(client, url, events=("published",), **fields):
    page = admin_url("webhooks.endpoint", "add")
    data = open_form(client, page, "endpoint_form")
    data.update({"url": url, "events": list(events), "is_active": "on", **fields})
    return client.post(page, data)


def form_errors(response):
    errors = response.context["adminform"].form.errors
    return {name: list(messages) for name, messages in errors.items()}


class TestRegisteringEndpoints:
    @pytest.mark.usefixtures("public_dns")
    def test_an_editor_registers_an_endpoint_and_sees_its_secret(self, client, editor):
        response = add_endpoint(
            client,
            "https://hooks.example.org/newsroom",
            events=["published", "corrected"],
            description="The partner site",
        )

        assert response.status_code == 302
        endpoint = Endpoint.objects.get()
        assert endpoint.events == ["published", "corrected"]
        assert (endpoint.created_by, endpoint.is_active) == (editor, True)
        assert endpoint.secret.startswith("whsec_")
        url = admin_url("webhooks.endpoint", "change", endpoint.pk)
        assert endpoint.secret in client.get(url).text
        assert open_form(client, url, "endpoint_form")["events"] == ["published", "corrected"]

    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:8000/hooks",
            "http://10.1.2.3/hooks",
            "http://[::1]/hooks",
            "http://169.254.169.254/latest/meta-data/",
            "http://localhost:8000/hooks",
        ],
    )
    def test_addresses_on_private_networks_or_this_machine_are_refused(self, client, editor, url):
        response = add_endpoint(client, url)

        assert response.status_code == 200
        (message,) = form_errors(response)["url"]
        assert "only go to public addresses" in message
        assert not Endpoint.objects.exists()

    def test_the_setting_allows_private_addresses(self, client, editor, settings):
        settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True

        response = add_endpoint(client, "http://127.0.0.1:8000/hooks")

        assert response.status_code == 302
        assert Endpoint.objects.get().url == "http://127.0.0.1:8000/hooks"

    @pytest.mark.usefixtures("public_dns")
    @pytest.mark.parametrize(
        ("url", "reason"),
        [
            ("https://user:secret@hooks.example.org/", "Leave the user name and password out"),
            ("ftp://hooks.example.org/", "Only http and https addresses"),
            ("https://nowhere.invalid/hooks", "could not be found"),
        ],
    )
    def test_addresses_that_cannot_be_used_are_refused_with_the_reason(
        self, client, editor, url, reason
    ):
        response = add_endpoint(client, url)

        assert response.status_code == 200
        assert reason in " ".join(form_errors(response)["url"])

    @pytest.mark.usefixtures("public_dns")
    def test_an_endpoint_needs_at_least_one_event(self, client, editor):
        response = add_endpoint(client, "https://hooks.example.org/", events=[])

        assert response.status_code == 200
        assert "events" in form_errors(response)
        assert not Endpoint.objects.exists()

    def test_an_endpoint_whose_host_is_gone_can_still_be_switched_off(
        self, client, editor, monkeypatch
    ):
        endpoint = subscribe("https://gone.example.org/hooks")

        def gone(host, port):
            raise socket.gaierror("Name or service not known")

        monkeypatch.setattr(addresses, "lookup", gone)
        url = admin_url("webhooks.endpoint", "change", endpoint.pk)
        data = open_form(client, url, "endpoint_form")
        data.pop("is_active")

        assert client.post(url, data).status_code == 302
        endpoint.refresh_from_db()
        assert not endpoint.is_active


class TestDeskPages:
    def test_an_editor_sees_endpoints_deliveries_and_attempts(self, client, editor):
        endpoint = subscribe(events=[Event.PUBLISHED])
        delivery = Delivery.objects.create(
            endpoint=endpoint, event=Event.PUBLISHED, article_id=7, payload={"type": "x"}
        )
        delivery.status = Delivery.Status.FAILED
        delivery.save()
        Attempt.objects.create(
            delivery=delivery,
            number=1,
            attempted_at=delivery.created_at,
            status_code=502,
            error="The receiver answered 502.",
            response_excerpt="Bad gateway",
        )

        endpoints = client.get(admin_url("webhooks.endpoint", "changelist"))
        deliveries = client.get(admin_url("webhooks.delivery", "changelist"))
        detail = client.get(admin_url("webhooks.delivery", "change", delivery.pk))

        assert endpoints.status_code == deliveries.status_code == detail.status_code == 200
        assert "hooks.example.org" in endpoints.text
        assert "Failed" in endpoints.text  # the last delivery's status
        assert "hooks.example.org" in deliveries.text
        assert "The receiver answered 502." in detail.text
        assert "Bad gateway" in detail.text
        assert 'name="_save"' not in detail.text

    def test_the_lists_cost_the_same_however_long_they_grow(
        self, client, editor, django_assert_max_num_queries
    ):
        for number in range(6):
            endpoint = subscribe(f"https://hooks{number}.example.org/")
            Delivery.objects.create(endpoint=endpoint, event=Event.UPDATED, payload={})

        # No query per row: each endpoint's last delivery, each delivery's endpoint.
        with django_assert_max_num_queries(7):
            endpoints = client.get(admin_url("webhooks.endpoint", "changelist"))
        with django_assert_max_num_queries(9):
            deliveries = client.get(admin_url("webhooks.delivery", "changelist"))

        assert endpoints.text.count('<td class="field-last_delivery">Pending</td>') == 6
        assert len(deliveries.context["cl"].result_list) == 6

    def test_nobody_adds_changes_or_deletes_deliveries_by_hand(self, client, editor):
        delivery = Delivery.objects.create(
            endpoint=subscribe(), event=Event.UPDATED, payload={"type": "x"}
        )

        add = client.get(admin_url("webhooks.delivery", "add"))
        change = client.post(
            admin_url("webhooks.delivery", "change", delivery.pk), {"status": "delivered"}
        )
        delete = client.post(admin_url("webhooks.delivery", "delete", delivery.pk), {"post": "yes"})

        assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.PENDING

    @pytest.mark.parametrize("role", ["Contributor", "Profile manager", "Administrator"])
    def test_other_roles_cannot_open_webhooks(self, client, role):
        client.force_login(member_of(role))

        assert client.get(admin_url("webhooks.endpoint", "changelist")).status_code == 403
        assert client.get(admin_url("webhooks.delivery", "changelist")).status_code == 403

    def test_a_test_event_is_queued_for_the_endpoints_chosen(self, client, editor, queue, commit):
        chosen, _other = subscribe(), subscribe("https://other.example.org/")

        with commit():
            response = client.post(
                admin_url("webhooks.endpoint", "changelist"),
                {"action": "send_test_event", "_selected_action": [chosen.pk]},
            )

        assert response.status_code == 302
        delivery = Delivery.objects.get()
        assert (delivery.endpoint, delivery.event) == (chosen, Event.PING)
        assert delivery.payload["type"] == "webhook.ping"
        assert [r.args for r in queue.waiting(tasks.deliver)] == [[delivery.pk, 1]]

    def test_an_editors_save_of_a_live_story_with_its_parts_sends_one_updated(
        self, client, editor, queue, commit
    ):
        with commit():
            article = published_article(bylined=True)
        subscribe()
        url = admin_url("articles.article", "change", article.pk)
        data = open_form(client, url, "article_form")

        with commit():
            response = client.post(url, {**data, "headline": "A sharper headline"})

        assert response.status_code == 302
        assert sent() == [("updated", article.pk)]

    def test_an_editor_publishing_a_story_sends_published_and_not_updated(
        self, client, editor, queue, commit
    ):
        with commit():
            article = ArticleFactory(status=Article.Status.REVIEW, bylined=True)
        subscribe()
        url = admin_url("articles.article", "change", article.pk)
        data = open_form(client, url, "article_form")

        with commit():
            response = client.post(url, {**data, "status": "published"})

        assert response.status_code == 302
        assert sent() == [("published", article.pk)]

    def test_a_correction_added_on_the_desk_sends_corrected_only(
        self, client, editor, queue, commit
    ):
        with commit():
            article = published_article(bylined=True)
        subscribe()
        url = admin_url("articles.article", "change", article.pk)
        data = open_form(client, url, "article_form")

        with commit():
            response = client.post(
                url,
                {
                    **data,
                    "corrections-TOTAL_FORMS": "1",
                    "corrections-0-corrected_at_0": "2024-05-01",
                    "corrections-0-corrected_at_1": "09:00:00",
                    "corrections-0-text": "An earlier version misstated the funder.",
                },
            )

        assert response.status_code == 302
        assert sent() == [("corrected", article.pk)]
        (correction,) = Delivery.objects.get().payload["data"]["corrections"]
        assert correction["text"] == "An earlier version misstated the funder."

    def test_restoring_a_draft_revision_of_a_live_story_sends_unpublished(
        self, client, editor, queue, commit
    ):
        with commit(), reversion.create_revision():
            article = ArticleFactory(bylined=True)
        draft = Version.objects.get_for_object(article).get()
        with commit(), reversion.create_revision():
            article.status = Article.Status.PUBLISHED
            article.save()
        subscribe()
        url = admin_url("articles.article", "revision", article.pk, draft.pk)
        data = open_form(client, url, "article_form")

        with commit():
            response = client.post(url, data)

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        assert sent() == [("unpublished", article.pk)]

    def test_recovering_a_deleted_live_story_sends_published(self, client, editor, queue, commit):
        with commit(), reversion.create_revision():
            article = published_article(bylined=True)
        version, pk = Version.objects.get_for_object(article).get(), article.pk
        with commit():
            article.delete()
        subscribe()
        url = admin_url("articles.article", "recover", version.pk)
        data = open_form(client, url, "article_form")

        with commit():
            response = client.post(url, data)

        assert response.status_code == 302
        assert Article.objects.get(pk=pk).is_published
        assert sent() == [("published", pk)]
