from dal import autocomplete
from dal_select2_taggit.widgets import TaggitSelect2
from django import forms
from django.contrib import admin
from django.db import models
from django.urls import path
from taggit.models import Tag

from articles.models import Article, Byline, Correction, Quote, Section


class TagAutocomplete(autocomplete.Select2QuerySetView):
    """Existing tags matching what the editor types; new ones are created on save."""

    def get_queryset(self):
        tags = Tag.objects.order_by("name")
        if self.q:
            tags = tags.filter(name__icontains=self.q)
        return tags

    def get_result_value(self, tag):
        return tag.name


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        # The admin's fieldsets decide which fields the form shows.
        fields = ["tags"]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "size": 90}),
            "dek": forms.Textarea(attrs={"rows": 2, "cols": 90}),
            "tags": TaggitSelect2(
                "admin:articles_article_tag_autocomplete",
                attrs={"data-placeholder": "Type a tag and press Enter", "style": "width:40em"},
            ),
        }


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
    model = Correction
    extra = 0
    fields = ["corrected_at", "text"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "headline",
        "status",
        "is_live",
        "section",
        "kind",
        "published_at",
        "updated_at",
    ]
    list_filter = ["status", "section", "kind", "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = [
        "section",
        "organizations",
        "people",
        "pinned_related",
        "source_organization",
    ]
    readonly_fields = ["version", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "kind", "section", "dateline"]}),
        ("Story", {"fields": ["body"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        ("In this story", {"fields": ["organizations", "people", "tags", "pinned_related"]}),
        (
            "Source",
            {
                "fields": [
                    "source_name",
                    "source_url",
                    "source_organization",
                    "canonical_url",
                ]
            },
        ),
        ("Record", {"fields": ["version", "created_at", "updated_at"]}),
    ]
    inlines = [BylineInline, QuoteInline, CorrectionInline]

    @admin.display(description="Live", boolean=True, ordering="published_at")
    def is_live(self, article):
        return article.is_published

    def get_urls(self):
        tag_autocomplete = self.admin_site.admin_view(TagAutocomplete.as_view())
        return [
            path(
                "tag-autocomplete/",
                tag_autocomplete,
                name="articles_article_tag_autocomplete",
            ),
            *super().get_urls(),
        ]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
