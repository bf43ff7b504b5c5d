"""
A GIN index for site search, on PostgreSQL only.

It indexes the weighted document `search_document()` of the search module at the time
searches by; the expression below is a frozen copy of it (migrations must
not change when application code does). PostgreSQL uses an expression index
only for a query with the identical expression, so a change to one needs a
new migration for the other; `tests/search/test_search.py` checks that
searches use this index.

SQLite has no GIN indexes and searches without one, so there the migration
does nothing. The index is not declared in `Article.Meta`, where SQLite
would have to create it too; the model state is untouched, which keeps
`makemigrations --check` clean.

The index is built CONCURRENTLY, so a deploy does not block writes to the
articles table while it builds; that cannot run in a transaction, hence
`atomic = False`.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "article_search_document"


def search_index():
    document = (
        SearchVector("headline", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return GinIndex(document, name=INDEX_NAME)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    schema_editor.add_index(Article, search_index(), concurrently=True)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    schema_editor.remove_index(Article, search_index(), concurrently=True)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0002_quote_text_not_blank"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
