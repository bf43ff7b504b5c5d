"""
Webhooks on the desk: endpoints (with their secret and a test event) for
those with the endpoint permissions, and the deliveries with every
attempt, read-only for everyone: nobody adds, changes or deletes them by hand.
"""

import json
import logging

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html

from webhooks import tasks
from webhooks.models import STORY_EVENTS, Attempt, Delivery, Endpoint, Event

logger = logging.getLogger(__name__)


class EndpointForm(forms.ModelForm):
    """The events as checkboxes; the model checks the address (`Endpoint.clean`)."""

    events = forms.MultipleChoiceField(
        choices=[(event.value, event.label) for event in STORY_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        help_text="What this endpoint is told about.",
    )


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["url", "subscribed_events", "is_active", "last_delivery"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    readonly_fields = ["signing_secret", "created_by", "created_at", "deliveries_link"]
    fieldsets = [
        (None, {"fields": ["url", "description", "events", "is_active"]}),
        (
            "Signature",
            {
                "fields": ["signing_secret"],
                "description": (
                    "Every delivery is signed with this secret (Standard Webhooks); give it "
                    "to the receiver so it can check that deliveries come from here."
                ),
            },
        ),
        ("Record", {"fields": ["created_by", "created_at", "deliveries_link"]}),
    ]
    actions = ["send_test_event"]

    def get_queryset(self, request):
        newest = Delivery.objects.filter(endpoint=OuterRef("pk")).order_by("-created_at", "-pk")
        return (
            super()
            .get_queryset(request)
            .select_related("created_by")
            .annotate(last_status=Subquery(newest.values("status")[:1]))
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="events")
    def subscribed_events(self, endpoint):
        labels = dict(Event.choices)
        return ", ".join(str(labels.get(event, event)) for event in endpoint.events)

    @admin.display(description="last delivery", ordering="last_status")
    def last_delivery(self, endpoint):
        return Delivery.Status(endpoint.last_status).label if endpoint.last_status else "—"

    @admin.display(description="secret")
    def signing_secret(self, endpoint):
        if endpoint.pk is None:
            return "Made when the endpoint is saved."
        return format_html("<code>{}</code>", endpoint.secret)

    @admin.display(description="deliveries")
    def deliveries_link(self, endpoint):
        if endpoint.pk is None:
            return "—"
        url = reverse("admin:webhooks_delivery_changelist") + f"?endpoint__id__exact={endpoint.pk}"
        return format_html('<a href="{}">Every delivery to this endpoint</a>', url)

    @admin.action(description="Send a test event", permissions=["change"])
    def send_test_event(self, request, queryset):
        sent = 0
        for endpoint in queryset:
            if not endpoint.is_active:
                self.message_user(
                    request, f"{endpoint} is switched off: no test event sent.", messages.WARNING
                )
                continue
            try:
                tasks.queue(
                    Event.PING,
                    {"endpoint": {"id": endpoint.pk, "url": endpoint.url}},
                    endpoints=[endpoint],
                )
            except Exception:  # The desk says so; the page never fails for it.
                logger.exception("Test event for %s could not be queued", endpoint.url)
                self.message_user(
                    request, f"The test event for {endpoint} could not be queued.", messages.ERROR
                )
            else:
                sent += 1
        if sent:
            url = reverse("admin:webhooks_delivery_changelist") + "?event__exact=ping"
            self.message_user(
                request,
                format_html(
                    'Test event queued for {} endpoint(s); <a href="{}">see how it went</a>.',
                    sent,
                    url,
                ),
                messages.SUCCESS,
            )


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    fields = [
        "number",
        "attempted_at",
        "status_code",
        "duration_ms",
        "error",
        "response_excerpt",
    ]
    readonly_fields = fields
    can_delete = False

    def has_view_permission(self, request, obj=None):
        # Attempts are part of their delivery's record: whoever may view it sees them.
        return request.user.has_perm("webhooks.view_delivery")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: what was sent where, and how each attempt went."""

    list_display = [
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempt_count",
        "last_attempt_at",
        "article_id",
    ]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    date_hierarchy = "created_at"
    search_fields = ["message_id", "event", "endpoint__url"]
    show_full_result_count = False
    fields = [
        "endpoint",
        "event",
        "article_id",
        "message_id",
        "status",
        "attempt_count",
        "created_at",
        "last_attempt_at",
        "payload_json",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="payload")
    def payload_json(self, delivery):
        return format_html("<pre>{}</pre>", json.dumps(delivery.payload, indent=2))
