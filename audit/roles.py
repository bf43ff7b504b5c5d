"""
Role changes, recorded by signals: a user's groups, permissions and staff,
superuser and active flags, and the permissions of groups. Wired up in
`AuditConfig.ready`; the actor is `audit.trail.current_actor()`.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_save, pre_save

from audit.models import AuditEvent
from audit.trail import current_actor, record

# Flags on the user model whose change is a change of role: (field, granted, revoked).
ROLE_FLAGS = [
    ("is_staff", "Granted staff status", "Revoked staff status"),
    ("is_superuser", "Granted superuser status", "Revoked superuser status"),
    ("is_active", "Reactivated the account", "Deactivated the account"),
]


def _record_role_change(user, message):
    record(current_actor(), AuditEvent.Action.ROLE_CHANGE, user, message)


def _flags_before_save(sender, instance, raw, update_fields, **kwargs):
    """Note which role flags this save changes (compared with the database)."""
    instance._audit_role_messages = []
    if raw:
        return
    flags = [flag for flag in ROLE_FLAGS if hasattr(instance, flag[0])]
    if update_fields is not None:
        # Logging in saves only last_login; no need to read the row back.
        flags = [flag for flag in flags if flag[0] in update_fields]
    if not flags:
        return
    if instance._state.adding:
        # A new account: only a flag set beyond the default grants anything.
        before = {name: instance._meta.get_field(name).get_default() for name, _, _ in flags}
    else:
        before = (
            sender._default_manager.filter(pk=instance.pk)
            .values(*(name for name, _, _ in flags))
            .first()
        )
        if before is None:
            return
    for name, granted, revoked in flags:
        now = getattr(instance, name)
        if now != before[name]:
            instance._audit_role_messages.append(granted if now else revoked)


def _flags_after_save(sender, instance, raw, **kwargs):
    for message in instance.__dict__.pop("_audit_role_messages", []):
        _record_role_change(instance, message)


def _membership_recorder(relation, added, removed, all_removed):
    """
    An m2m_changed receiver for one of the user's role relations (groups, permissions).

    `added` and `removed` format a message naming the related object; `all_removed`
    is the message when the user's side is cleared. Works from either side
    (user.groups.add(group) or group.user_set.add(user)) and records only
    links that really changed.
    """
    User = get_user_model()
    field = User._meta.get_field(relation)
    through = field.remote_field.through
    user_column = field.m2m_field_name()
    related_column = field.m2m_reverse_field_name()
    pending = f"_audit_pending_{relation}"

    def existing_links(instance, reverse, pk_set):
        """(user pk, related pk) pairs that exist now, for the objects the signal names."""
        links = through._default_manager.all()
        if reverse:
            links = links.filter(**{related_column: instance.pk})
            if pk_set is not None:
                links = links.filter(**{f"{user_column}__in": pk_set})
        else:
            links = links.filter(**{user_column: instance.pk})
            if pk_set is not None:
                links = links.filter(**{f"{related_column}__in": pk_set})
        return list(links.values_list(f"{user_column}_id", f"{related_column}_id"))

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action in ("pre_remove", "pre_clear"):
            setattr(instance, pending, existing_links(instance, reverse, pk_set))
            return
        if action == "post_add":
            if reverse:
                links = [(user_pk, instance.pk) for user_pk in pk_set]
            else:
                links = [(instance.pk, related_pk) for related_pk in pk_set]
            message = added
        elif action in ("post_remove", "post_clear"):
            links = instance.__dict__.pop(pending, [])
            message = removed
        else:
            return
        if not links:
            return
        if action == "post_clear" and not reverse:
            _record_role_change(instance, all_removed)
            return
        if reverse:
            users = User._default_manager.in_bulk({user_pk for user_pk, _ in links})
            related = {instance.pk: instance}
        else:
            users = {instance.pk: instance}
            related = field.related_model._default_manager.in_bulk({pk for _, pk in links})
        for user_pk, related_pk in sorted(links):
            _record_role_change(users[user_pk], message(related[related_pk]))

    return through, receiver


def _permission_label(permission):
    """“articles.publish_article”, as has_perm() spells it (content types come from cache)."""
    content_type = ContentType.objects.get_for_id(permission.content_type_id)
    return f"{content_type.app_label}.{permission.codename}"


def _group_permissions_recorder():
    """
    An m2m_changed receiver for groups' permissions: a role's permissions
    changing changes what everyone in it may do, so each grant and revocation
    is recorded against the group, from either side of the relation.
    """
    through = Group.permissions.through
    pending = "_audit_pending_group_permissions"

    def existing_links(instance, reverse, pk_set):
        """(group pk, permission pk) pairs that exist now, for the objects the signal names."""
        own, other = ("permission_id", "group_id") if reverse else ("group_id", "permission_id")
        links = through._default_manager.filter(**{own: instance.pk})
        if pk_set is not None:
            links = links.filter(**{f"{other}__in": pk_set})
        return list(links.values_list("group_id", "permission_id"))

    def receiver(sender, instance, action, reverse, pk_set, **kwargs):
        if action in ("pre_remove", "pre_clear"):
            setattr(instance, pending, existing_links(instance, reverse, pk_set))
            return
        if action == "post_add":
            links = [(pk, instance.pk) if reverse else (instance.pk, pk) for pk in pk_set]
            message = "Granted permission {} to the group"
        elif action in ("post_remove", "post_clear"):
            links = instance.__dict__.pop(pending, [])
            message = "Revoked permission {} from the group"
        else:
            return
        groups = Group.objects.in_bulk({group_pk for group_pk, _ in links})
        permissions = Permission.objects.in_bulk({permission_pk for _, permission_pk in links})
        for group_pk, permission_pk in sorted(links):
            if group_pk not in groups or permission_pk not in permissions:
                continue  # rows being loaded (a fixture, a test database), not a change of role
            label = _permission_label(permissions[permission_pk])
            record(
                current_actor(),
                AuditEvent.Action.ROLE_CHANGE,
                groups[group_pk],
                message.format(label),
            )

    return through, receiver


def connect_role_signals():
    """
    Record changes to users' groups, permissions and staff/superuser/active
    flags, and to the permissions of groups.
    """
    User = get_user_model()
    pre_save.connect(_flags_before_save, sender=User, dispatch_uid="audit_role_flags_before")
    post_save.connect(_flags_after_save, sender=User, dispatch_uid="audit_role_flags_after")
    recorders = {
        "groups": (
            lambda group: f"Added to group {group}",
            lambda group: f"Removed from group {group}",
            "Removed from all groups",
        ),
        "user_permissions": (
            lambda permission: f"Granted permission {_permission_label(permission)}",
            lambda permission: f"Revoked permission {_permission_label(permission)}",
            "Revoked all permissions",
        ),
    }
    through, receiver = _group_permissions_recorder()
    m2m_changed.connect(
        receiver, sender=through, weak=False, dispatch_uid="audit_group_permissions_changed"
    )
    for relation, messages in recorders.items():
        if not any(field.name == relation for field in User._meta.get_fields()):
            continue  # a custom user model without this relation
        through, receiver = _membership_recorder(relation, *messages)
        m2m_changed.connect(
            receiver, sender=through, weak=False, dispatch_uid=f"audit_{relation}_changed"
        )
