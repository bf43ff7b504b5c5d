"""
GIN indexes for matching a search against names, on PostgreSQL only.

Site search finds the organizations, people and tags whose names match the
query (`search.backends.postgres.named`) and the articles covering them. Without
an index each search parsed all of those names again. These index exactly
the expressions the search uses, frozen here as migrations must be; a change
to `ORGANIZATION_NAMES`, `PERSON_NAMES` or `SEARCH_CONFIG` needs a new
migration. `tests/search/test_search.py` checks that they are used.

Like migration 0003 they are built CONCURRENTLY, outside a transaction, and
left out of the models' state, which SQLite could not follow.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    (
        "organizations",
        "Organization",
        ("name", "short_name", "aliases"),
        "organization_search_names",
    ),
    ("organizations", "Person", ("name",), "person_search_names"),
    ("taggit", "Tag", ("name",), "tag_search_names"),
]


def _indexes(apps):
    for app_label, model_name, fields, name in INDEXES:
        index = GinIndex(SearchVector(*fields, config="english"), name=name)
        yield apps.get_model(app_label, model_name), index


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index, concurrently=True)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index, concurrently=True)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0010_article_import_hash"),
        ("organizations", "0004_person_needs_review"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
