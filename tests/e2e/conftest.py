"""
Browser journeys: Playwright for Python driving Debian's chromium against a live server.

Each test runs pytest-django's `live_server` on the test database and opens
browser contexts with `new_context`; a context is one visitor with its own
cookies, so an editor and a reader can work side by side in one test.

    .venv/bin/pytest tests/e2e          # only the journeys
    .venv/bin/pytest -m "not e2e"       # everything else

Nothing downloads a browser: chromium comes from apt (`apt-get install chromium`,
which `.ci/run` does when it is missing). Without it the journeys are skipped
on a workstation and fail under CI (`CI` set), so a CI run never passes by
skipping them. A failing journey leaves a full-page screenshot and the HTML of
every page it had open in `test-results/e2e/` (or `$E2E_ARTIFACTS`); the
report names the files, and shows what the browser's console said. A page
whose script the Content-Security-Policy blocks, or that throws, fails the
journey too.

`live_server` makes every test transactional: the database is emptied after
each, taking with it what migrations wrote, such as the role groups. The
journeys therefore ask for `serialized_rollback`, which puts the migrated
contents back before each test.
"""

import os
import re
import threading
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection, connections
from PIL import Image, ImageDraw
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from demo.content import load_demo
from tests.e2e.desk import PASSWORD
from tests.helpers import member_of

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS") or ROOT / "test-results" / "e2e")
# Long enough for a slow CI machine, short enough that a missing element fails
# the journey in seconds rather than Playwright's default 30.
TIMEOUT_MS = 10_000

OPEN_CONTEXTS = pytest.StashKey[list]()


class InFlight:
    """
    Requests the live server (a thread of this process) is answering.

    Desk pages talk to the server in the background and as they close
    (autosave, presence); a test's teardown waits until those are answered,
    so none lands in the database while it is being emptied for the next.
    """

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        request_started.connect(self.started, dispatch_uid="e2e-in-flight-started")
        request_finished.connect(self.finished, dispatch_uid="e2e-in-flight-finished")

    def started(self, **kwargs):
        with self.lock:
            self.count += 1

    def finished(self, **kwargs):
        with self.lock:
            self.count -= 1

    def wait_until_quiet(self, quiet=0.3, timeout=10):
        deadline = time.monotonic() + timeout
        calm_since = None
        while time.monotonic() < deadline:
            if self.count <= 0:
                calm_since = calm_since or time.monotonic()
                if time.monotonic() - calm_since >= quiet:
                    return
            else:
                calm_since = None
            time.sleep(0.05)


IN_FLIGHT = InFlight()
CONSOLE = pytest.StashKey[list]()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: a browser journey against a live server (Playwright, Debian's chromium)"
    )


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            # The live server starts once, before the fixture that points
            # STATIC_ROOT at a test directory, so whitenoise warns that the
            # project's staticfiles/ is missing; the live server serves
            # static files from the apps' folders itself.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """
    One chromium for all the journeys, started by the first and closed after the last.

    Package-scoped rather than session-scoped: pytest-django runs the journeys
    (live-server tests are transactional) together, and Playwright must not
    outlive them, for the reasons below. The test databases are set up first,
    so that they belong to the thread's own connections.
    """
    if not CHROMIUM.exists():
        message = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # Playwright's sync API keeps an asyncio event loop marked as running in
    # this thread from start() to stop(), and Django changes its ways when it
    # sees one:
    # - it refuses ORM calls from the test code (SynchronousOnlyOperation),
    #   although they are ordinary synchronous calls that never run inside
    #   the loop (the live server answers in threads of its own), so the
    #   guard is lifted for exactly as long as Playwright runs;
    # - it looks up the thread's database connections in a store local to the
    #   async context, which starts empty: the test code would get new
    #   connections, without the database contents that `serialized_rollback`
    #   restores, so the thread's connections are put in that store too.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    own_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    try:
        for alias, own in own_connections.items():
            connections[alias] = own
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(request, browser, live_server):
    """
    Open a browser context (one visitor) on the live server: `new_context()`.

    Relative URLs resolve against the live server. Contexts are closed after
    the test; while it runs they are listed for the failure screenshots.
    """
    contexts = request.node.stash.setdefault(OPEN_CONTEXTS, [])
    console = request.node.stash.setdefault(CONSOLE, [])

    def log(message):
        if message.type in ("error", "warning"):
            console.append(f"{message.type}: {message.text} ({message.location['url']})")

    def open_context(**options):
        options = {"viewport": {"width": 1280, "height": 900}, **options}
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", log)
        context.on("weberror", lambda error: console.append(f"uncaught: {error.error}"))
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    contexts.clear()
    IN_FLIGHT.wait_until_quiet()
    # A script the Content-Security-Policy blocks, or one that throws, breaks
    # the page for its users even when the journey got through.
    broken = [
        line for line in console if "Content Security Policy" in line or line.startswith("uncaught")
    ]
    assert not broken, "\n".join(broken)


@pytest.fixture
def reader(new_context):
    """An anonymous reader's browser tab."""
    return new_context().new_page()


@pytest.fixture
def signed_in(new_context):
    """`signed_in(user)`: a tab of a new visitor who has logged in to the desk as `user`."""

    def sign_in(user, **context_options):
        page = new_context(**context_options).new_page()
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/admin/")
        return page

    return sign_in


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """
    Cache anonymous readers' pages, as production does with Redis.

    The test settings use a per-process memory cache, where page caching is
    off by default; the live server is a thread of this process, so here the
    memory cache is shared like Redis, and the journeys see invalidation at
    work: a reader who looked before a story was published sees it after.
    """
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def contributor():
    return member_of("Contributor", username="carla")


@pytest.fixture
def editor():
    return member_of("Editor", username="edith")


@pytest.fixture
def profile_manager():
    return member_of("Profile manager", username="pablo")


@pytest.fixture
def demo():
    """The demo newsroom: the founding story, its explainers, organizations and people."""
    load_demo()


@pytest.fixture
def photo(tmp_path):
    """A real JPEG with photo-like content: colour gradients and sensor noise."""
    size = (1600, 1000)
    red = Image.linear_gradient("L").rotate(90).resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = Image.effect_noise(size, 48)
    path = tmp_path / "harbour-at-dusk.jpg"
    Image.merge("RGB", (red, green, blue)).save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def logo(tmp_path):
    """A PNG wordmark-like logo with a transparent background."""
    image = Image.new("RGBA", (480, 480), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 440, 440), fill=(20, 90, 160, 255))
    draw.rectangle((200, 120, 280, 360), fill=(255, 255, 255, 255))
    path = tmp_path / "logo.png"
    image.save(path, "PNG")
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a journey fails, photograph every page it has open and name the files."""
    report = yield
    if report.failed and report.when in ("setup", "call"):
        saved = save_open_pages(item)
        if saved:
            report.sections.append(("browser screenshots", "\n".join(saved)))
        console = item.stash.get(CONSOLE, [])
        if console:
            report.sections.append(("browser console", "\n".join(console)))
    return report


def save_open_pages(item):
    contexts = item.stash.get(OPEN_CONTEXTS, [])
    pages = [page for context in contexts for page in context.pages]
    if not pages:
        return []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # make test runs the suite on SQLite and then on PostgreSQL: keep both runs' files.
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{item.nodeid}-{connection.vendor}").strip("-")
    saved = []
    for number, page in enumerate(pages, start=1):
        target = ARTIFACTS / f"{stem}-{number}"
        try:
            page.screenshot(path=target.with_suffix(".png"), full_page=True, timeout=5_000)
            target.with_suffix(".html").write_text(page.content())
        except PlaywrightError as error:
            saved.append(f"{page.url}: no screenshot ({error.message.splitlines()[0]})")
            continue
        saved.append(f"{page.url}\n  {target.with_suffix('.png')}\n  {target.with_suffix('.html')}")
    return saved
