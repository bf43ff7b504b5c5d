import uuid
from django.conf import settings
from django.db import migrations, models


def separate_groups_and_copy_english(apps, schema_editor):
    """Every story so far is its own group; sections' texts so far are English."""
    Article = apps.get_model("articles", "Article")
    for pk in Article.objects.values_list("pk", flat=True).iterator():
        Article.objects.filter(pk=pk).update(translation_group=uuid.uuid4())
    Section = apps.get_model("articles", "Section")
    for section in Section.objects.all():
        Section.objects.filter(pk=section.pk).update(
            name_en=section.name, description_en=section.description
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_article_seo_title_description"),
        ("organizations", "0007_directory_in_languages"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("fr", "French"), ("sv", "Swedish")],
                default="en",
                help_text="The language the story is written in; readers find it in that edition.",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="translation_group",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="quote",
            name="said_in",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("fr", "French"), ("sv", "Swedish")],
                help_text="When not the story's language: readers see the words marked as translated.",
                max_length=8,
                verbose_name="said in",
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="description_en",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="section",
            name="description_fr",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="section",
            name="description_sv",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="section",
            name="name_en",
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="section",
            name="name_fr",
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="section",
            name="name_sv",
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.RunPython(separate_groups_and_copy_english, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="translation_group",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["translation_group", "language"], name="article_translations"
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("translation_group", "language"),
                name="article_one_version_per_language",
                violation_error_message="The story already has a version in this language.",
            ),
        ),
    ]
