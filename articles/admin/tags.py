"""
Tags on the desk: the article form's autocomplete and the tag list, each
limited to what the user may see.
"""

from dal import autocomplete
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from taggit import admin as taggit_admin
from taggit.models import Tag

from articles.admin.permissions import can_edit_any
from articles.models import Article, public_tags


def desk_tags(user):
    """
    The tags a user may see on the desk: every one for those who may edit
    every story; otherwise the public ones and those of the user's own
    stories, so a tag that only an embargoed story uses stays unknown.
    """
    if can_edit_any(user):
        return Tag.objects.all()
    own = Article.objects.filter(created_by=user, tags=OuterRef("pk"))
    return Tag.objects.filter(Q(pk__in=public_tags().values("pk")) | Q(Exists(own)))


class TagAutocomplete(autocomplete.Select2QuerySetView):
    """Existing tags matching what the writer types; new ones are created on save."""

    def get_queryset(self):
        user = self.request.user
        if not (user.has_perm("articles.add_article") or user.has_perm("articles.change_article")):
            raise PermissionDenied
        tags = desk_tags(user).order_by("name")
        if self.q:
            tags = tags.filter(name__icontains=self.q)
        return tags

    def get_result_value(self, tag):
        return tag.name


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(taggit_admin.TagAdmin):
    """django-taggit's tag admin, with merging limited to those who may change tags."""

    actions = ["render_tag_form"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=desk_tags(request.user).values("pk"))

    @admin.action(description="Merge selected tags", permissions=["change"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().merge_tags_view(request)
