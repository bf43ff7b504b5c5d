"""
Backing up the whole site to a directory, and restoring it into an empty database.

`export_site(directory)` writes:

- `data.jsonl`: every row of every model but sessions and login attempts
  (Django's JSON Lines serialization, one object a line, written and read
  as a stream), primary keys included;
- `media/`: a copy of every file a row refers to (an image field's file and
  the renditions its manifest lists), read through the default storage, so
  it works the same with the filesystem and S3;
- `manifest.json`, written last: the format version, the object count per
  model, the latest applied migration per app, and the size and SHA-256 of
  `data.jsonl` and of every media file, signed with an HMAC-SHA256 keyed by
  BACKUP_SIGNING_KEY. A directory without one is an export that did not
  finish.

The signature is what makes the checksums worth trusting: whoever changes a
row (adds a superuser, say) and recomputes the checksums still cannot sign
the manifest without the key, so the restore refuses the archive.

Primary keys are kept, content types and permissions included: audit events,
admin history and tags point at objects by (content type id, object id), and
django-reversion's stored versions embed those ids in their own JSON, so
natural keys alone could not carry them across. The restore therefore
replaces what `migrate` seeds in a new database (content types, permissions,
the role groups) with the backup's rows.

`import_site(directory)` checks everything before writing anything: the
manifest's signature, that the backup holds only plain files and folders (a
symbolic link, a device or a pipe is refused, never followed), every
checksum, the migration state, that the database has no content and that
media storage holds no different file under a backup's name. It then writes
the media files, loads the rows in one transaction (raw saves: no model
`save()`, no image processing, timestamps kept), resets PostgreSQL's
sequences so new rows get fresh ids, and starts a new page-cache content
version. Media written by a restore that fails are deleted again.

See docs/operations.md, "Backup and restore".
"""

import contextlib
import datetime
import hashlib
import hmac
import json
import os
import shutil
import stat
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from images import housekeeping
from pagecache import versions

FORMAT = "newsroom-site-backup"
# Version 2 signs the manifest; version 1 archives were unsigned and are refused.
FORMAT_VERSION = 2
SIGNATURE_ALGORITHM = "hmac-sha256"
MANIFEST_FILE = "manifest.json"
DATA_FILE = "data.jsonl"
MEDIA_DIR = "media"
BACKUP_ENTRIES = {MANIFEST_FILE, DATA_FILE, MEDIA_DIR}

# Not content but short-lived security state: restoring sessions would sign
# people back in, and django-axes' login attempts would lock them out.
EXCLUDED_APPS = {"sessions", "axes"}
# Rows `migrate` creates in a new database; a restore replaces them with the backup's.
SEEDED_MODELS = ("auth.group", "auth.permission", "contenttypes.contenttype")

CHUNK_SIZE = 1000
READ_SIZE = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why and what to do."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder rounds times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models():
    """Every model whose rows a backup holds (auto-created m2m tables travel with their model)."""
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed or opts.swapped or opts.app_label in EXCLUDED_APPS:
            continue
        yield model


def migration_state():
    """{app label: name of its latest applied migration}."""
    latest = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        latest[app_label] = max(name, latest.get(app_label, name))
    return dict(sorted(latest.items()))


def _signing_key():
    key = settings.BACKUP_SIGNING_KEY
    if not key:
        raise BackupError("BACKUP_SIGNING_KEY is empty; set it to sign and check backups.")
    return key.encode()


def signature(manifest):
    """The HMAC-SHA256 of everything in the manifest but its signature, as hex."""
    unsigned = {key: value for key, value in manifest.items() if key != "signature"}
    canonical = json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(_signing_key(), canonical.encode(), hashlib.sha256).hexdigest()


def write_manifest(directory, manifest):
    """Sign `manifest` and write it, via a temporary name, as the backup's manifest."""
    manifest = {**manifest, "signature": {"algorithm": SIGNATURE_ALGORITHM}}
    manifest["signature"]["value"] = signature(manifest)
    partial = Path(directory) / f"{MANIFEST_FILE}.partial"
    partial.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, Path(directory) / MANIFEST_FILE)
    return manifest


def file_digest(path):
    """(sha256 hex digest, size in bytes) of a local file."""
    with open(path, "rb") as stream:
        digest = hashlib.file_digest(stream, "sha256")
    return digest.hexdigest(), os.path.getsize(path)


# Export ----------------------------------------------------------------------------------------


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


def referenced_files():
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
    for name in referenced_files():
        destination = _local_path(target, name)
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


def _local_path(root, name):
    """Where storage name `name` lives under `root`; refuses names that would leave it."""
    parts = PurePosixPath(name).parts
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or PurePosixPath(name).is_absolute()
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise BackupError(f"Refusing the unsafe file name {name!r}.")
    return Path(root, *parts)


# Import ----------------------------------------------------------------------------------------


def read_manifest(directory):
    """The backup's manifest, checked for format and shape."""
    path = Path(directory) / MANIFEST_FILE
    if not Path(directory).is_dir():
        raise BackupError(f"{directory} is not a directory.")
    if path.is_symlink():
        raise BackupError(f"{path} is a symbolic link; nothing was restored.")
    if not path.is_file():
        raise BackupError(
            f"{path} is missing: this is not a finished backup (an export writes its "
            "manifest last). Nothing was restored."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not valid JSON ({error}). Nothing was restored.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Newsroom backup manifest. Nothing was restored.")
    if manifest.get("version") == 1:
        raise BackupError(
            f"{path} is an unsigned backup (format version 1), which cannot be told apart "
            "from a tampered one. Nothing was restored. Make a new backup with this code."
        )
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is format version {manifest.get('version')}; this code reads version "
            f"{FORMAT_VERSION}. Restore with the code the backup was made with."
        )
    for key, kind in (("migrations", dict), ("data", dict), ("objects", dict), ("files", list)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"{path} has no valid {key!r} entry. Nothing was restored.")
    check_signature(path, manifest)
    return manifest


def check_signature(path, manifest):
    """Refuse a manifest that is unsigned or whose signature the key does not confirm."""
    signed = manifest.get("signature")
    if not isinstance(signed, dict) or not isinstance(signed.get("value"), str):
        raise BackupError(f"{path} is not signed. Nothing was restored.")
    if signed.get("algorithm") != SIGNATURE_ALGORITHM or not hmac.compare_digest(
        signed["value"], signature(manifest)
    ):
        raise BackupError(
            f"{path}: the signature does not match. The backup was changed after it was "
            "made, or signed with another BACKUP_SIGNING_KEY. Nothing was restored."
        )


def special_files(directory):
    """
    Everything in the backup that is not a plain file or folder (symbolic
    links, devices, pipes, sockets), relative to it. Links are not followed.
    """
    found = []
    for root, folders, files in os.walk(directory, followlinks=False):
        for name in folders + files:
            mode = os.lstat(os.path.join(root, name)).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append(os.path.relpath(os.path.join(root, name), directory))
    return sorted(found)


def verify_backup(directory):
    """
    Check every file of the backup against its manifest (checksums, sizes,
    safe names) without touching the database or storage; return the manifest.
    """
    directory = Path(directory)
    manifest = read_manifest(directory)
    problems = [
        f"{name}: not a plain file (a symbolic link, device or pipe is never restored)"
        for name in special_files(directory)
    ]
    data = manifest["data"]
    if data.get("path") != DATA_FILE:
        problems.append(f"{data.get('path')}: not the data file this format uses ({DATA_FILE})")
    else:
        problems += _check_file(directory / DATA_FILE, DATA_FILE, data)
    for entry in manifest["files"]:
        name = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            problems.append(f"manifest entry {entry!r}: no file path")
            continue
        try:
            local = _local_path(directory / MEDIA_DIR, name)
        except BackupError as error:
            problems.append(str(error))
            continue
        problems += _check_file(local, f"{MEDIA_DIR}/{name}", entry)
    if problems:
        raise BackupError(
            f"The backup in {directory} is damaged; nothing was restored:\n  "
            + "\n  ".join(problems)
        )
    return manifest


def _check_file(path, shown_as, expected):
    if path.is_symlink():
        return []  # already reported by special_files()
    if not path.is_file():
        return [f"{shown_as}: missing"]
    digest, size = file_digest(path)
    if size != expected.get("size"):
        return [f"{shown_as}: {size} bytes, the manifest says {expected.get('size')}"]
    if digest != expected.get("sha256"):
        return [f"{shown_as}: checksum does not match the manifest"]
    return []


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
    descriptor = os.open(_local_path(media, name), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
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
