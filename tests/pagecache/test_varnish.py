"""
Real Varnish in front of a live server: Debian's varnishd with the site's
configuration (deploy/varnish/newsroom.vcl, rendered by `varnish_vcl`) and
the xkey vmod, purged by the app's background tasks.

Without varnishd these tests are skipped on a workstation and fail under
CI (`CI` set): a CI run never passes by skipping them.
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.models import Article
from pagecache.management.commands.varnish_vcl import render
from tests.factories import ArticleFactory, SectionFactory

# serialized_rollback: the migrated contents (content types, role groups) come back
# after each test, for the tests that run after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
SECRET = "tests-only-purge-secret"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(live_server, settings, tmp_path):
    """The base URL of a varnishd in front of the live server; edge purges go to it."""
    if not os.path.exists(VARNISHD):
        message = f"Debian's varnishd is not installed at {VARNISHD} (apt-get install varnish)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    app = urlsplit(live_server.url)
    settings.VARNISH_PURGE_SECRET = SECRET
    vcl = tmp_path / "newsroom.vcl"
    vcl.write_text(render([(app.hostname, app.port)], ["127.0.0.1"], SECRET))
    port = free_port()
    process = subprocess.Popen(
        [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-n",
            str(tmp_path / "varnish"),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"varnishd did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    settings.VARNISH_PURGE_URLS = [base + "/"]
    yield base
    process.terminate()
    process.wait(timeout=10)


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def run_purges():
    """What `manage.py db_worker` does in production: run the queued edge purges."""
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


@pytest.fixture
def story(varnish):
    with transaction.atomic():
        article = ArticleFactory(
            published=True,
            slug="through-varnish",
            headline="Seen through Varnish",
            section=SectionFactory(slug="news"),
        )
    run_purges()  # Publishing it queued purges; they run before the test looks.
    return article


def test_a_second_anonymous_get_is_a_varnish_hit(varnish, story):
    first = get(f"{varnish}/articles/through-varnish/")
    second = get(f"{varnish}/articles/through-varnish/")

    assert first[0] == second[0] == 200
    assert (first[1]["X-Edge-Cache"], second[1]["X-Edge-Cache"]) == ("miss", "hit")
    assert "Surrogate-Key" not in second[1]  # The tags are the edge's business.


def test_a_draft_saved_keeps_the_page_a_hit(varnish, story):
    draft = ArticleFactory(status=Article.Status.DRAFT, section=story.section)
    get(f"{varnish}/articles/through-varnish/")

    draft.headline = "Typed and typed again"
    draft.save()
    run_purges()

    assert get(f"{varnish}/articles/through-varnish/")[1]["X-Edge-Cache"] == "hit"


def test_an_edit_is_seen_on_the_next_request(varnish, story):
    get(f"{varnish}/articles/through-varnish/")

    story.headline = "Corrected through Varnish"
    story.save()
    run_purges()

    _, headers, body = get(f"{varnish}/articles/through-varnish/")
    assert headers["X-Edge-Cache"] == "miss"
    assert "Corrected through Varnish" in body


def test_an_unpublished_story_is_gone_at_once(varnish, story):
    get(f"{varnish}/articles/through-varnish/")
    get(f"{varnish}/")

    story.status = Article.Status.DRAFT
    story.save()
    run_purges()

    assert get(f"{varnish}/articles/through-varnish/")[0] == 404
    assert "Seen through Varnish" not in get(f"{varnish}/")[2]


def test_a_matching_etag_gets_a_304(varnish, story):
    _, headers, _ = get(f"{varnish}/articles/through-varnish/")

    status, _, _ = get(f"{varnish}/articles/through-varnish/", {"If-None-Match": headers["ETag"]})

    assert status == 304


def test_signed_in_staff_bypass_the_cache(varnish, story):
    cookie = {"Cookie": "sessionid=anything"}

    get(f"{varnish}/articles/through-varnish/", cookie)
    _, headers, _ = get(f"{varnish}/articles/through-varnish/", cookie)

    assert headers["X-Edge-Cache"] == "miss"


def test_only_the_app_with_the_secret_may_purge(varnish, story):
    wrong = urllib.request.Request(
        varnish + "/", method="PURGE", headers={"xkey-purge": "site", "X-Purge-Token": "guess"}
    )

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(wrong, timeout=10)

    assert refused.value.code == 403
