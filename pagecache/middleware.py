"""
Whole pages for anonymous readers, from the shared cache.

`AnonymousPageCacheMiddleware` caches anonymous GET requests (no session
cookie) to public URLs. It also sets `Cache-Control` for a CDN
(`s-maxage`), `Last-Modified` (when the content version last changed,
`pagecache.versions`) and an `ETag`, and answers conditional requests with
304. Page caching is on when the cache is shared by every web process
(Redis, `REDIS_URL`), since with per-process memory one worker could not
tell the others about a change; `PAGE_CACHE_SECONDS` overrides it.

A page is stored under its host, path and the query parameters public pages
read (`PAGE_CACHE_QUERY_PARAMETERS`: `page`, `q`, the sitemap's `p`), in a
fixed order. Any other parameter (`utm_source`, a cache-buster) is removed
from the request before the page is rendered, so it can neither add a
cache entry nor change what is shown; a `page` that is not a whole number
is dropped too, as the page would be the first anyway. Random query
strings therefore cannot fill the cache or empty its hit rate.
"""

import hashlib
from email.utils import formatdate
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control

from pagecache.versions import content_version

UNCACHED_PREFIXES = ("/admin/", "/preview/", "/healthz", "/readyz")


def page_cache_seconds():
    configured = settings.PAGE_CACHE_SECONDS
    if configured is not None:
        return configured
    return 300 if settings.CACHES["default"]["BACKEND"].endswith("RedisCache") else 0


def _is_cacheable(request):
    """An anonymous reader's GET of a public page (signed-in staff are never cached)."""
    return (
        request.method == "GET"
        and not request.path.startswith(UNCACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _storable(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code in (200, 301)
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


def canonical_query(query):
    """
    The query string as public pages read it: only the parameters they use,
    in a fixed order, a non-numeric `page` left out. `query` is a QueryDict.
    """
    kept = []
    for name in sorted(settings.PAGE_CACHE_QUERY_PARAMETERS):
        for value in query.getlist(name):
            if name == "page":
                try:
                    value = str(int(value))
                except ValueError:
                    continue
            kept.append((name, value))
    return urlencode(kept)


def keep_read_parameters(request):
    """Strip every query parameter public pages do not read, before the page is rendered."""
    try:
        query = canonical_query(request.GET)
    except UnicodeEncodeError:
        query = ""  # not what a WSGI server can send (PEP 3333): read as no query at all
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


class AnonymousPageCacheMiddleware:
    """Serve anonymous readers from the shared cache; see the module doc."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable(request):
            return self.get_response(request)
        keep_read_parameters(request)
        seconds = page_cache_seconds()
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # One key per page, holding the version it was rendered at: the version
        # and the page come back in a single round trip.
        key = f"page:{request.get_host()}:{digest}"
        version, changed_at, found = content_version(also=[key] if seconds else [])
        stored = found.get(key)
        if stored is not None and stored["version"] == version:
            response = HttpResponse(stored["content"], status=stored["status"])
            for header, value in stored["headers"]:
                response[header] = value
            response["X-Cache"] = "hit"
            return self._conditional(request, response, changed_at)
        response = self.get_response(request)
        if not _storable(response) or "Cache-Control" in response:
            return response
        response["Last-Modified"] = formatdate(changed_at, usegmt=True)
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.CDN_MAX_AGE)
        if seconds:
            headers = [(header, value) for header, value in response.items()]
            cache.set(
                key,
                {
                    "version": version,
                    "content": response.content,
                    "status": response.status_code,
                    "headers": headers,
                },
                seconds,
            )
            response["X-Cache"] = "miss"
        return self._conditional(request, response, changed_at)

    def _conditional(self, request, response, changed_at):
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=int(changed_at),
            response=response,
        )
