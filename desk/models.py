"""
What the desk keeps about forms while editors work on them: the typing not
saved yet (`Autosave`) and who has which object open (`EditingSession`).

Both name the object by content type and id, so any desk form can use
them; neither is content readers see, so saving one changes nothing on
the site, creates no revision and invalidates no cache.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

# The id an object's add form is kept under: it has no object yet.
NEW = ""


class Autosave(models.Model):
    """An editor's unsaved form, as the browser would post it: one per editor and object."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, blank=True, help_text="Empty for a new object.")
    # [[field name, value], ...] in the form's order, files left out.
    data = models.JSONField()
    # The object's version the form was opened at, when it has one.
    opened_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="desk_autosave_one_per_form"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.content_type.model} {self.object_id or '(new)'}"


class EditingSession(models.Model):
    """An editor with an object's form open: since when, and when their page last said so."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="desk_editing_one_per_editor"
            )
        ]

    def __str__(self):
        return f"{self.user} editing {self.content_type.model} {self.object_id}"
