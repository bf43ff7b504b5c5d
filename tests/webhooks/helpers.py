"""Endpoints and what they were sent, for the webhook tests."""

from webhooks.models import STORY_EVENTS, Delivery, Endpoint


def subscribe(url="https://hooks.example.org/newsroom", events=STORY_EVENTS, **fields):
    """An endpoint as the desk saves it (its address is not checked here)."""
    return Endpoint.objects.create(url=url, events=[str(event) for event in events], **fields)


def sent(endpoint=None):
    """(event, story id) of every delivery made so far (to `endpoint`), oldest first."""
    deliveries = Delivery.objects.order_by("pk")
    if endpoint is not None:
        deliveries = deliveries.filter(endpoint=endpoint)
    return [(delivery.event, delivery.article_id) for delivery in deliveries]
