from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Section


def site(request):
    """The site's name and its sections, for the masthead and navigation."""
    return {
        "site_name": settings.NEWSROOM_NAME,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
    }
