"""
The site's content version: one number in the shared cache that changes
whenever anything a reader could see changes. Every cached page is stored
with the version it was rendered at, so a bumped version makes every stored
page stale: an unpublished article is gone from the next request on.

It changes on:

- any save or delete of a watched model, and any change to its many-to-many
  links, once the transaction commits (one bump per transaction). Each app
  watches the models readers see (`watch`, called in its `ready()`);
- the moment scheduled content goes public: apps that schedule register
  when (`schedule`); the time of the next such moment is kept beside the
  version, and the first request after it bumps the version;
- the shared cache answering again after an outage (see `pagecache.backend`),
  as a bump may have been lost while it was unreachable.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "site:content-version"
CHANGED_AT_KEY = "site:content-changed-at"
NEXT_PUBLICATION_KEY = "site:next-publication"
NO_PUBLICATION = 0.0  # nothing scheduled

# Callables returning when the next scheduled change goes public (a datetime)
# or None; apps that schedule content register one (`schedule`).
_schedules = []


def schedule(upcoming):
    """
    Let the cache know when scheduled content goes public: `upcoming()`
    returns the time of the next such moment, or None. The first request
    after it starts a new content version, with no job to run.
    """
    if upcoming not in _schedules:
        _schedules.append(upcoming)


def _next_publication():
    """When the next scheduled change goes public, as a timestamp (0 if none)."""
    times = [when for when in (upcoming() for upcoming in _schedules) if when is not None]
    return min(times).timestamp() if times else NO_PUBLICATION


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


def watch(*models):
    """
    Start a new content version whenever a row of these models is saved or
    deleted, or their many-to-many links change, once the transaction
    commits. Each app watches the models readers see, in its `ready()`.
    """
    for model in models:
        post_save.connect(_bump_on_commit, sender=model, dispatch_uid=f"bump-save-{model}")
        post_delete.connect(_bump_on_commit, sender=model, dispatch_uid=f"bump-del-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _bump_on_commit,
                sender=field.remote_field.through,
                dispatch_uid=f"bump-m2m-{model}-{field.name}",
            )
