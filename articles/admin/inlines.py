"""Bylines, quotes and corrections, edited on the article's page."""

from django.contrib import admin

from articles.admin.permissions import Status, can_publish
from articles.models import Byline, Correction, Quote


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person"]
    verbose_name_plural = "byline"


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "speaker_organization"]
    fields = ["position", "speaker", "speaker_title", "speaker_organization", "text"]


class CorrectionInline(admin.TabularInline):
    """Corrections are appended, never rewritten or removed: they are a public record."""

    model = Correction
    extra = 0
    fields = ["corrected_at", "text"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.status != Status.DRAFT and can_publish(request.user)
