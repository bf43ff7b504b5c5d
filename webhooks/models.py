import base64
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from webhooks import addresses
from webhooks.signing import SECRET_PREFIX


def new_secret():
    """A signing secret as Standard Webhooks writes them: "whsec_" and 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def new_message_id():
    return f"msg_{uuid.uuid4().hex}"


class Event(models.TextChoices):
    """What happened to a story; the payload's type is "article.<event>"."""

    PUBLISHED = "published", "Published"
    UPDATED = "updated", "Updated"
    CORRECTED = "corrected", "Corrected"
    UNPUBLISHED = "unpublished", "Unpublished"
    DELETED = "deleted", "Deleted"
    # Sent from the desk to try an endpoint; no endpoint subscribes to it.
    PING = "ping", "Test"


# The events an endpoint can subscribe to.
STORY_EVENTS = [event for event in Event if event != Event.PING]


class Endpoint(models.Model):
    """An address that is told about stories, with the secret its deliveries are signed with."""

    url = models.URLField(
        "URL",
        max_length=500,
        help_text=(
            "Where events are posted (http or https). Addresses on private networks "
            "and this machine are refused."
        ),
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="Who receives these events and why."
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        editable=False,
        help_text="Give it to the receiver: it checks every delivery's signature with it.",
    )
    events = models.JSONField(
        default=list,
        help_text="What this endpoint is told about.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="An inactive endpoint receives nothing, its queued retries included.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="webhook_endpoints",
    )

    class Meta:
        ordering = ["url", "pk"]

    def __str__(self):
        return self.url

    def clean(self):
        super().clean()
        errors = {}
        unknown = set(self.events or []) - set(STORY_EVENTS)
        if not isinstance(self.events, list) or unknown:
            errors["events"] = "Choose among the story events."
        elif not self.events:
            errors["events"] = "Choose at least one event."
        # Checked while the endpoint is active: one switched off can be saved
        # even if its host has gone, and is checked again when switched on.
        if self.url and self.is_active:
            try:
                addresses.check_url(self.url)
            except addresses.UnsafeAddress as error:
                errors["url"] = ValidationError(str(error), code="unsafe_address")
        if errors:
            raise ValidationError(errors)

    def subscribes_to(self, event):
        return self.is_active and event in self.events


class Delivery(models.Model):
    """One event for one endpoint: the message, signed anew on each attempt until it is taken."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(
        "message id",
        max_length=40,
        default=new_message_id,
        editable=False,
        help_text=(
            "The webhook-id header: the same on every attempt, so receivers can skip repeats."
        ),
    )
    event = models.CharField(max_length=16, choices=Event.choices)
    # The story's id, kept after the story is deleted (no foreign key).
    article_id = models.PositiveBigIntegerField("story id", null=True, blank=True)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveSmallIntegerField("attempts", default=0)
    last_attempt_at = models.DateTimeField("last attempt", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["article_id", "event"], name="webhook_delivery_story"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["message_id"], name="webhook_delivery_message_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "delivered", "failed"]),
                name="webhook_delivery_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()} to {self.endpoint}"


class Attempt(models.Model):
    """One try at posting a delivery, with what the receiver answered."""

    # As much of the receiver's answer as the desk keeps.
    EXCERPT_LENGTH = 500

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(
        "response status", null=True, blank=True, help_text="Empty when no answer came."
    )
    error = models.TextField(blank=True, help_text="Why the attempt failed, when it did.")
    duration_ms = models.PositiveIntegerField("duration (ms)", default=0)
    response_excerpt = models.CharField("response", max_length=EXCERPT_LENGTH, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="webhook_attempt_number_once"
            ),
        ]

    def __str__(self):
        return f"Attempt {self.number} of {self.delivery}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
