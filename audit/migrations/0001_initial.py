"""
The audit event moves from the project package (app "newsroom") to this app.

Only Django's record of the model moves: the table keeps its name and every
row. The content type is renamed in place, so the events' own permissions
(and the groups holding them) follow, and old events about audit events keep
pointing at the right content type.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="newsroom", target="audit"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    moved = ContentType.objects.filter(app_label=source, model="auditevent")
    if ContentType.objects.filter(app_label=target, model="auditevent").exists():
        # Made by an earlier run of post_migrate; the old one carries the links.
        ContentType.objects.filter(app_label=target, model="auditevent").delete()
    moved.update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="audit", target="newsroom")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The table is created there; this app takes it over.
        ("newsroom", "0001_initial"),
        # The role groups are given their audit permissions there, under the
        # old app label; the permissions move with the content type below.
        ("articles", "0005_roles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("when", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "actor_name",
                            models.CharField(
                                help_text="The username at the time; “system” when no one was signed in.",
                                max_length=150,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("publish", "Published"),
                                    ("schedule", "Scheduled"),
                                    ("unpublish", "Unpublished"),
                                    ("archive", "Archived"),
                                    ("submit", "Submitted for review"),
                                    ("delete", "Deleted"),
                                    ("restore", "Restored"),
                                    ("correct", "Corrected"),
                                    ("role_change", "Role changed"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("object_id", models.CharField(max_length=64)),
                        (
                            "target_repr",
                            models.CharField(
                                help_text="The object's name when the event happened.",
                                max_length=300,
                                verbose_name="target",
                            ),
                        ),
                        (
                            "message",
                            models.TextField(
                                blank=True,
                                help_text="The detail, e.g. “Scheduled for 2026-12-01 09:00 UTC”.",
                            ),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                help_text=(
                                    "Empty when the system acted, or once the account has "
                                    "been deleted."
                                ),
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="audit_events",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="audit_events",
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "newsroom_auditevent",
                        "ordering": ["-when", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["content_type", "object_id"], name="audit_event_target"
                            ),
                            models.Index(fields=["when"], name="audit_event_when"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
