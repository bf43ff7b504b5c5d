"""What every page's masthead and navigation need."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from pagecache import tags


def site_sections():
    """Every section, in menu order; cached until a section changes."""
    return tags.cached("nav-sections", [Section.LIST_TAG], lambda: list(Section.objects.all()))


def site(request):
    """The site's name and its sections, for the masthead and navigation."""
    return {
        "site_name": settings.NEWSROOM_NAME,
        "nav_sections": SimpleLazyObject(site_sections),
    }
