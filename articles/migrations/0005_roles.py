"""
The newsroom's roles, as groups with permissions (see docs/workflow.md, "Roles").

Permissions only exist after post_migrate, which runs after every
migration; they are created here first, from the models as they stood at
this migration, so a fresh database gets working roles in one `migrate`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Contributor": [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.add_quote",
        "articles.change_quote",
        "articles.delete_quote",
        "articles.view_quote",
        "articles.view_correction",
        "articles.view_section",
        "organizations.view_organization",
        "organizations.view_person",
        "taggit.add_tag",
        "taggit.view_tag",
    ],
    "Editor": [
        "articles.*",
        "organizations.*",
        "taggit.*",
        "newsroom.view_auditevent",
    ],
    "Profile manager": [
        "organizations.view_organization",
        "organizations.change_organization",
        "organizations.view_person",
        "organizations.add_affiliation",
        "organizations.change_affiliation",
        "organizations.delete_affiliation",
        "organizations.view_affiliation",
        "organizations.add_relationship",
        "organizations.change_relationship",
        "organizations.delete_relationship",
        "organizations.view_relationship",
    ],
    "Administrator": [
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.delete_group",
        "auth.view_group",
        "auth.view_permission",
        "newsroom.view_auditevent",
    ],
}


def permissions_for(Permission, names):
    chosen = Permission.objects.none()
    for name in names:
        app_label, codename = name.split(".")
        matching = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            matching = matching.filter(codename=codename)
        chosen = chosen | matching
    return chosen


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permission_names in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(Permission, permission_names))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_workflow"),
        ("organizations", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("newsroom", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
