"""
Recording the audit trail: who did what to which object, and when.

Call `record()` wherever the desk does something worth answering for later
(publishing, scheduling, deleting...). Role changes are recorded by signals
(`audit.roles`); signals have no request, so they ask `current_actor()`,
which `audit.middleware.AuditActorMiddleware` sets for the length of each
request and `acting_as()` sets anywhere else.
"""

import contextlib
from collections.abc import Callable
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEvent

SYSTEM = "system"

# A callable rather than the user itself: the middleware must not touch
# request.user (a session read, and `Vary: Cookie` on every public page)
# unless an event is actually recorded.
_actor_source: ContextVar[Callable[[], object] | None] = ContextVar(
    "audit_actor_source", default=None
)


def record(actor, action, target, message=""):
    """
    Store and return an AuditEvent for `target` (a saved model instance).

    `actor` is the user who acted; None or an anonymous user is recorded as
    "system". Record a deletion before deleting, while the target has its pk.
    """
    if target.pk is None:
        raise ValueError("record() needs a saved target; record a deletion before deleting.")
    signed_in = actor is not None and actor.is_authenticated
    event = AuditEvent(
        actor=actor if signed_in else None,
        actor_name=actor.get_username() if signed_in else SYSTEM,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        target_repr=str(target)[: AuditEvent._meta.get_field("target_repr").max_length],
        message=message,
    )
    event.save()
    return event


def current_actor():
    """The signed-in user of the current request (or `acting_as` block), else None."""
    source = _actor_source.get()
    user = source() if source is not None else None
    return user if user is not None and user.is_authenticated else None


@contextlib.contextmanager
def actor_from(source):
    """
    Attribute signal-recorded events in this block to `source()`, a callable
    asked only when an event is actually recorded.
    """
    token = _actor_source.set(source)
    try:
        yield
    finally:
        _actor_source.reset(token)


def acting_as(user):
    """Attribute signal-recorded events in this block to `user` (commands, scripts, tests)."""
    return actor_from(lambda: user)
