"""The edge's purgers: what each sends, retries, and failures operators can see."""

import io
import json
import urllib.error

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from pagecache import purgers, tasks


class Recorder:
    def __init__(self):
        self.requests = []
        self.fail = False


@pytest.fixture
def sent(monkeypatch):
    recorder = Recorder()

    class Response(io.BytesIO):
        status = 200

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(request, timeout):
        recorder.requests.append(request)
        if recorder.fail:
            raise urllib.error.URLError("connection refused")
        return Response(b"ok")

    monkeypatch.setattr(purgers.urllib.request, "urlopen", urlopen)
    return recorder


def test_fastly_gets_the_keys_in_batches_of_256(sent):
    purgers.Fastly("service", "token").purge([f"a{n}" for n in range(300)])

    assert [request.full_url for request in sent.requests] == [
        "https://api.fastly.com/service/service/purge"
    ] * 2
    assert len(sent.requests[0].headers["Surrogate-key"].split()) == 256
    assert sent.requests[0].headers["Fastly-key"] == "token"


def test_cloudflare_gets_the_tags_as_json(sent):
    purgers.Cloudflare("zone", "token").purge(["a1", "site"])

    request = sent.requests[0]
    assert request.full_url.endswith("/zones/zone/purge_cache")
    assert json.loads(request.data) == {"tags": ["a1", "site"]}
    assert request.headers["Authorization"] == "Bearer token"


def test_varnish_is_purged_at_every_address_with_the_secret(sent):
    purgers.Varnish(("http://10.0.0.1/", "http://10.0.0.2/"), "secret").purge(["a1"])

    assert [(r.get_method(), r.full_url) for r in sent.requests] == [
        ("PURGE", "http://10.0.0.1/"),
        ("PURGE", "http://10.0.0.2/"),
    ]
    assert sent.requests[0].headers["X-purge-token"] == "secret"


def test_only_configured_edges_are_told(settings):
    settings.VARNISH_PURGE_URLS = []
    settings.FASTLY_SERVICE_ID = "service"
    settings.FASTLY_API_TOKEN = ""
    settings.CLOUDFLARE_ZONE_ID = "zone"
    settings.CLOUDFLARE_API_TOKEN = "token"

    assert list(purgers.configured()) == ["cloudflare"]


@pytest.mark.django_db
def test_a_failing_purge_is_retried_later_then_failed_for_good(sent, settings, monkeypatch):
    settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN = "service", "token"
    sent.fail = True
    retried = []
    task = tasks.purge_edge

    class Later:
        supports_defer = True

        def get_backend(self):
            return self

        def using(self, **options):
            assert options["run_after"] > timezone.now()
            return self

        def enqueue(self, *args):
            retried.append(args)

    monkeypatch.setattr(tasks, "purge_edge", Later())

    task.call("fastly", ["a1"], 1)
    assert retried == [("fastly", ["a1"], 2)]

    with pytest.raises(purgers.PurgeFailed):
        task.call("fastly", ["a1"], tasks.ATTEMPTS)


@pytest.mark.django_db
def test_purge_status_says_what_failed_and_exits_non_zero():
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="pagecache.tasks.purge_edge",
        args_kwargs={"args": ["fastly", ["a1"], 5], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        status="FAILED",
        finished_at=timezone.now(),
        traceback="Traceback...\npagecache.purgers.PurgeFailed: api.fastly.com answered 503",
    )
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 purge"):
        call_command("purge_status", stdout=out)

    assert "fastly: pagecache.purgers.PurgeFailed: api.fastly.com answered 503" in out.getvalue()


@pytest.mark.django_db
def test_purge_status_is_quiet_when_all_is_well():
    out = io.StringIO()

    call_command("purge_status", stdout=out)

    assert "No purge failed" in out.getvalue()


@pytest.mark.django_db
def test_with_tasks_run_at_once_a_failing_purge_is_logged_not_retried(
    sent, settings, monkeypatch, caplog
):
    settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN = "service", "token"
    sent.fail = True

    class AtOnce:
        supports_defer = False

    monkeypatch.setattr(type(tasks.purge_edge), "get_backend", lambda self: AtOnce())

    with pytest.raises(purgers.PurgeFailed):
        tasks.purge_edge.call("fastly", ["a1"], 1)

    assert "Purging 1 tag(s) from fastly failed" in caplog.text
