"""
The article list's filters beyond status and section: by author (a
byline), organization and tag, each offering only what stories use.
"""

from django.contrib import admin
from django.db.models import Count
from taggit.models import Tag

from organizations.models import Organization, Person


class _UsedByStories(admin.SimpleListFilter):
    """Choices: the objects at least one story uses through `lookup`, most used first."""

    model = None
    lookup = ""
    # Enough to find the common ones; the search box finds the rest.
    LIMIT = 50

    def lookups(self, request, model_admin):
        used = (
            self.model.objects.filter(**{f"{self.lookup}__isnull": False})
            .annotate(stories=Count(self.lookup, distinct=True))
            .order_by("-stories", "name")[: self.LIMIT]
        )
        return [(str(obj.pk), str(obj)) for obj in used]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        return queryset.filter(**{self.article_lookup: value}).distinct()


class AuthorFilter(_UsedByStories):
    title = "author"
    parameter_name = "author"
    model = Person
    lookup = "bylines__article"
    article_lookup = "bylines__person"


class OrganizationFilter(_UsedByStories):
    title = "organization"
    parameter_name = "organization"
    model = Organization
    lookup = "articles"
    article_lookup = "organizations"


class TagFilter(_UsedByStories):
    title = "tag"
    parameter_name = "tag"
    model = Tag
    lookup = "article"
    article_lookup = "tags"
