"""
Restoring a backup into an empty database and media storage, after every
check has passed (see `backup`).
"""

import contextlib
import hashlib
import os
from collections import Counter, defaultdict
from pathlib import Path

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction

from backup.manifest import (
    CHUNK_SIZE,
    DATA_FILE,
    MEDIA_DIR,
    READ_SIZE,
    SEEDED_MODELS,
    BackupError,
    backed_up_models,
    local_path,
    migration_state,
    read_manifest,
    verify_backup,
)
from pagecache import versions


def check_migrations(manifest):
    """Refuse a backup whose schema differs from this database's."""
    here = migration_state()
    differences = [
        f"{app_label}: {name} in the backup, {here.get(app_label, 'not migrated')} here"
        for app_label, name in sorted(manifest["migrations"].items())
        if here.get(app_label) != name
    ]
    if differences:
        raise BackupError(
            "This database's migrations differ from the backup's; nothing was restored:\n  "
            + "\n  ".join(differences)
            + "\nRun the code the backup was made with, `manage.py migrate`, then import again."
        )


def check_empty_database():
    """Refuse a database that has content (what `migrate` seeds does not count)."""
    found = [
        model._meta.label_lower
        for model in backed_up_models()
        if model._meta.label_lower not in SEEDED_MODELS and model._base_manager.exists()
    ]
    if found:
        raise BackupError(
            "The database is not empty (it has rows in " + ", ".join(found) + "); nothing was "
            "restored. Restore into an empty database: create a new one, run "
            "`manage.py migrate`, then import_site."
        )


def _media_to_write(manifest):
    """The backup's files that storage lacks; refuses a different file under the same name."""
    to_write, conflicts = [], []
    for entry in manifest["files"]:
        name = entry["path"]
        if not default_storage.exists(name):
            to_write.append(entry)
            continue
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as stored:
            while chunk := stored.read(READ_SIZE):
                digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            conflicts.append(name)
    if conflicts:
        raise BackupError(
            "Media storage already has different files under the backup's names; nothing "
            "was restored. Restore into empty media storage, or remove:\n  "
            + "\n  ".join(conflicts)
        )
    return to_write


def import_site(directory, *, check_only=False):
    """
    Restore the backup in `directory` into this (empty) database and media
    storage; return its manifest. With `check_only`, only verify the backup.
    """
    directory = Path(directory)
    manifest = read_manifest(directory)
    if check_only:
        return verify_backup(directory)
    check_migrations(manifest)
    check_empty_database()
    verify_backup(directory)
    to_write = _media_to_write(manifest)
    written = []
    try:
        # Media first: a raw-loaded article keeps its lead image only if the file exists.
        for entry in to_write:
            _store(directory / MEDIA_DIR, entry["path"])
            written.append(entry["path"])
        with transaction.atomic():
            _load(directory / DATA_FILE, manifest["objects"])
    except BaseException as error:
        for name in written:
            with contextlib.suppress(Exception):
                default_storage.delete(name)
        if isinstance(error, DeserializationError | DatabaseError):
            raise BackupError(
                f"Loading {DATA_FILE} failed; nothing was restored: {error}"
            ) from error
        raise
    finally:
        ContentType.objects.clear_cache()
    versions.bump()
    return manifest


def _store(media, name):
    # O_NOFOLLOW: a link swapped in since the checks is refused, not followed.
    descriptor = os.open(local_path(media, name), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as source:
        stored = default_storage.save(name, File(source, name=name))
    if stored != name:
        default_storage.delete(stored)
        raise BackupError(f"Media storage renamed {name} to {stored}; nothing was restored.")


def _load(data_path, expected_counts):
    """Replace the seeded rows, then load every object and its m2m links as they were."""
    ContentType.objects.clear_cache()
    for label in SEEDED_MODELS:
        apps.get_model(label)._base_manager.all().delete()
    counts = Counter()
    loaded_models = set()
    links = defaultdict(list)  # auto-created m2m table: rows to insert
    with connection.constraint_checks_disabled(), open(data_path, encoding="utf-8") as stream:
        for item in serializers.deserialize("jsonl", stream):
            row = item.object
            # Model.save_base with raw=True, as loaddata: no save() override, no pre_save().
            models.Model.save_base(row, raw=True, force_insert=True)
            loaded_models.add(type(row))
            counts[row._meta.label_lower] += 1
            for name, related_pks in (item.m2m_data or {}).items():
                field = row._meta.get_field(name)
                through = field.remote_field.through
                source = through._meta.get_field(field.m2m_field_name()).attname
                target = through._meta.get_field(field.m2m_reverse_field_name()).attname
                pending = links[through]
                # Inserted directly: m2m_changed would record restored group
                # memberships as new role changes in the audit trail.
                pending += [through(**{source: row.pk, target: pk}) for pk in related_pks]
                if len(pending) >= CHUNK_SIZE:
                    through._base_manager.bulk_create(pending)
                    pending.clear()
        for through, pending in links.items():
            through._base_manager.bulk_create(pending)
    tables = [model._meta.db_table for model in (*loaded_models, *links)]
    connection.check_constraints(table_names=tables)
    expected = {label: count for label, count in expected_counts.items() if count}
    if dict(counts) != expected:
        differing = sorted(
            label
            for label in expected.keys() | counts.keys()
            if expected.get(label) != counts[label]
        )
        raise BackupError(
            f"{DATA_FILE} does not hold the objects the manifest counts ({', '.join(differing)}); "
            "nothing was restored."
        )
    # Rows came with their ids; PostgreSQL's sequences must move past them.
    statements = connection.ops.sequence_reset_sql(no_style(), loaded_models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    # Anything this code has that the backup's database lacked.
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
