"""
Indexes for related stories: each entity's most recent articles are read
straight off an (entity, article) index, however many articles it has.

The link tables are created by Django (many-to-many) and django-taggit, so
the indexes are plain SQL, valid on SQLite and PostgreSQL.
"""

from django.db import migrations

INDEXES = [
    ("article_org_link_recent", "articles_article_organizations", "organization_id, article_id"),
    ("article_person_link_recent", "articles_article_people", "person_id, article_id"),
    ("taggit_tag_object_recent", "taggit_taggeditem", "tag_id, content_type_id, object_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_roles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} ({columns})",
            f"DROP INDEX {name}",
        )
        for name, table, columns in INDEXES
    ]
