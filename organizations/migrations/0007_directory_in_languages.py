from django.db import migrations, models


def copy_english(apps, schema_editor):
    """The directory's texts so far are English."""
    Organization = apps.get_model("organizations", "Organization")
    for pk, description, about in Organization.objects.values_list("pk", "description", "about"):
        Organization.objects.filter(pk=pk).update(description_en=description, about_en=about)
    Person = apps.get_model("organizations", "Person")
    for pk, bio in Person.objects.values_list("pk", "bio"):
        Person.objects.filter(pk=pk).update(bio_en=bio)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0006_person_account"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="about_en",
            field=models.TextField(
                blank=True, help_text="The longer profile shown on its page.", null=True
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="about_fr",
            field=models.TextField(
                blank=True, help_text="The longer profile shown on its page.", null=True
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="about_sv",
            field=models.TextField(
                blank=True, help_text="The longer profile shown on its page.", null=True
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="description_en",
            field=models.CharField(
                blank=True,
                help_text="One line shown under the name in lists and search results.",
                max_length=300,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="description_fr",
            field=models.CharField(
                blank=True,
                help_text="One line shown under the name in lists and search results.",
                max_length=300,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="description_sv",
            field=models.CharField(
                blank=True,
                help_text="One line shown under the name in lists and search results.",
                max_length=300,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="bio_en",
            field=models.TextField(
                blank=True, help_text="A few plain sentences for the person's page.", null=True
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="bio_fr",
            field=models.TextField(
                blank=True, help_text="A few plain sentences for the person's page.", null=True
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="bio_sv",
            field=models.TextField(
                blank=True, help_text="A few plain sentences for the person's page.", null=True
            ),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
