"""Bylines, quotes and corrections, edited on the article's page."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.urls import reverse

from articles.admin.permissions import Status, can_publish
from articles.models import Byline, Correction, Quote
from desk.autocomplete import SafeAutocompleteMixin
from organizations.models import Person


class Position(forms.IntegerField):
    """A row's place, set by the page from the order on screen; none is 0 (last)."""

    widget = forms.HiddenInput

    def to_python(self, value):
        return super().to_python(value) or 0


class OrderedNamesInline(SafeAutocompleteMixin):
    """
    Rows in the order on screen (the page numbers the hidden `position`),
    and names typed into the autocompletes added to the directory without a
    popup: the page posts them to the directory's quick-add
    (`organizations.admin.QuickAddMixin`).
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs.update(form_class=Position, widget=forms.HiddenInput, required=False)
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            wrapper = field.widget
            wrapper.can_add_related = wrapper.can_change_related = False
            wrapper.can_view_related = wrapper.can_delete_related = False
            model = db_field.related_model
            may_add = getattr(self.admin_site._registry.get(model), "may_quick_add", None)
            if may_add is not None and may_add(request):
                opts = model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_quick_add")
                wrapper.widget.attrs["data-create-url"] = url
        return field


class BylineInline(OrderedNamesInline, admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person"]
    verbose_name_plural = "byline"

    def get_extra(self, request, obj=None, **kwargs):
        # A new story starts with its writer's byline (`ArticleAdmin.get_formset_kwargs`).
        new = obj is None or obj.pk is None
        return 1 if new and own_person(request.user) is not None else 0


def own_person(user):
    """The Person linked to this staff account, if any."""
    return Person.objects.filter(account=user).first() if user.is_authenticated else None


class QuoteInline(OrderedNamesInline, admin.StackedInline):
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
