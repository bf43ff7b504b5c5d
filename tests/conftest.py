import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from pagecache import tags
from pagecache.versions import content_version
from tests.helpers import NOW


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, tmp_path_factory):
    """
    With a live server in the run (browser journeys, Varnish), SQLite's test
    database is a file.

    An in-memory database is one connection, which the live server's thread
    and the test's would share; the desk's pages talk to the server in the
    background (autosave, the live preview), and a task worker runs in the
    test's thread, so the two threads would use it at once. A file gives
    each thread its own connection, as production has, and SQLite's busy
    timeout lines their writes up.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    live = any(
        item.get_closest_marker("e2e") or "live_server" in getattr(item, "fixturenames", ())
        for item in request.session.items
    )
    if live and database["ENGINE"] == "django.db.backends.sqlite3":
        name = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads (logos, lead images) go to a throwaway directory, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def plain_static_storage(settings, tmp_path):
    """
    Serve static files without a manifest.

    Production uses whitenoise's manifest storage, which only works after
    collectstatic; every admin page under test would fail on {% static %}.
    STATIC_ROOT points at an empty directory so whitenoise has one to watch.
    """
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture
def frozen_now(request, time_machine):
    """
    Stop the clock at the test module's NOW (else tests.helpers.NOW) for the
    whole test. Returns time-machine's fixture: `frozen_now.move_to(when)`
    and `frozen_now.shift(delta)` move the stopped clock.
    """
    time_machine.move_to(getattr(request.module, "NOW", NOW), tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Logging users in is not what these tests measure; the slow hasher would dominate."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so nothing computed in one leaks into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def content_version_ready(request, empty_cache):
    """
    Start the page cache's state before the test (the version every page
    carries, when the next scheduled story goes public), as a running site
    has it, so query counts measure pages rather than the cache's first start.
    """
    if request.node.get_closest_marker("django_db") is None:
        return
    transactional = (
        "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    content_version()
    tags.went_public(None)


@pytest.fixture(autouse=True)
def fresh_content_types():
    """
    Forget content types cached by id after each test: a test that rebuilds
    them (a restore, a migration) must not leave the next test ids that its
    database no longer has.
    """
    yield
    ContentType.objects.clear_cache()
