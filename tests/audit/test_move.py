"""
The audit trail moved from the project package (app "newsroom") to the
audit app. A database made before the move migrates with every event, and
the roles keep their permission to read the trail.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEvent

# Serialized rollback: the next test finds the database as migrations left it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate_to_before_the_move():
    """Unapply the move; the models as they were then (the audit event in "newsroom")."""
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", None)])
    executor.loader.build_graph()
    before = [
        node for node in executor.loader.graph.leaf_nodes() if node[0] not in ("audit", "newsroom")
    ]
    return executor.loader.project_state([*before, ("newsroom", "0001_initial")]).apps


def test_a_database_from_before_the_move_keeps_its_events_and_who_may_read_them(client):
    old = migrate_to_before_the_move()
    OldEvent = old.get_model("newsroom", "AuditEvent")
    OldContentType = old.get_model("contenttypes", "ContentType")
    group_type = OldContentType.objects.get(app_label="auth", model="group")
    editors = old.get_model("auth", "Group").objects.get(name="Editor")
    OldEvent.objects.create(
        actor_name="ada",
        action="role_change",
        content_type=group_type,
        object_id=str(editors.pk),
        target_repr="Editor",
        message="Granted permission articles.publish_article to the group",
    )
    assert editors.permissions.filter(
        content_type__app_label="newsroom", codename="view_auditevent"
    ).exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    event = AuditEvent.objects.get()
    assert (event.actor_name, event.target_repr, event.target) == (
        "ada",
        "Editor",
        Group.objects.get(name="Editor"),
    )
    assert not ContentType.objects.filter(app_label="newsroom").exists()
    editor_permissions = Group.objects.get(name="Editor").permissions
    assert editor_permissions.filter(
        content_type__app_label="audit", codename="view_auditevent"
    ).exists()


def test_the_trails_old_desk_address_leads_to_its_new_one(admin_client):
    response = admin_client.get("/admin/newsroom/auditevent/?action__exact=publish")

    assert response.status_code == 302
    assert response["Location"] == "/admin/audit/auditevent/?action__exact=publish"
