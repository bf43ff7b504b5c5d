"""
Writing a backup: every row and every file rows refer to, into a directory,
with a signed manifest written last (see `backup`).
"""

import contextlib
import datetime
import hashlib
import shutil
from pathlib import Path

import django
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from backup.manifest import (
    BACKUP_ENTRIES,
    CHUNK_SIZE,
    DATA_FILE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_FILE,
    MEDIA_DIR,
    READ_SIZE,
    BackupError,
    backed_up_models,
    file_digest,
    local_path,
    migration_state,
    write_manifest,
)
from images import housekeeping


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder rounds times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def export_site(directory, *, force=False):
    """Write a backup of the database and media to `directory`; return its manifest."""
    directory = Path(directory)
    _prepare_directory(directory, force)
    with _snapshot():
        counts = {}
        with open(directory / DATA_FILE, "w", encoding="utf-8") as stream:
            serializers.serialize(
                "jsonl", _all_objects(counts), stream=stream, cls=ExactJSONEncoder
            )
        files, missing = _copy_media(directory / MEDIA_DIR)
        migrations = migration_state()
    data_digest, data_size = file_digest(directory / DATA_FILE)
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "django": django.get_version(),
        "database": connection.vendor,
        "migrations": migrations,
        "data": {"path": DATA_FILE, "sha256": data_digest, "size": data_size},
        "objects": counts,
        "files": files,
        "missing_files": missing,
    }
    # Written last, then renamed into place: a manifest means the export finished.
    return write_manifest(directory, manifest)


def _prepare_directory(directory, force):
    if directory.exists() and not directory.is_dir():
        raise BackupError(f"{directory} is a file; give a directory for the backup.")
    directory.mkdir(parents=True, exist_ok=True)
    entries = {entry.name for entry in directory.iterdir()}
    if not entries:
        return
    if not force:
        raise BackupError(
            f"{directory} is not empty. Export into a new or empty directory "
            "(or pass --force to replace an earlier backup there)."
        )
    foreign = sorted(entries - BACKUP_ENTRIES)
    if foreign:
        raise BackupError(
            f"{directory} holds files that are not part of a backup ({', '.join(foreign)}); "
            "--force only replaces an earlier backup. Choose another directory."
        )
    # The manifest goes first, so an interrupted export never looks finished.
    (directory / MANIFEST_FILE).unlink(missing_ok=True)
    (directory / DATA_FILE).unlink(missing_ok=True)
    shutil.rmtree(directory / MEDIA_DIR, ignore_errors=True)


@contextlib.contextmanager
def _snapshot():
    """One consistent view of the database for the whole export, while the site keeps running."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _all_objects(counts):
    """Every row of every backed-up model, table by table, fetched in chunks."""
    for model in backed_up_models():
        label = model._meta.label_lower
        counts[label] = 0
        many_to_many = [
            field.name
            for field in model._meta.local_many_to_many
            if field.serialize and field.remote_field.through._meta.auto_created
        ]
        rows = model._base_manager.order_by("pk").prefetch_related(*many_to_many)
        for row in rows.iterator(chunk_size=CHUNK_SIZE):
            counts[label] += 1
            yield row


def files_to_back_up():
    """The storage names of every file a row refers to, renditions included, sorted."""
    names = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names |= housekeeping.files_in_use(field)
    return sorted(names)


def _copy_media(target):
    """Copy every referenced file into `target`; ([{path, sha256, size}], [missing names])."""
    files, missing = [], []
    for name in files_to_back_up():
        destination = local_path(target, name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        try:
            with default_storage.open(name, "rb") as source, open(destination, "wb") as copy:
                while chunk := source.read(READ_SIZE):
                    digest.update(chunk)
                    size += len(chunk)
                    copy.write(chunk)
        except FileNotFoundError:
            destination.unlink(missing_ok=True)
            missing.append(name)
            continue
        files.append({"path": name, "sha256": digest.hexdigest(), "size": size})
    return files, missing
