from django.core.management.base import BaseCommand, CommandError

from backup.export import export_site
from backup.manifest import BackupError


class Command(BaseCommand):
    help = (
        "Back up the whole site into DIR: every row (data.jsonl), every file rows refer to "
        "(media/) and a manifest of checksums. Restore it with import_site. "
        "See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty directory.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an earlier backup in DIR (never deletes files a backup did not write).",
        )

    def handle(self, *args, directory, force=False, **options):
        try:
            manifest = export_site(directory, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in manifest["missing_files"]:
            self.stderr.write(
                self.style.WARNING(f"Missing from media storage, not backed up: {name}")
            )
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(manifest['objects'].values())} objects and "
                f"{len(manifest['files'])} files ({size / 1_000_000:.1f} MB) to {directory}."
            )
        )
