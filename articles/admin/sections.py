"""Sections on the desk."""

from django.contrib import admin

from articles.models import Section
from organizations.admin import LanguageLabelsMixin


@admin.register(Section)
class SectionAdmin(LanguageLabelsMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    # Its name and description in each edition's language (articles.translation).
    fields = [
        "name_en",
        "slug",
        "description_en",
        ("name_fr", "description_fr"),
        ("name_sv", "description_sv"),
        "order",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
