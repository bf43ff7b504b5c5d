"""
What a delivery says: `{"type": "article.published", "timestamp": …, "data": {…}}`,
with the story as readers and the Content API find it (docs/webhooks.md).
"""

import datetime
import json

from django.conf import settings
from django.utils import timezone

from webhooks.models import Event

TYPE_PREFIX = "article."
PING_TYPE = "webhook.ping"


def story(article):
    """The story's part of every event: who it is and where to read it."""
    return {
        "id": article.pk,
        "slug": article.slug,
        "headline": article.headline,
        "dek": article.dek,
        "section": {"name": article.section.name, "slug": article.section.slug},
        "published_at": isoformat(article.published_at),
        "updated_at": isoformat(article.updated_at),
        "url": settings.SITE_URL + article.get_absolute_url(),
        "api_url": f"{settings.SITE_URL}/api/v1/articles/{article.slug}/",
    }


def correction(correction):
    return {"text": correction.text, "corrected_at": isoformat(correction.corrected_at)}


def message(event, data, when=None):
    """The payload of one event about a story (or a test ping)."""
    return {
        "type": PING_TYPE if event == Event.PING else TYPE_PREFIX + event,
        "timestamp": isoformat(when or timezone.now()),
        "data": data,
    }


def body(payload):
    """The bytes posted and signed: compact JSON, UTF-8."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def isoformat(when):
    """A time as ISO 8601, in UTC (None stays None)."""
    return when.astimezone(datetime.UTC).isoformat() if when is not None else None
