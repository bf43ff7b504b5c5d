"""The audit trail in the desk: read-only, each user seeing what they may view."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from audit.models import AuditEvent


def visible_content_types(user):
    """
    Content types of the models `user` may view (or change), as the admin decides.

    Checked over the installed models, in memory: the permissions are cached on
    the user and the content types by Django, so this costs at most a query or
    two however long the trail grows.
    """
    models = [
        model
        for model in apps.get_models()
        if any(
            user.has_perm(f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}")
            for action in ("view", "change")
        )
    ]
    return list(ContentType.objects.get_for_models(*models).values())


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """
    The audit trail, read-only.

    Each user sees the events about objects they may view: an editor who can
    view articles sees what happened to articles; role changes (events about
    users) only whoever may view users.
    """

    list_display = ["when", "actor_name", "action", "target_link", "message"]
    list_filter = ["action", "when"]
    date_hierarchy = "when"
    search_fields = ["target_repr", "actor_name", "message"]
    list_select_related = ["content_type"]
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(content_type__in=visible_content_types(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="target", ordering="target_repr")
    def target_link(self, event):
        """The object's name at the time, linked to its desk page when it has one."""
        content_type = event.content_type
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[event.object_id],
            )
        except NoReverseMatch:
            return event.target_repr
        return format_html('<a href="{}">{}</a>', url, event.target_repr)
