from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet):
    def for_target(self, target):
        """The events about one object (an article's history), newest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )


class AuditEvent(models.Model):
    """
    One thing someone did on the desk: published a story, changed a role.

    Append-only. Who, what and to which object are copied as text when the
    event is recorded, so the trail still reads correctly after the user is
    deleted or the story is renamed. Record events with `audit.trail.record`.
    """

    class Action(models.TextChoices):
        ADD = "add", "Added"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        UNPUBLISH = "unpublish", "Unpublished"
        ARCHIVE = "archive", "Archived"
        SUBMIT = "submit", "Submitted for review"
        DELETE = "delete", "Deleted"
        RESTORE = "restore", "Restored"
        CORRECT = "correct", "Corrected"
        ROLE_CHANGE = "role_change", "Role changed"

    when = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text="Empty when the system acted, or once the account has been deleted.",
    )
    actor_name = models.CharField(
        "by",
        max_length=150,
        help_text="The username at the time; “system” when no one was signed in.",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    # PROTECT: removing a stale content type must not silently take the trail with it.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="audit_events"
    )
    # Text, so any primary key fits (and the id outlives a deleted object).
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    target_repr = models.CharField(
        "target", max_length=300, help_text="The object's name when the event happened."
    )
    message = models.TextField(
        blank=True, help_text="The detail, e.g. “Scheduled for 2026-12-01 09:00 UTC”."
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # The table it has had since the audit trail lived in the project package.
        db_table = "newsroom_auditevent"
        ordering = ["-when", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_event_target"),
            models.Index(fields=["when"], name="audit_event_when"),
        ]

    def __str__(self):
        return f"{self.actor_name} · {self.get_action_display()} · {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit events are append-only; record a new event instead.")
        super().save(*args, **kwargs)
