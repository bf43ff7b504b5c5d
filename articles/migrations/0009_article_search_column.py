"""
Site search reads a stored, indexed document column, on PostgreSQL only.

Migration 0003 indexed the weighted document as an expression. That finds
matches, but ranking them and re-checking a bitmap scan must parse every
candidate's text again, which costs seconds for a common word in a large
archive. A generated column keeps the parsed document beside each row:
PostgreSQL fills it on every insert and update, so no application code
writes it, and `ts_rank` reads it instead of re-parsing the body.

The column is not a model field: SQLite has no `tsvector`, and reading it
with every article would cost more than it saves. `search`
refers to it by name (`SearchDocument`). Adding the column rewrites the
articles table once; the GIN index is then built CONCURRENTLY, so writes
are not blocked while it builds, which cannot run in a transaction, hence
`atomic = False`.
"""

from django.db import migrations

COLUMN = "search_document"
INDEX_NAME = "article_search_column"
OLD_INDEX_NAME = "article_search_document"

DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(dek, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')"
)


def add_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX_NAME} ON {table} USING gin ({COLUMN})"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX_NAME}")


def drop_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_INDEX_NAME} ON {table} "
        f"USING gin (({DOCUMENT}))"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX_NAME}")
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0008_article_published_newest_index"),
    ]

    operations = [
        migrations.RunPython(add_search_column, drop_search_column, elidable=False),
    ]
