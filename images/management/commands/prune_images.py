import datetime

from django.core.management.base import BaseCommand

from images import housekeeping


class Command(BaseCommand):
    help = (
        "Delete image files that no row refers to: what a request that failed half-way "
        "left behind. Files younger than --min-age minutes are kept, as an upload may "
        "still be saving them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing.")
        parser.add_argument("--min-age", type=int, default=60, help="Minutes (default 60).")

    def handle(self, *args, dry_run=False, min_age=60, **options):
        count = 0
        for field in housekeeping.all_image_fields():
            for name in housekeeping.orphans(field, min_age=datetime.timedelta(minutes=min_age)):
                count += 1
                self.stdout.write(("Would delete " if dry_run else "Deleted ") + name)
                if not dry_run:
                    field.storage.delete(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(self.style.SUCCESS(f"{count} orphaned file(s) {verb}."))
