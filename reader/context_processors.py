"""What every page's masthead and navigation need."""

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from pagecache.versions import versioned


def site_sections():
    """Every section, in menu order; cached until anything on the site changes."""
    return cache.get_or_set(versioned("nav-sections"), lambda: list(Section.objects.all()))


def site(request):
    """The site's name and its sections, for the masthead and navigation."""
    return {
        "site_name": settings.NEWSROOM_NAME,
        "nav_sections": SimpleLazyObject(site_sections),
    }
