"""
Backup and restore: `export_site DIR`, then `import_site DIR` into an empty database.

Transactional tests, because a restore is tried on a flushed database; with
serialized rollback, so tests that run later still find the role groups and
permissions that migrations create.
"""

import datetime
import hashlib
import importlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image
from reversion.models import Version
from taggit.models import TaggedItem

from articles.models import Article
from audit.models import AuditEvent
from audit.trail import acting_as, record
from backup.manifest import (
    DATA_FILE,
    EXCLUDED_APPS,
    FORMAT_VERSION,
    MANIFEST_FILE,
    file_digest,
    verify_backup,
    write_manifest,
)
from pagecache.versions import content_version
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrectionFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Microseconds included: Django's own JSON encoder would round this to milliseconds.
PUBLISHED_AT = datetime.datetime(2026, 3, 1, 9, 0, 0, 123456, tzinfo=datetime.UTC)


def image(fmt, color, size=(320, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def export(directory, *args):
    out = io.StringIO()
    call_command("export_site", str(directory), *args, stdout=out, stderr=out)
    return out.getvalue()


def restore(directory, *args):
    out = io.StringIO()
    call_command("import_site", str(directory), *args, stdout=out)
    return out.getvalue()


def site_rows():
    """Every row of every table, comparable across databases (m2m links without their own ids)."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.app_label in EXCLUDED_APPS:
            continue
        values = list(model._base_manager.order_by("pk").values())
        if opts.auto_created:
            values = sorted(sorted((k, v) for k, v in row.items() if k != "id") for row in values)
        rows[opts.label_lower] = values
    return rows


def media_checksums(root):
    """{path under MEDIA_ROOT: sha256} for every stored file."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def empty_the_site(media_root):
    """What a new deployment has: a freshly migrated database and empty media storage."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root, ignore_errors=True)
    # Content types and permissions get other ids than the old site's, as they may
    # on any new database; the restore has to carry the old ids over.
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    for app_config in reversed(apps.get_app_configs()):
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    roles = importlib.import_module("articles.migrations.0005_roles")
    for name, permission_names in roles.ROLES.items():
        group = Group.objects.create(name=name)
        group.permissions.set(roles.permissions_for(Permission, permission_names))
    # The migration does this with historical models, which the audit trail
    # does not listen to; a new database has no audit events.
    AuditEvent.objects.all().delete()


@pytest.fixture
def backup_dir(tmp_path):
    return tmp_path / "backup"


@pytest.fixture
def rich_site():
    """The demo newsroom plus one of everything else a backup must carry."""
    call_command("load_demo", stdout=io.StringIO())
    editor = UserFactory(username="night-editor", staff=True)
    with acting_as(editor):
        editor.groups.add(Group.objects.get(name="Editor"))  # also an audit event
    editor.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    organization = OrganizationFactory(logo=ContentFile(image("PNG", "navy"), name="logo.png"))
    person = PersonFactory(photo=ContentFile(image("JPEG", "teal"), name="portrait.jpg"))
    with reversion.create_revision():
        reversion.set_user(editor)
        article = ArticleFactory(
            slug="backups-explained",
            headline="Backups, explained",
            status=Article.Status.PUBLISHED,
            published_at=PUBLISHED_AT,
            lead_image=ContentFile(image("JPEG", "orange"), name="lead.jpg"),
            lead_image_alt="An orange square",
        )
        article.tags.add("Operations", "Archives")
    article.organizations.add(organization)
    BylineFactory(article=article, person=person)
    QuoteFactory(article=article, speaker=person, speaker_organization=organization)
    CorrectionFactory(article=article)
    record(editor, AuditEvent.Action.PUBLISH, article, "Published at 09:00")
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=str(article),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Headline"]}}]',
    )
    return article


@pytest.fixture
def small_site():
    return ArticleFactory(
        published=True, lead_image=ContentFile(image("JPEG", "orange"), name="lead.jpg")
    )


@pytest.fixture
def exported(small_site, backup_dir, media_root):
    """A backup of a small site, and the site emptied as a new deployment would be."""
    export(backup_dir)
    empty_the_site(media_root)
    return backup_dir


def manifest_of(directory):
    return json.loads((directory / MANIFEST_FILE).read_text())


def assert_nothing_restored(media_root):
    assert not Article.objects.exists()
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()
    assert media_checksums(media_root) == {}


class TestRoundTrip:
    def test_restore_into_an_empty_database_brings_back_every_object_and_file(
        self, rich_site, backup_dir, media_root, client
    ):
        rows_before = site_rows()
        files_before = media_checksums(media_root)
        assert len(files_before) > 20, "the demo's, the logo's and the portrait's renditions"

        export(backup_dir)
        empty_the_site(media_root)
        version_before = content_version()
        assert site_rows() != rows_before
        assert media_checksums(media_root) == {}

        output = restore(backup_dir)

        assert site_rows() == rows_before
        assert media_checksums(media_root) == files_before
        assert "Restored" in output
        assert content_version() != version_before, "cached pages must be stale"

        article = Article.objects.get(slug="backups-explained")
        assert article.published_at == PUBLISHED_AT
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert default_storage.url(article.lead_image_renditions["natural"][0]["webp"]) in (
            page.content.decode()
        )

    def test_restored_revision_brings_back_the_tags_it_recorded(
        self, rich_site, backup_dir, media_root
    ):
        # Stored versions hold content type ids inside their own JSON, and the
        # new database numbered its content types differently.
        tagged_item_type = ContentType.objects.get_for_model(TaggedItem).pk
        export(backup_dir)
        empty_the_site(media_root)
        assert ContentType.objects.get_for_model(TaggedItem).pk != tagged_item_type
        restore(backup_dir)

        article = Article.objects.get(slug="backups-explained")
        article.tags.clear()
        Version.objects.get_for_object(article).first().revision.revert()

        assert set(article.tags.names()) == {"Operations", "Archives"}

    def test_objects_created_after_a_restore_get_fresh_ids(self, rich_site, backup_dir, media_root):
        highest_article = Article.objects.order_by("-pk").first().pk
        highest_user = User.objects.order_by("-pk").first().pk
        export(backup_dir)
        empty_the_site(media_root)
        restore(backup_dir)

        assert ArticleFactory().pk > highest_article
        assert UserFactory().pk > highest_user

    def test_restore_records_no_new_audit_events(self, rich_site, backup_dir, media_root):
        events = list(AuditEvent.objects.values_list("pk", "action", "message"))
        export(backup_dir)
        empty_the_site(media_root)
        restore(backup_dir)

        assert list(AuditEvent.objects.values_list("pk", "action", "message")) == events


class TestExport:
    def test_manifest_lists_every_file_with_its_checksum_and_counts_objects(
        self, small_site, backup_dir, media_root
    ):
        export(backup_dir)

        manifest = manifest_of(backup_dir)
        stored = media_checksums(media_root)
        assert {entry["path"]: entry["sha256"] for entry in manifest["files"]} == stored
        assert manifest["objects"]["articles.article"] == 1
        assert manifest["migrations"]["articles"] >= "0008"
        assert manifest["version"] == FORMAT_VERSION

    def test_refuses_a_directory_that_is_not_empty(self, small_site, backup_dir):
        backup_dir.mkdir()
        (backup_dir / "notes.txt").write_text("keep me")

        with pytest.raises(CommandError, match="not empty"):
            export(backup_dir)

        assert sorted(path.name for path in backup_dir.iterdir()) == ["notes.txt"]

    def test_force_replaces_an_earlier_backup_but_never_other_files(self, small_site, backup_dir):
        export(backup_dir)
        export(backup_dir, "--force")
        verify_backup(backup_dir)

        (backup_dir / "notes.txt").write_text("keep me")
        with pytest.raises(CommandError, match=r"not part of a backup \(notes.txt\)"):
            export(backup_dir, "--force")
        assert (backup_dir / "notes.txt").read_text() == "keep me"
        assert (backup_dir / MANIFEST_FILE).exists()

    def test_a_file_missing_from_storage_is_reported(self, small_site, backup_dir):
        default_storage.delete(small_site.lead_image.name)

        output = export(backup_dir)

        assert f"not backed up: {small_site.lead_image.name}" in output
        assert manifest_of(backup_dir)["missing_files"] == [small_site.lead_image.name]


class TestImportRefuses:
    def test_a_database_that_has_content(self, small_site, backup_dir):
        export(backup_dir)

        with pytest.raises(CommandError, match=r"not empty.*articles\.article"):
            restore(backup_dir)

        assert list(Article.objects.values_list("pk", flat=True)) == [small_site.pk]

    def test_a_changed_media_file_before_writing_anything(self, exported, media_root):
        name = manifest_of(exported)["files"][0]["path"]
        (exported / "media" / name).write_bytes(b"not the image")

        with pytest.raises(CommandError, match=f"media/{re.escape(name)}: 13 bytes"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_corrupted_media_file_of_the_same_size(self, exported, media_root):
        name = manifest_of(exported)["files"][-1]["path"]
        path = exported / "media" / name
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))

        with pytest.raises(CommandError, match=f"media/{re.escape(name)}: checksum does not match"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_missing_media_file(self, exported, media_root):
        name = manifest_of(exported)["files"][0]["path"]
        (exported / "media" / name).unlink()

        with pytest.raises(CommandError, match=f"media/{re.escape(name)}: missing"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_changed_data_file(self, exported, media_root):
        with (exported / DATA_FILE).open("a") as data:
            data.write('{"model": "auth.user", "pk": 99, "fields": {"username": "intruder"}}\n')

        with pytest.raises(CommandError, match=r"(?s)damaged.*data\.jsonl"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_missing_manifest(self, exported, media_root):
        (exported / MANIFEST_FILE).unlink()

        with pytest.raises(CommandError, match=r"manifest\.json is missing"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_backup_from_another_migration_state(self, exported, media_root):
        manifest = manifest_of(exported)
        manifest["migrations"]["articles"] = "0001_initial"
        write_manifest(exported, manifest)

        with pytest.raises(CommandError, match="articles: 0001_initial in the backup"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_file_name_that_leaves_the_backup(self, exported, media_root, tmp_path):
        manifest = manifest_of(exported)
        manifest["files"][0]["path"] = "../../outside.jpg"
        write_manifest(exported, manifest)

        with pytest.raises(CommandError, match="unsafe file name"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_different_file_already_in_storage_under_a_backup_name(self, exported, media_root):
        name = manifest_of(exported)["files"][0]["path"]
        default_storage.save(name, ContentFile(b"someone else's file"))

        with pytest.raises(CommandError, match=f"(?s)different files.*{re.escape(name)}"):
            restore(exported)

        assert not Article.objects.exists()
        assert list(media_checksums(media_root)) == [name]

    def test_rows_changed_and_checksums_recomputed_without_the_key(self, exported, media_root):
        """An intruder adds a superuser and fixes up every checksum, but cannot sign."""
        data = exported / DATA_FILE
        with data.open("a") as stream:
            stream.write(
                json.dumps(
                    {
                        "model": "auth.user",
                        "pk": 999,
                        "fields": {"username": "intruder", "is_superuser": True, "password": ""},
                    }
                )
                + "\n"
            )
        manifest = manifest_of(exported)
        digest, size = file_digest(data)
        manifest["data"].update(sha256=digest, size=size)
        manifest["objects"]["auth.user"] += 1
        (exported / MANIFEST_FILE).write_text(json.dumps(manifest))

        with pytest.raises(CommandError, match="signature does not match"):
            restore(exported)

        assert_nothing_restored(media_root)
        assert not User.objects.filter(username="intruder").exists()

    def test_a_backup_signed_with_another_key(self, exported, media_root, settings):
        settings.BACKUP_SIGNING_KEY = "the restoring host's own key"

        with pytest.raises(CommandError, match="another BACKUP_SIGNING_KEY"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_an_unsigned_backup(self, exported, media_root):
        manifest = manifest_of(exported)
        del manifest["signature"]
        (exported / MANIFEST_FILE).write_text(json.dumps(manifest))

        with pytest.raises(CommandError, match="not signed"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_symbolic_link_among_the_media_files_is_never_followed(
        self, exported, media_root, tmp_path
    ):
        secret = tmp_path / "host-secret.txt"
        secret.write_text("the restoring host's private file")
        name = manifest_of(exported)["files"][0]["path"]
        linked = exported / "media" / name
        linked.unlink()
        linked.symlink_to(secret)

        with pytest.raises(CommandError, match=f"{re.escape(name)}: not a plain file"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_a_linked_media_folder_is_refused(self, exported, media_root, tmp_path):
        elsewhere = tmp_path / "elsewhere"
        media = exported / "media"
        media.rename(elsewhere)
        media.symlink_to(elsewhere, target_is_directory=True)

        with pytest.raises(CommandError, match="media: not a plain file"):
            restore(exported)

        assert_nothing_restored(media_root)

    def test_from_the_command_line_with_a_non_zero_exit(self, tmp_path):
        result = subprocess.run(
            [sys.executable, "manage.py", "import_site", str(tmp_path / "no-backup")],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )

        assert result.returncode != 0
        assert "CommandError" in result.stderr
        assert "is not a directory" in result.stderr


def test_check_verifies_a_backup_without_writing_anything(exported, media_root):
    output = restore(exported, "--check")

    assert "complete" in output
    assert_nothing_restored(media_root)
