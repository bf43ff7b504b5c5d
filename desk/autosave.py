"""
Autosave: what an editor typed into a desk form, kept every few seconds.

The form's page posts its fields while the editor types and when they
leave (`keep`). Opening the form again offers what was kept (`pending`):
anything still kept is typing that was never saved, since a successful
save discards it (`discard`). Restoring shows the form bound to it
(`as_data`), as if it had just been posted, and saves nothing.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict
from django.utils import timezone

from desk.models import NEW, Autosave

# Form fields that are not the object's: the CSRF token and the submit buttons.
NOT_KEPT = ("csrfmiddlewaretoken",)


def _key(user, model, object_id):
    return {
        "user": user,
        "content_type": ContentType.objects.get_for_model(model),
        "object_id": NEW if object_id is None else str(object_id),
    }


def fields_of(posted):
    """[[name, value], ...] of a posted QueryDict, without what is not the object's."""
    return [
        [name, value]
        for name, values in posted.lists()
        if name not in NOT_KEPT and not name.startswith("_")
        for value in values
    ]


def keep(user, model, object_id, fields, opened_version=None):
    """Keep this editor's unsaved form for the object (None: a new one of `model`)."""
    autosave, _ = Autosave.objects.update_or_create(
        **_key(user, model, object_id),
        defaults={"data": fields, "opened_version": opened_version, "saved_at": timezone.now()},
    )
    return autosave


def pending(user, model, object_id):
    """What this editor typed into the object's form and never saved, or None."""
    return Autosave.objects.filter(**_key(user, model, object_id)).first()


def discard(user, model, object_id):
    Autosave.objects.filter(**_key(user, model, object_id)).delete()


def as_data(autosave):
    """The kept fields as the form's POST data."""
    data = QueryDict(mutable=True)
    for name, value in autosave.data:
        data.appendlist(name, value)
    return data
