"""Section names and descriptions in each language (django-modeltranslation), for navigation."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import Section


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name", "description")
