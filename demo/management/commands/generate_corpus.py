from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.corpus import generate
from pagecache.versions import bump


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic archive for benchmarks: sections, "
        "organizations, people, tags, topic clusters, articles and quotes. "
        "Deterministic for a seed. Use a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, seed, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        summary = generate(articles=articles, seed=seed, stream=self.stderr)
        bump()  # bulk inserts send no signals; cached pages must not outlive them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, so the planner picks the indexes
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{count} {name}" for name, count in summary.items()))
        )
