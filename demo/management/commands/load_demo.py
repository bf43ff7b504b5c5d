from django.core.management.base import BaseCommand

from demo.content import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: the Mila–AI Sweden story with its organizations, "
        "people, quotes and relationships, plus explainers. Safe to run again."
    )

    def handle(self, *args, **options):
        story = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: “{story.headline}” covers "
                f"{story.organizations.count()} organizations and {story.people.count()} "
                f"people, with {story.quotes.count()} quotes."
            )
        )
