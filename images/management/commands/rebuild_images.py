from django.core.management.base import BaseCommand

from images import housekeeping


class Command(BaseCommand):
    help = (
        "Make the clean original and renditions of every image that lacks them: files "
        "uploaded before the image pipeline, or made by an older version of it. Safe to "
        "run again; images that are up to date are left alone."
    )

    def handle(self, *args, **options):
        rebuilt = 0
        for field in housekeeping.all_image_fields():
            rows = field.model._base_manager.exclude(**{field.attname: ""}).order_by("pk")
            for instance in rows.iterator():
                label = f"{field.model.__name__} {instance.pk} ({field.name})"
                try:
                    changed = housekeeping.rebuild(field, instance)
                except Exception as error:  # one bad file should not stop the others
                    self.stderr.write(f"{label}: {error}")
                    continue
                if changed:
                    rebuilt += 1
                    self.stdout.write(f"Rebuilt {label}")
        self.stdout.write(self.style.SUCCESS(f"{rebuilt} image(s) rebuilt."))
