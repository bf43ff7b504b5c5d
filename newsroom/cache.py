"""
Caching what anonymous readers see, without ever showing them the wrong thing.

Every cached page is stored with the site's *content version*, a number in
the shared cache that changes whenever anything a reader could see changes:

- any save or delete of an article, section, organization, person, quote,
  correction, relationship, affiliation or tag, and any change to their
  many-to-many links (signals, once the transaction commits);
- the moment a scheduled article's publish time passes: the time of the next
  scheduled publication is kept beside the version, and the first request
  after it bumps the version.

A bumped version makes every stored page stale, so an unpublished article
is gone from the next request on and a scheduled one appears at its time.

Whole pages are cached by `AnonymousPageCacheMiddleware` for anonymous GET
requests (no session cookie) to public URLs. It also sets `Cache-Control`
for a CDN (`s-maxage`), `Last-Modified` (when the version last changed) and
an `ETag`, and answers conditional requests with 304. Page caching is on
when the cache is shared by every web process (Redis, `REDIS_URL`), since
with per-process memory one worker could not tell the others about a change;
`PAGE_CACHE_SECONDS` overrides it.

A page is stored under its host, path and the query parameters public pages
read (`PAGE_CACHE_QUERY_PARAMETERS`: `page`, `q`, the sitemap's `p`), in a
fixed order. Any other parameter (`utm_source`, a cache-buster) is removed
from the request before the page is rendered, so it can neither add a
cache entry nor change what is shown; a `page` that is not a whole number
is dropped too, as the page would be the first anyway. Random query
strings therefore cannot fill the cache or empty its hit rate.
"""

import hashlib
import time
from email.utils import formatdate
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from newsroom import cache_backend

VERSION_KEY = "site:content-version"
CHANGED_AT_KEY = "site:content-changed-at"
NEXT_PUBLICATION_KEY = "site:next-publication"
NO_PUBLICATION = 0.0  # nothing scheduled
WATCHED_APPS = ("articles", "organizations", "taggit")
UNCACHED_PREFIXES = ("/admin/", "/preview/", "/healthz", "/readyz")


def _next_publication():
    """When the next scheduled article goes live, as a timestamp (0 if none)."""
    from articles.models import Article

    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else NO_PUBLICATION


def bump():
    """Start a new content version: every cached page is stale from now on."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, None)
    cache.set_many({CHANGED_AT_KEY: time.time(), NEXT_PUBLICATION_KEY: _next_publication()}, None)


def content_version(also=()):
    """
    (version, changed_at, extra): the current content version, when it began,
    and the values of any `also` keys, fetched in the same cache round trip.
    """
    keys = [VERSION_KEY, CHANGED_AT_KEY, NEXT_PUBLICATION_KEY]
    values = cache.get_many([*keys, *also])
    next_publication = values.get(NEXT_PUBLICATION_KEY)
    if VERSION_KEY not in values or next_publication is None:
        bump()
        values = {**values, **cache.get_many(keys)}
    elif NO_PUBLICATION < next_publication <= time.time():
        bump()  # a scheduled article has just gone live
        values = {**values, **cache.get_many(keys)}
    extra = {key: values[key] for key in also if key in values}
    return values.get(VERSION_KEY, 0), values.get(CHANGED_AT_KEY, time.time()), extra


def versioned(name):
    """A cache key that belongs to the current content version."""
    return f"v{content_version()[0]}:{name}"


class _PendingBump:
    """
    One bump for all the changes a transaction commits.

    Publishing a story saves the article, its links and its history in one
    transaction. Every change registers a commit callback (so a callback
    discarded with a rolled-back savepoint never leaves a change without
    one), but the callbacks share this object and only the first to run
    bumps the version.
    """

    def __init__(self):
        self.done = False

    def __call__(self):
        if not self.done:
            self.done = True
            bump()


def _bump_on_commit(**kwargs):
    if kwargs.get("raw"):
        return
    connection = transaction.get_connection()
    pending = getattr(connection, "newsroom_pending_bump", None)
    if pending is None or pending.done:
        pending = connection.newsroom_pending_bump = _PendingBump()
    transaction.on_commit(pending)


def connect_invalidation():
    """
    Bump the content version when anything readers see changes, and once
    more when the shared cache answers again after an outage: a bump that
    could not reach it then must not leave stale pages behind.
    """
    cache_backend.on_recovery(bump)
    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            post_save.connect(_bump_on_commit, sender=model, dispatch_uid=f"bump-save-{model}")
            post_delete.connect(_bump_on_commit, sender=model, dispatch_uid=f"bump-del-{model}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _bump_on_commit,
                    sender=field.remote_field.through,
                    dispatch_uid=f"bump-m2m-{model}-{field.name}",
                )


def page_cache_seconds():
    configured = getattr(settings, "PAGE_CACHE_SECONDS", None)
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
