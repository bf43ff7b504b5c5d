from django.core.management.base import BaseCommand, CommandError

from backup.manifest import BackupError
from backup.restore import import_site


class Command(BaseCommand):
    help = (
        "Restore a backup made by export_site into an empty, migrated database. Every "
        "checksum is verified before anything is written. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by export_site.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify the backup's files against its manifest; write nothing.",
        )

    def handle(self, *args, directory, check=False, **options):
        try:
            manifest = import_site(directory, check_only=check)
        except BackupError as error:
            raise CommandError(str(error)) from error
        objects = sum(manifest["objects"].values())
        files = len(manifest["files"])
        if check:
            message = f"The backup in {directory} is complete: {objects} objects, {files} files."
        else:
            message = (
                f"Restored {objects} objects and {files} files from {directory} "
                f"(backed up {manifest.get('created_at', 'at an unknown time')})."
            )
        self.stdout.write(self.style.SUCCESS(message))
