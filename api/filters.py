"""
The query parameters each list reads, validated like a form: a value that
cannot be read is a 400 naming the parameter, never an error deeper down.
An empty parameter is no filter.
"""

from django.conf import settings
from rest_framework import serializers

from organizations.models import Organization


def slug(help_text):
    return serializers.SlugField(required=False, allow_blank=True, help_text=help_text)


class ArticleFilters(serializers.Serializer):
    section = slug("A section's slug.")
    tag = slug("A tag's slug.")
    organization = slug("Stories covering the organization with this slug.")
    person = slug("Stories covering, quoting or written by the person with this slug.")
    published_after = serializers.DateTimeField(
        required=False, help_text="Published at or after this time (ISO 8601; a date is midnight)."
    )
    published_before = serializers.DateTimeField(
        required=False, help_text="Published before this time (ISO 8601)."
    )
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text="Stories written in this language."
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words to search for, as the site's search reads them "
        '("exact phrase", -excluded, this OR that). Results stay newest first.',
    )


class OrganizationFilters(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Organization.Kind.choices, required=False, help_text="The kind of organization."
    )
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Its country, in any case."
    )


class QuoteFilters(serializers.Serializer):
    speaker = slug("Quotes by the person with this slug.")
    organization = slug("Quotes attributed to the organization with this slug.")
    article = slug("Quotes in the story with this slug.")


def read(filters, request):
    """The validated parameters of `filters` in the request, blank ones left out."""
    found = filters(data=request.query_params)
    found.is_valid(raise_exception=True)
    return {name: value for name, value in found.validated_data.items() if value not in ("", None)}
