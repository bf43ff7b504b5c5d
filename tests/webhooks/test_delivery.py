"""Deliveries posted to a receiver: signed, retried with a growing wait, given up on, refused."""

import datetime
import logging
import ssl

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, published_article
from tests.webhooks.helpers import subscribe
from webhooks import addresses, sending, signing, tasks
from webhooks.models import Attempt, Delivery, Event

pytestmark = pytest.mark.django_db

Status = Delivery.Status


def publish(commit):
    """Publish a story, in a transaction of its own; the story."""
    with commit():
        article = ArticleFactory(bylined=True)
    with commit():
        article.status = Article.Status.PUBLISHED
        article.save()
    return article


@pytest.mark.usefixtures("private_addresses", "tasks_at_once")
def test_a_published_story_reaches_the_receiver_signed_and_is_logged(receiver, commit):
    endpoint = subscribe(receiver.url, events=[Event.PUBLISHED])

    article = publish(commit)

    (request,) = receiver.requests
    payload = signing.verify(endpoint.secret, request.headers, request.body)
    assert payload["type"] == "article.published"
    assert payload["data"]["id"] == article.pk
    assert request.path == "/hooks"
    assert request.headers["Content-Type"] == "application/json"
    assert "Newsroom" in request.headers["User-Agent"]
    delivery = Delivery.objects.get()
    assert request.headers["webhook-id"] == delivery.message_id
    assert delivery.message_id.startswith("msg_")
    assert (delivery.status, delivery.attempt_count) == (Status.DELIVERED, 1)
    (attempt,) = delivery.attempts.all()
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")
    assert attempt.response_excerpt == "thanks"


@pytest.mark.usefixtures("private_addresses", "tasks_at_once")
def test_a_signature_made_with_another_secret_is_refused(receiver, commit):
    subscribe(receiver.url)

    publish(commit)

    (request,) = receiver.requests
    with pytest.raises(signing.InvalidSignature):
        signing.verify(subscribe().secret, request.headers, request.body)


@pytest.mark.usefixtures("private_addresses")
def test_a_failed_attempt_is_retried_after_a_wait_with_the_same_message(receiver, queue, commit):
    endpoint = subscribe(receiver.url)
    receiver.answers = [500, 200]
    publish(commit)

    (first,) = queue.waiting(tasks.deliver)
    queue.run(first)
    (retry,) = queue.waiting(tasks.deliver)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempt_count) == (Status.PENDING, 1)
    assert retry.task.run_after == delivery.last_attempt_at + datetime.timedelta(seconds=5)
    queue.run(retry)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == (Status.DELIVERED, 2)
    assert [(a.number, a.status_code) for a in delivery.attempts.all()] == [(1, 500), (2, 200)]
    assert "answered 500" in delivery.attempts.first().error
    ids = {request.headers["webhook-id"] for request in receiver.requests}
    assert ids == {delivery.message_id}
    for request in receiver.requests:
        signing.verify(endpoint.secret, request.headers, request.body)
    assert queue.waiting(tasks.deliver) == []


@pytest.mark.usefixtures("private_addresses")
def test_after_the_last_attempt_the_delivery_has_failed_for_good(receiver, queue, commit, caplog):
    subscribe(receiver.url)
    receiver.answers = [503] * tasks.ATTEMPTS
    publish(commit)

    waits = []
    with caplog.at_level(logging.ERROR, logger="webhooks"):
        while waiting := queue.waiting(tasks.deliver):
            (result,) = waiting
            if result.task.run_after is not None:
                waits.append(result.task.run_after - Delivery.objects.get().last_attempt_at)
            queue.run(result)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempt_count) == (Status.FAILED, tasks.ATTEMPTS)
    assert len(receiver.requests) == tasks.ATTEMPTS == 9
    assert waits == list(tasks.RETRY_DELAYS)
    # Retried for about a day, then given up.
    total = sum(waits, datetime.timedelta())
    assert datetime.timedelta(hours=23) < total < datetime.timedelta(days=1)
    assert "failed 9 times, giving up" in caplog.text


@pytest.mark.usefixtures("private_addresses", "tasks_at_once")
def test_with_tasks_run_at_once_a_failed_attempt_fails_the_delivery_and_says_why(
    receiver, commit, caplog
):
    subscribe(receiver.url)
    receiver.answers = [500]

    with caplog.at_level(logging.WARNING, logger="webhooks"):
        publish(commit)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempt_count) == (Status.FAILED, 1)
    assert len(receiver.requests) == 1
    assert "not retried: tasks run at once" in caplog.text


@pytest.mark.usefixtures("private_addresses", "tasks_at_once")
def test_redirects_are_not_followed(receiver, commit):
    subscribe(receiver.url)
    receiver.answers = [302]

    publish(commit)

    assert [request.path for request in receiver.requests] == ["/hooks"]
    attempt = Attempt.objects.get()
    assert attempt.status_code == 302
    assert "redirects are not followed" in attempt.error


@pytest.mark.usefixtures("private_addresses")
def test_a_receiver_that_does_not_answer_in_time_fails_the_attempt(receiver):
    receiver.delay = 1

    with pytest.raises(sending.SendFailed, match=r"No answer within 0\.2 seconds"):
        sending.post(receiver.url, b"{}", {}, timeout=0.2)


@pytest.mark.usefixtures("tasks_at_once")
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hooks",
        "http://localhost:{port}/hooks",
        "http://[::1]:{port}/hooks",
        "http://10.0.0.7/hooks",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_private_addresses_are_refused_when_sending(receiver, commit, url):
    subscribe(url.format(port=receiver.port))

    publish(commit)

    assert receiver.requests == []
    attempt = Attempt.objects.get()
    assert attempt.status_code is None
    assert "only go to public addresses" in attempt.error
    assert Delivery.objects.get().status == Status.FAILED


@pytest.mark.usefixtures("private_addresses", "tasks_at_once")
def test_the_attempt_connects_to_the_address_checked_not_a_second_lookup(
    receiver, commit, monkeypatch
):
    answers = [["127.0.0.1"], ["10.9.9.9"]]  # the name "rebinds" after its first lookup
    monkeypatch.setattr(addresses, "lookup", lambda host, port: answers.pop(0))
    subscribe(f"http://hooks.example.test:{receiver.port}/hooks")

    publish(commit)

    (request,) = receiver.requests
    assert request.headers["Host"] == f"hooks.example.test:{receiver.port}"
    assert Delivery.objects.get().status == Status.DELIVERED


@pytest.mark.usefixtures("private_addresses")
def test_an_endpoint_switched_off_after_the_event_is_not_sent_it(receiver, queue, commit):
    endpoint = subscribe(receiver.url)
    with commit():
        published_article()
    endpoint.is_active = False
    endpoint.save()

    for result in queue.waiting(tasks.deliver):
        queue.run(result)

    assert receiver.requests == []
    assert Delivery.objects.get().status == Status.FAILED


@pytest.mark.usefixtures("private_addresses")
def test_a_delivery_of_a_deleted_endpoint_is_dropped(receiver, queue, commit):
    endpoint = subscribe(receiver.url)
    with commit():
        published_article()
    endpoint.delete()

    for result in queue.waiting(tasks.deliver):
        queue.run(result)

    assert receiver.requests == []
    assert not Delivery.objects.exists()


@pytest.mark.usefixtures("private_addresses")
def test_an_attempt_the_queue_runs_twice_is_made_once(receiver, queue, commit):
    subscribe(receiver.url)
    with commit():
        published_article()
    (result,) = queue.waiting(tasks.deliver)

    queue.run(result)
    result.task.call(*result.args)

    assert len(receiver.requests) == 1
    assert Attempt.objects.count() == 1


@pytest.mark.usefixtures("private_addresses")
@pytest.mark.parametrize(
    ("host", "outcome"), [("hooks.example.test", None), ("other.example.test", "certificate")]
)
def test_https_checks_the_certificate_against_the_name_not_the_address(
    tls_receiver, certificate, monkeypatch, host, outcome
):
    _key, cert = certificate
    monkeypatch.setattr(addresses, "lookup", lambda host, port: ["127.0.0.1"])
    trusting = ssl.create_default_context(cafile=cert)
    monkeypatch.setattr(sending.ssl, "create_default_context", lambda: trusting)
    url = f"https://{host}:{tls_receiver.port}/hooks"

    if outcome is None:
        assert sending.post(url, b"{}", {}).status == 200
        assert tls_receiver.requests[0].headers["Host"] == f"{host}:{tls_receiver.port}"
    else:
        with pytest.raises(sending.SendFailed, match="certificate could not be verified"):
            sending.post(url, b"{}", {})
