"""
Presence: who else has an object's form open, and since when.

Opening the form and a heartbeat from its page every few seconds mark the
editor present (`arrive`); leaving the page says goodbye (`leave`), and a
page that stopped beating (closed laptop, lost network) is forgotten
after `ACTIVE`.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from desk.models import EditingSession

# A page that has not beaten for this long is no longer open.
ACTIVE = datetime.timedelta(seconds=60)


def _key(model, object_id):
    return {"content_type": ContentType.objects.get_for_model(model), "object_id": str(object_id)}


def arrive(user, model, object_id):
    """Mark the editor present on the object's form (again)."""
    now = timezone.now()
    session, created = EditingSession.objects.get_or_create(
        user=user, **_key(model, object_id), defaults={"started_at": now, "seen_at": now}
    )
    if not created:
        if session.seen_at < now - ACTIVE:
            # Back after a while away: a new stretch of editing.
            session.started_at = now
        session.seen_at = now
        session.save(update_fields=["started_at", "seen_at"])
    return session


def others(user, model, object_id):
    """The other editors with the object's form open, longest first."""
    return list(
        EditingSession.objects.filter(
            **_key(model, object_id), seen_at__gte=timezone.now() - ACTIVE
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("started_at")
    )


def leave(user, model, object_id):
    EditingSession.objects.filter(user=user, **_key(model, object_id)).delete()


def forget_idle():
    """Delete sessions whose page stopped beating long ago; returns how many."""
    deleted, _ = EditingSession.objects.filter(seen_at__lt=timezone.now() - 10 * ACTIVE).delete()
    return deleted
