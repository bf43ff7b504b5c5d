"""
Cache tags: every page is tagged with what it shows, and a change
invalidates only the pages that show what changed.

What a page shows is collected while it renders, by the machinery that
loads objects, not listed by each view:

- every instance of a tracked model (`track`) loaded during the request
  adds its tag, "a12" for article 12 (and its modification time, for the
  page's Last-Modified);
- every evaluated queryset built from a listing (`ListingQuerySet.listing`,
  e.g. `Article.objects.published()`) adds its list's tag, "list-articles":
  the page lists what that list holds, so a change to the list's membership
  (a story published, unpublished or re-dated) invalidates it. A queryset
  that fetches one known object (a story's own page, its related block)
  says `.listing(None)`; forgetting to can only invalidate too much.
- `shown()` adds tags by hand, for what comes from elsewhere than the
  database (a cached value, `cached`).

Every page also carries `SITE`, which invalidates everything at once.

A change to a watched model (`watch`) names, through the rule its app
registers, the tags whose public face it changed; they are purged once the
transaction commits, all the changes of one transaction in one purge. A
save readers cannot see (a draft, an autosave) names none.

Purging a tag stores its version in the shared cache (`tag:<name>`): the
purge's number (one shared counter, so no clock is compared) and its time
(for Last-Modified). A stored page keeps the version each of its tags had
when it was rendered and is stale as soon as one differs or is missing; a
page whose tags were purged while it rendered is served but not stored.
Other purgers (a CDN, Varnish) are told after the page cache (`on_purge`).
"""

import contextlib
import contextvars
import logging
import re
import time

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

logger = logging.getLogger(__name__)

SITE = "site"
FAMILY_SUFFIX = "-all"
NEXT_PUBLICATION_KEY = "tag:next-publication"
# Counts purges: a tag's version is (the count at its last purge, its time).
SEQUENCE_KEY = "tag:sequence"
NO_PUBLICATION = 0.0

_page = contextvars.ContextVar("pagecache_page", default=None)
_tracked = {}  # model: (prefix, name of its modification time field or None)
_purgers = []  # callables(tags), told after the page cache
_schedules = []  # (upcoming, tags)


def key(tag):
    return f"tag:{tag}"


def family(tag):
    """The tag every object of a prefix also answers to: "a12" → "a-all"."""
    match = re.fullmatch(r"([a-z]+)\d+", tag)
    return match.group(1) + FAMILY_SUFFIX if match else None


class Shown:
    """What one page shows: its tags and the newest modification among its objects."""

    def __init__(self):
        self.tags = {SITE}
        self.modified = None

    def add(self, tag, modified=None):
        self.tags.add(tag)
        if modified is not None and (self.modified is None or modified > self.modified):
            self.modified = modified


@contextlib.contextmanager
def collecting():
    """Collect what the code run inside shows: yields a `Shown`."""
    shown_here = Shown()
    token = _page.set(shown_here)
    try:
        yield shown_here
    finally:
        _page.reset(token)


def shown(*tags):
    """The page being rendered shows these tags (nothing when no page is collecting)."""
    page = _page.get()
    if page is not None:
        page.tags.update(tag for tag in tags if tag)


def tag_of(obj):
    prefix, _ = _tracked[type(obj)._meta.concrete_model]
    return f"{prefix}{obj.pk}"


def _loaded(sender, instance, **kwargs):
    page = _page.get()
    if page is None or instance.pk is None:
        return
    prefix, modified = _tracked[sender]
    # Only what was loaded: reading a deferred field would query the database.
    page.add(f"{prefix}{instance.pk}", instance.__dict__.get(modified) if modified else None)


def track(model, prefix, modified="updated_at"):
    """Every `model` instance loaded while a page renders tags it `<prefix><pk>`."""
    _tracked[model] = (prefix, modified)
    post_init.connect(_loaded, sender=model, dispatch_uid=f"pagecache-track-{model._meta.label}")


class ListingQuerySet(models.QuerySet):
    """A queryset that, when evaluated, tags the page with the list it reads from."""

    _listing = None

    def listing(self, tag):
        clone = self._chain()
        clone._listing = tag
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._listing = self._listing
        return clone

    def _fetch_all(self):
        if self._result_cache is None and self._listing:
            shown(self._listing)
        super()._fetch_all()


# Purging.


def purge(tags):
    """Invalidate every page that carries one of `tags`, here and at the edge."""
    tags = set(tags)
    tags |= {family(tag) for tag in tags} - {None}
    if not tags:
        return
    try:
        version = (next_sequence(), time.time())
        cache.set_many({key(tag): version for tag in tags}, None)
        cache.set(NEXT_PUBLICATION_KEY, _next_publication(), None)
    except Exception:  # The cache degrades (pagecache.backend); the edge is still told.
        logger.exception("Purging %s from the page cache failed", " ".join(sorted(tags)))
    for purger in _purgers:
        try:
            purger(sorted(tags))
        except Exception:  # One purger failing never stops a save or the others.
            logger.exception("Purger %r failed for %s", purger, " ".join(sorted(tags)))


def on_purge(purger):
    """Also tell `purger(tags)` what was purged (a CDN, Varnish), after the page cache."""
    if purger not in _purgers:
        _purgers.append(purger)


class _Pending:
    """The tags one transaction invalidates, purged once when it commits."""

    def __init__(self):
        self.tags = set()
        self.done = False

    def __call__(self):
        if not self.done:
            self.done = True
            purge(self.tags)


def invalidate(*tags):
    """Purge these tags once the current transaction commits (at once outside one)."""
    tags = {tag for tag in tags if tag}
    if not tags:
        return
    connection = transaction.get_connection()
    pending = getattr(connection, "pagecache_pending", None)
    if pending is None or pending.done:
        pending = connection.pagecache_pending = _Pending()
    pending.tags |= tags
    # Each change registers the callback, so one rolled back with its
    # savepoint never leaves a change without it; they share the tags.
    transaction.on_commit(pending)


def watch(model, rule):
    """
    On a save, delete or many-to-many change of `model`, purge the tags
    `rule(instance, event)` names ("save", "delete" or "m2m"), after commit.
    """

    def changed(sender, instance, event, **kwargs):
        if kwargs.get("raw"):
            return
        if event == "m2m" and not kwargs.get("action", "").startswith("post_"):
            return
        if event == "m2m" and kwargs.get("reverse"):
            # Linked from the other side: `instance` is the other model; the
            # watched objects are the ones in `pk_set` (all of them on a clear).
            changed_ids = kwargs.get("pk_set")
            objects = model._default_manager.filter(pk__in=changed_ids) if changed_ids else []
            for obj in objects:
                invalidate(*rule(obj, event))
            return
        invalidate(*rule(instance, event))

    label = model._meta.label
    post_save.connect(
        lambda sender, instance, **kw: changed(sender, instance, "save", **kw),
        sender=model,
        weak=False,
        dispatch_uid=f"pagecache-save-{label}",
    )
    post_delete.connect(
        lambda sender, instance, **kw: changed(sender, instance, "delete", **kw),
        sender=model,
        weak=False,
        dispatch_uid=f"pagecache-delete-{label}",
    )
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            lambda sender, instance, **kw: changed(sender, instance, "m2m", **kw),
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"pagecache-m2m-{label}-{field.name}",
        )


# Scheduled content going public with no job to run.


def schedule(upcoming, tags):
    """
    `upcoming()` says when the next scheduled change goes public (a datetime
    or None); the first request after it purges `tags`.
    """
    entry = (upcoming, tuple(tags))
    if entry not in _schedules:
        _schedules.append(entry)


def _next_publication():
    times = [when for when in (upcoming() for upcoming, _ in _schedules) if when is not None]
    return min(times).timestamp() if times else NO_PUBLICATION


def went_public(next_publication):
    """Purge the scheduled lists if the moment `next_publication` (a timestamp) has passed."""
    if next_publication is None:
        cache.set(NEXT_PUBLICATION_KEY, _next_publication(), None)
    elif NO_PUBLICATION < next_publication <= time.time():
        purge({tag for _, tags in _schedules for tag in tags})


# Reading tag versions.


def next_sequence():
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:
        cache.add(SEQUENCE_KEY, 0, None)
        return cache.incr(SEQUENCE_KEY)


def sequence(found=None):
    """The number of the last purge (from `found`, a get_many result, when it holds it)."""
    value = (found or {}).get(SEQUENCE_KEY)
    if value is None:
        cache.add(SEQUENCE_KEY, 0, None)
        value = cache.get(SEQUENCE_KEY, 0)
    return value


def versions(tags, start):
    """
    {tag: its current version} for `tags`; a tag with none (never purged, or
    evicted) starts at `start`: (the purge number before rendering, its time).
    """
    keys = {key(tag): tag for tag in tags}
    found = cache.get_many(list(keys))
    missing = [name for name in keys if name not in found]
    if missing:
        for name in missing:
            cache.add(name, start, None)
        found |= cache.get_many(missing)
    return {keys[name]: value for name, value in found.items()}


def purged_since(current, number):
    """True when one of the tags was purged after purge `number` (while the page rendered)."""
    return any(version[0] > number for version in current.values())


def reschedule():
    """On commit, forget when the next scheduled story goes public; the next request asks."""
    transaction.on_commit(lambda: cache.delete(NEXT_PUBLICATION_KEY))


def still_valid(stored):
    """True while every tag of a stored {tag: version} still has that version."""
    current = cache.get_many([key(tag) for tag in stored])
    return all(current.get(key(tag)) == version for tag, version in stored.items())


def cached(name, tags, compute, timeout=None):
    """
    A value computed once until one of `tags` is purged; the page being
    rendered is tagged with them.
    """
    shown(*tags)
    stored = cache.get(f"tagged:{name}")
    if stored is not None and still_valid(stored["versions"]):
        return stored["value"]
    current = versions(tags, (sequence(), time.time()))
    value = compute()
    cache.set(f"tagged:{name}", {"versions": current, "value": value}, timeout)
    return value
