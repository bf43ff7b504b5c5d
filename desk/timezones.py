"""
The editor's own time zone on desk pages.

The desk's script stores the browser's IANA time zone in a cookie scoped to
the desk's path (`desk_tz`); this middleware shows and reads every date and
time of those pages in that zone. Stored times stay in UTC. A missing or
unknown zone leaves the site's TIME_ZONE.
"""

import zoneinfo

from django.urls import reverse
from django.utils import timezone

COOKIE = "desk_tz"


def zone_named(name):
    """The time zone with this IANA name, or None for anything else."""
    if not name or len(name) > 64:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


class EditorTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = zone_named(request.COOKIES.get(COOKIE))
        # Reader pages are cached for everyone: they keep the site's zone.
        if zone is None or not request.path_info.startswith(reverse("admin:index")):
            return self.get_response(request)
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
