"""
The directory's texts in each language (django-modeltranslation): an
organization's one-line description and about text, and a person's bio,
written per language where the newsroom has them, falling back to English.
Names stay as the organization or person writes them.
"""

from modeltranslation.translator import TranslationOptions, register

from organizations.models import Organization, Person


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("description", "about")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("bio",)
