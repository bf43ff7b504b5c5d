"""
Telling the edge what changed: purging cache tags from Varnish, Fastly and
Cloudflare, each behind one interface (`Purger.purge(tags)`), each
configured from the environment and off when it is not.

The page cache in the app is purged at once, on commit (`pagecache.tags`);
the edge is told through the task queue (`pagecache.tasks`), so a slow or
failing CDN never holds up a save. A purge that fails is retried, then
logged as an error and kept as a failed task for operators
(`manage.py purge_status`). Should a purge never arrive, `CDN_MAX_AGE`
(`s-maxage`) bounds how long the edge serves a stale page.
"""

import json
import logging
import urllib.request
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds for one purge request


class PurgeFailed(Exception):
    pass


def _send(request):
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        raise PurgeFailed(f"{request.full_url} answered {error.code}") from error
    except OSError as error:
        raise PurgeFailed(f"{request.full_url} could not be reached: {error}") from error


def _chunks(tags, size):
    tags = sorted(tags)
    for start in range(0, len(tags), size):
        yield tags[start : start + size]


@dataclass(frozen=True)
class Varnish:
    """Varnish with the xkey vmod (deploy/varnish/newsroom.vcl): PURGE with `xkey-purge`."""

    urls: tuple
    secret: str
    name: str = "varnish"

    def purge(self, tags):
        for url in self.urls:
            for chunk in _chunks(tags, 200):
                request = urllib.request.Request(
                    url,
                    method="PURGE",
                    headers={"xkey-purge": " ".join(chunk), "X-Purge-Token": self.secret},
                )
                _send(request)


@dataclass(frozen=True)
class Fastly:
    """Fastly's purge by surrogate keys: at most 256 keys a request."""

    service_id: str
    token: str
    name: str = "fastly"

    def purge(self, tags):
        url = f"https://api.fastly.com/service/{self.service_id}/purge"
        for chunk in _chunks(tags, 256):
            request = urllib.request.Request(
                url,
                method="POST",
                headers={"Fastly-Key": self.token, "Surrogate-Key": " ".join(chunk)},
            )
            _send(request)


@dataclass(frozen=True)
class Cloudflare:
    """Cloudflare's purge by cache tags (the `Cache-Tag` header): at most 30 a request."""

    zone_id: str
    token: str
    name: str = "cloudflare"

    def purge(self, tags):
        url = f"https://api.cloudflare.com/client/v4/zones/{self.zone_id}/purge_cache"
        for chunk in _chunks(tags, 30):
            request = urllib.request.Request(
                url,
                method="POST",
                data=json.dumps({"tags": chunk}).encode(),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                },
            )
            _send(request)


def configured():
    """{name: purger} for every edge the settings configure."""
    purgers = []
    if settings.VARNISH_PURGE_URLS:
        purgers.append(Varnish(tuple(settings.VARNISH_PURGE_URLS), settings.VARNISH_PURGE_SECRET))
    if settings.FASTLY_SERVICE_ID and settings.FASTLY_API_TOKEN:
        purgers.append(Fastly(settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN))
    if settings.CLOUDFLARE_ZONE_ID and settings.CLOUDFLARE_API_TOKEN:
        purgers.append(Cloudflare(settings.CLOUDFLARE_ZONE_ID, settings.CLOUDFLARE_API_TOKEN))
    return {purger.name: purger for purger in purgers}
