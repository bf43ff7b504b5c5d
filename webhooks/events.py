"""
The events a transaction's changes to stories make, sent once it commits.

Each story is judged by how it was when the transaction first touched it
(as loaded, `Article.as_loaded`) and how it is when the transaction
commits, and makes at most one event, the weightiest:

- deleted: a live story deleted (its payload is taken before the row goes);
- unpublished: live before, not live now;
- published: not live before, live now. A story saved as scheduled goes
  live by the clock, with no save: `tasks.announce_publication` is queued
  for its publish time and sends "published" then, if it is still due;
- corrected: live before and now, and a correction was added;
- updated: live before and now, and the story was saved.

So the desk's save of a story with its bylines, quotes and corrections
makes one event, and publishing a story is not also an update. Raw saves
(loaddata, a backup restore) make none. Restoring a revision writes the
story raw and then saves it through the form, in one transaction: the raw
write only notes how the story was before it, so the form's save is judged
against the story as it was before the restore.

Nothing here may fail a save: errors are logged, and the deliveries that
could be made are.
"""

import dataclasses
import datetime
import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save

from articles.models import Article, Correction, is_live
from webhooks import payloads, tasks
from webhooks.models import Endpoint, Event

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class State:
    """A story's workflow values at one moment, and whether readers could see it then."""

    status: str | None = None
    published_at: datetime.datetime | None = None
    live: bool = False


NEW = State()


def state_of(values):
    """The `State` of a story's values ({"status": …, "published_at": …}); NEW for none."""
    if not values:
        return NEW
    status, published_at = values.get("status"), values.get("published_at")
    return State(status, published_at, is_live(status, published_at))


class Changes:
    """What one transaction did to stories; sent once, when it commits."""

    def __init__(self):
        self.before = {}  # story pk: its State when the transaction first touched it
        self.saved = {}  # story pk: (status, published_at) as last saved
        self.corrections = {}  # story pk: the corrections added, as payloads
        self.deleted = {}  # story pk: its payload, taken before the row went
        self.listening = None  # whether any endpoint is active (asked once, for raw writes)
        self.done = False

    def saw(self, pk, state):
        self.before.setdefault(pk, state)

    def is_queued_on(self, connection):
        return any(callback is self for _sids, callback, _robust in connection.run_on_commit)

    def __call__(self):
        if self.done:
            return
        self.done = True
        for step in (self.schedule, self.send):
            try:
                step()
            except Exception:  # The change is committed; only its webhooks are lost.
                logger.exception("Webhook events for stories %s failed", self.touched())

    def touched(self):
        return sorted({*self.saved, *self.corrections, *self.deleted})

    def schedule(self):
        """Queue the announcement of every story this transaction scheduled or re-dated."""
        for pk, (status, published_at) in self.saved.items():
            before = self.before.get(pk, NEW)
            scheduled = status == Article.Status.PUBLISHED and not is_live(status, published_at)
            moved = (before.status, before.published_at) != (status, published_at)
            if scheduled and moved and pk not in self.deleted:
                tasks.schedule_announcement(pk, published_at)

    def send(self):
        endpoints = list(Endpoint.objects.filter(is_active=True))
        if not endpoints:
            return
        present = {*self.saved, *self.corrections} - self.deleted.keys()
        stories = Article.objects.select_related("section").in_bulk(present) if present else {}
        for pk in self.touched():
            try:
                event, data = self.event_for(pk, stories.get(pk))
                subscribed = [endpoint for endpoint in endpoints if endpoint.subscribes_to(event)]
                if subscribed:
                    tasks.queue(event, data, article_id=pk, endpoints=subscribed)
            except Exception:
                logger.exception("Webhook event for story %s could not be queued", pk)

    def event_for(self, pk, article):
        """The event story `pk` makes and its data, or (None, None)."""
        before = self.before.get(pk, NEW)
        if pk in self.deleted:
            return (Event.DELETED, self.deleted[pk]) if before.live else (None, None)
        if article is None:
            return None, None
        live = article.is_published
        if before.live and not live:
            return Event.UNPUBLISHED, payloads.story(article)
        if live and not before.live:
            return Event.PUBLISHED, payloads.story(article)
        if live and pk in self.corrections:
            return Event.CORRECTED, {
                **payloads.story(article),
                "corrections": self.corrections[pk],
            }
        if live and pk in self.saved:
            return Event.UPDATED, payloads.story(article)
        return None, None


def pending():
    """The `Changes` of the current transaction (a new one when it has none queued)."""
    connection = transaction.get_connection()
    changes = getattr(connection, "webhooks_changes", None)
    # One whose transaction rolled back is no longer queued: its changes never happened.
    if changes is None or changes.done or not changes.is_queued_on(connection):
        changes = connection.webhooks_changes = Changes()
    return changes


def article_saved(sender, instance, raw, **kwargs):
    if raw:
        return
    changes = pending()
    changes.saw(instance.pk, state_of(instance.as_loaded))  # still the old values here
    changes.saved[instance.pk] = (instance.status, instance.published_at)
    transaction.on_commit(changes)


def article_written_raw(sender, instance, raw, **kwargs):
    """
    Before a raw write of a story inside a transaction (a revision restored):
    note how the story is now, so the save that follows is judged against it.
    """
    if not raw or instance.pk is None or not transaction.get_connection().in_atomic_block:
        return
    changes = pending()
    transaction.on_commit(changes)
    if instance.pk in changes.before:
        return
    if changes.listening is None:
        # A backup restored into an empty site has no endpoints: one query, not one per story.
        changes.listening = Endpoint.objects.filter(is_active=True).exists()
    if changes.listening:
        row = Article.objects.filter(pk=instance.pk).values("status", "published_at").first()
        changes.saw(instance.pk, state_of(row))


def article_deleting(sender, instance, **kwargs):
    changes = pending()
    changes.saw(instance.pk, state_of(instance.as_loaded))
    if changes.before[instance.pk].live:
        changes.deleted[instance.pk] = payloads.story(instance)
    transaction.on_commit(changes)


def correction_saved(sender, instance, created, raw, **kwargs):
    if raw or not created:
        return
    article = instance.article
    changes = pending()
    changes.saw(article.pk, state_of(article.as_loaded))
    changes.corrections.setdefault(article.pk, []).append(payloads.correction(instance))
    transaction.on_commit(changes)


def connect():
    """Listen to stories and their corrections (from `WebhooksConfig.ready`)."""
    post_save.connect(article_saved, sender=Article, dispatch_uid="webhooks-article-saved")
    pre_save.connect(article_written_raw, sender=Article, dispatch_uid="webhooks-article-raw")
    pre_delete.connect(article_deleting, sender=Article, dispatch_uid="webhooks-article-deleting")
    post_save.connect(correction_saved, sender=Correction, dispatch_uid="webhooks-correction-saved")
