import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads (logos, lead images) go to a throwaway directory, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """
    Serve static files without a manifest.

    Production uses whitenoise's manifest storage, which only works after
    collectstatic; the admin pages under test would fail on every {% static %}.
    """
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
