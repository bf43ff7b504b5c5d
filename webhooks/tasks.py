"""
Deliveries on the task queue (django-tasks).

Each event makes one `Delivery` per endpoint subscribed to it, and each
delivery is posted by `deliver`, a task: a 2xx answer delivers it; anything
else (an error status, a redirect, no answer) is logged as an `Attempt`
and retried after the next of `RETRY_DELAYS`, so the last of `ATTEMPTS`
comes about 24 hours after the first; after it the delivery has failed for
good, with an error in the log. In production `manage.py db_worker` runs
the tasks. Where tasks run at once, in the request (development, TASKS
with the immediate backend), there is no queue to wait in: a failed
attempt fails the delivery, with a warning in the log, and a scheduled
story is not announced at its time.

A scheduled story is announced by `announce_publication`, queued to run at
its publish time, which makes sure the story is still due then.
"""

import datetime
import logging
import time

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from articles.models import Article
from webhooks import payloads, sending, signing
from webhooks.models import Attempt, Delivery, Endpoint, Event

logger = logging.getLogger(__name__)

Status = Delivery.Status

# The wait after each failed attempt; the attempt after the last wait is the last.
RETRY_DELAYS = (
    datetime.timedelta(seconds=5),
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=5),
    datetime.timedelta(hours=10),
    datetime.timedelta(hours=6),
)
ATTEMPTS = len(RETRY_DELAYS) + 1


def queue(event, data, article_id=None, endpoints=None):
    """
    A delivery of `event` to each endpoint (by default every active one
    subscribed to it), put on the queue once the current transaction commits.
    """
    if endpoints is None:
        endpoints = [
            endpoint
            for endpoint in Endpoint.objects.filter(is_active=True)
            if endpoint.subscribes_to(event)
        ]
    payload = payloads.message(event, data)
    deliveries = [
        Delivery.objects.create(
            endpoint=endpoint, event=event, article_id=article_id, payload=payload
        )
        for endpoint in endpoints
    ]
    for delivery in deliveries:
        transaction.on_commit(lambda delivery=delivery: enqueue(delivery))
    return deliveries


def enqueue(delivery, attempt=1, run_after=None):
    """Put an attempt at `delivery` on the queue; a queue that refuses it fails the delivery."""
    try:
        runner = deliver if run_after is None else deliver.using(run_after=run_after)
        runner.enqueue(delivery.pk, attempt)
    except Exception:  # The queue is down: the story was saved; the delivery shows it failed.
        logger.exception(
            "Webhook delivery %s (%s to %s) could not be queued",
            delivery.message_id,
            delivery.event,
            delivery.endpoint.url,
        )
        Delivery.objects.filter(pk=delivery.pk).update(status=Status.FAILED)


@task()
def deliver(delivery_id, attempt=1):
    """Make attempt number `attempt` at a delivery, then settle it or queue the next."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        logger.info("Webhook delivery %s is gone with its endpoint; nothing sent", delivery_id)
        return
    if delivery.status != Status.PENDING or delivery.attempt_count >= attempt:
        return  # settled already, or this attempt ran before (a task run twice)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        logger.warning(
            "Webhook delivery %s not sent: %s was switched off", delivery.message_id, endpoint.url
        )
        Delivery.objects.filter(pk=delivery.pk).update(status=Status.FAILED)
        return
    made = attempt_once(delivery, attempt)
    delivery.attempt_count = attempt
    delivery.last_attempt_at = made.attempted_at
    retry_at = None
    if made.succeeded:
        delivery.status = Status.DELIVERED
    elif attempt >= ATTEMPTS:
        delivery.status = Status.FAILED
        logger.error(
            "Webhook delivery %s (%s to %s) failed %d times, giving up: %s",
            delivery.message_id,
            delivery.event,
            endpoint.url,
            attempt,
            made.error,
        )
    elif not deliver.get_backend().supports_defer:
        # Tasks run at once (development): there is no queue to retry from later.
        delivery.status = Status.FAILED
        logger.warning(
            "Webhook delivery %s to %s failed and is not retried: tasks run at once here "
            "(the immediate task backend). %s",
            delivery.message_id,
            endpoint.url,
            made.error,
        )
    else:
        retry_at = made.attempted_at + RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Webhook delivery %s to %s failed (%s); attempt %d at %s",
            delivery.message_id,
            endpoint.url,
            made.error,
            attempt + 1,
            retry_at.isoformat(),
        )
    delivery.save(update_fields=["status", "attempt_count", "last_attempt_at"])
    if retry_at is not None:
        enqueue(delivery, attempt + 1, run_after=retry_at)


def attempt_once(delivery, number):
    """Sign and post the delivery now; the `Attempt` recorded, whatever happened."""
    endpoint = delivery.endpoint
    body = payloads.body(delivery.payload)
    attempted_at = timezone.now()
    started = time.monotonic()
    status_code, error, answer = None, "", ""
    try:
        headers = signing.signed_headers(
            endpoint.secret, delivery.message_id, int(time.time()), body
        )
        reply = sending.post(endpoint.url, body, headers)
    except sending.SendFailed as failure:
        error = str(failure)
    except Exception as unexpected:  # A bug here must fail the attempt, never loop the task.
        logger.exception("Webhook delivery %s failed unexpectedly", delivery.message_id)
        error = f"Unexpected error: {unexpected!r}"
    else:
        status_code, answer = reply.status, reply.body
        if not reply.ok:
            error = f"The receiver answered {reply.status}" + (
                " (redirects are not followed)." if 300 <= reply.status < 400 else "."
            )
    return Attempt.objects.create(
        delivery=delivery,
        number=number,
        attempted_at=attempted_at,
        status_code=status_code,
        error=error,
        duration_ms=round((time.monotonic() - started) * 1000),
        response_excerpt=answer[: Attempt.EXCERPT_LENGTH],
    )


def schedule_announcement(article_id, published_at):
    """Announce a scheduled story at its publish time (if it is still due then)."""
    if not announce_publication.get_backend().supports_defer:
        logger.warning(
            "Story %s is scheduled for %s, but tasks run at once here (the immediate task "
            "backend): webhooks will not announce it when it goes live.",
            article_id,
            published_at.isoformat(),
        )
        return
    announce_publication.using(run_after=published_at).enqueue(
        article_id, payloads.isoformat(published_at)
    )


@task()
def announce_publication(article_id, published_at):
    """
    A scheduled story's time has come: send "published", unless it has been
    unpublished, re-dated (a task for its new time does it) or announced since.
    """
    article = Article.objects.select_related("section").filter(pk=article_id).first()
    if (
        article is None
        or not article.is_published
        or article.published_at != datetime.datetime.fromisoformat(published_at)
    ):
        logger.info("Story %s is no longer due at %s; not announced", article_id, published_at)
        return
    announced = Delivery.objects.filter(
        article_id=article.pk, event=Event.PUBLISHED, created_at__gte=article.published_at
    )
    if not announced.exists():
        queue(Event.PUBLISHED, payloads.story(article), article_id=article.pk)
