"""
A backup's manifest and files: what a backup directory holds, signing and
checking the manifest, and checking every file against it. No database
writes; `backup.export` and `backup.restore` build on it.
"""

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

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


def local_path(root, name):
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
            local = local_path(directory / MEDIA_DIR, name)
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
