"""
Whole pages for anonymous readers, from the shared cache.

`AnonymousPageCacheMiddleware` caches anonymous GET requests (no session
cookie) to public URLs, each page with the tags of what it shows
(`pagecache.tags`): a change invalidates the pages that show what changed,
and no other. It also sets `Cache-Control` for a CDN (`s-maxage`), the tags
for the edge (`Surrogate-Key` for Fastly and Varnish's xkey; `Cache-Tag`
for Cloudflare when `CACHE_TAG_HEADER` is on), `Last-Modified` (the newest
change among what the page shows) and an `ETag` (its content), and answers
conditional requests with 304. Page caching is on when the cache is shared by every web process
(Redis, `REDIS_URL`), since with per-process memory one worker could not
tell the others about a change; `PAGE_CACHE_SECONDS` overrides it.

A page is stored under its host, path and the query parameters public pages
read (`PAGE_CACHE_QUERY_PARAMETERS`: `page`, `q`, the sitemap's `p`), in a
fixed order. Any other parameter (`utm_source`, a cache-buster) is removed
from the request before the page is rendered, so it can neither add a
cache entry nor change what is shown; a `page` that is not a whole number
is dropped too, as the page would be the first anyway. Random query
strings therefore cannot fill the cache or empty its hit rate. An app
whose URLs read more parameters (the Content API's filters) names them
with `read_parameters(prefix, names)`.
"""

import hashlib
import time
from email.utils import formatdate
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from pagecache import tags
from pagecache.tags import family

UNCACHED_PREFIXES = ("/admin/", "/preview/", "/healthz", "/readyz")
_read_under = {}  # path prefix: the further query parameters pages under it read


def read_parameters(prefix, names):
    """Pages whose path starts with `prefix` also read the query parameters `names`."""
    _read_under[prefix] = frozenset(names)


def parameters_read(path):
    names = set(settings.PAGE_CACHE_QUERY_PARAMETERS)
    for prefix, more in _read_under.items():
        if path.startswith(prefix):
            names |= more
    return names


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


def canonical_query(query, path="/"):
    """
    The query string as the page at `path` reads it: only the parameters it
    uses, in a fixed order, a non-numeric `page` left out. `query` is a QueryDict.
    """
    kept = []
    for name in sorted(parameters_read(path)):
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
        query = canonical_query(request.GET, request.path)
    except UnicodeEncodeError:
        query = ""  # not what a WSGI server can send (PEP 3333): read as no query at all
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def header_tags(tags, limit):
    """
    The tags as one header value under `limit` characters: past it, the
    objects of the largest families are replaced by their family's tag
    ("a-all" for every article), which a change to any of them purges.
    """
    tags = set(tags)
    while len(" ".join(tags)) > limit:
        families = {}
        for tag in tags:
            if (name := family(tag)) is not None:
                families.setdefault(name, set()).add(tag)
        if not families:
            break
        name, members = max(families.items(), key=lambda item: len(item[1]))
        tags = (tags - members) | {name}
    return sorted(tags)


def tag_headers(response, tags):
    response["Surrogate-Key"] = " ".join(tags)
    if settings.CACHE_TAG_HEADER:
        # Cloudflare's spelling: comma-separated.
        response["Cache-Tag"] = ",".join(tags)


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
        key = f"page:{request.get_host()}:{digest}"
        found = cache.get_many(
            [key, tags.NEXT_PUBLICATION_KEY, tags.SEQUENCE_KEY]
            if seconds
            else [tags.NEXT_PUBLICATION_KEY, tags.SEQUENCE_KEY]
        )
        tags.went_public(found.get(tags.NEXT_PUBLICATION_KEY))
        stored = found.get(key)
        if stored is not None and tags.still_valid(stored["versions"]):
            response = HttpResponse(stored["content"], status=stored["status"])
            for header, value in stored["headers"]:
                response[header] = value
            response["X-Cache"] = "hit"
            return self._conditional(request, response)
        before = (tags.sequence(found), time.time())
        with tags.collecting() as page:
            response = self.get_response(request)
        if "Cache-Control" in response:
            return response
        if not _storable(response):
            # A 404 or an error is nobody's to keep: no tag could ever purge it at the edge.
            patch_cache_control(response, no_store=True)
            return response
        shown = header_tags(page.tags, settings.CACHE_TAGS_MAX_LENGTH)
        current = tags.versions(shown, before)
        times = [version[1] for version in current.values()]
        newest = max([*times, page.modified.timestamp() if page.modified else 0])
        response["Last-Modified"] = formatdate(newest, usegmt=True)
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        tag_headers(response, shown)
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.CDN_MAX_AGE)
        if seconds and not tags.purged_since(current, before[0]):
            cache.set(
                key,
                {
                    "versions": current,
                    "content": response.content,
                    "status": response.status_code,
                    "headers": list(response.items()),
                },
                seconds,
            )
            response["X-Cache"] = "miss"
        return self._conditional(request, response)

    def _conditional(self, request, response):
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response["Last-Modified"]),
            response=response,
        )
