"""
Cursor pagination: each page links the next and the previous by an opaque
cursor, so paging stays fast deep into the archive and a story published
meanwhile neither repeats nor skips one.
"""

from rest_framework.pagination import CursorPagination


class NewestFirst(CursorPagination):
    """Stories, newest publish time first."""

    ordering = ("-published_at", "-pk")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class BySlug(NewestFirst):
    """The directory and tags, in the order of their slugs (alphabetical)."""

    ordering = ("slug",)


class NewestQuotesFirst(NewestFirst):
    """Quotes, the most recently added first."""

    ordering = ("-pk",)
