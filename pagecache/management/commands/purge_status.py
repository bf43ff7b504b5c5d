import datetime

from django.core.management.base import BaseCommand, CommandError

from pagecache.status import purge_status


class Command(BaseCommand):
    help = (
        "Which edges (Varnish, Fastly, Cloudflare) are told to purge, how many purges wait, "
        "and the ones given up on lately. Exits non-zero when one failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="How far back (default 24).")

    def handle(self, *args, hours=24, **options):
        status = purge_status(datetime.timedelta(hours=hours))
        edges = ", ".join(status["edges"]) or "none (only the app's own page cache)"
        self.stdout.write(f"Edges purged: {edges}")
        self.stdout.write(f"Purges waiting or retrying: {status['waiting']}")
        if not status["failed"]:
            self.stdout.write(self.style.SUCCESS(f"No purge failed in the last {hours} h."))
            return
        for when, edge, error in status["failed"]:
            self.stdout.write(f"{when:%Y-%m-%d %H:%M} {edge}: {error}")
        raise CommandError(
            f"{len(status['failed'])} purge(s) failed for good in the last {hours} h: those "
            "pages stayed stale at the edge for up to CDN_MAX_AGE."
        )
