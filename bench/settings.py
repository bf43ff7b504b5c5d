"""Settings for the HTTP benchmark: the site's own, plus two bare baseline views."""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
