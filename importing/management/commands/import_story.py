from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.models import Section
from importing import drafting
from importing.formats import read_story_file
from importing.reading import StoryImportError, check_size, max_bytes


class Command(BaseCommand):
    help = (
        "Import stories as drafts from files: plain text (.txt), saved web pages (.html, "
        ".htm), Word documents (.docx) or emails (.eml, or the release attached to one). "
        "Each draft gets its headline, dateline, dek, body, quotes with their speakers, and "
        "the organizations and people the directory knows. "
        "Nothing is published. The same text is never imported twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="A .txt, .html, .htm, .docx or .eml file, one story.",
        )
        parser.add_argument(
            "--author",
            metavar="USERNAME",
            help="The desk account the drafts are created by (they can then edit them).",
        )
        parser.add_argument(
            "--section",
            metavar="SLUG",
            help="The section the drafts go in (default: news, else the first section).",
        )
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Printed before each draft's admin address.",
        )

    def handle(self, *args, files, author, section, site_url, **options):
        user = self._user(author)
        section = self._section(section)
        limit = max_bytes()
        failures = []
        for name in files:
            try:
                self._import(Path(name), user, section, limit, site_url.rstrip("/"))
            except StoryImportError as error:
                failures.append(f"{name}: {error}")
        if failures:
            count = len(failures)
            raise CommandError(
                f"{count} of {len(files)} file(s) not imported:\n" + "\n".join(failures)
            )

    def _user(self, username):
        if not username:
            return None
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account named “{username}”.") from None

    def _section(self, slug):
        if not slug:
            return drafting.default_section()
        try:
            return Section.objects.get(slug=slug)
        except Section.DoesNotExist:
            slugs = ", ".join(Section.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No section “{slug}” (sections: {slugs}).") from None

    def _import(self, path, user, section, limit, site_url):
        if not path.is_file():
            raise StoryImportError("No such file." if not path.exists() else "Not a file.")
        check_size(path.stat().st_size, limit)  # before reading it
        try:
            data = path.read_bytes()
        except OSError as error:
            raise StoryImportError(f"The file cannot be read ({error.strerror}).") from error
        review = drafting.review_story(read_story_file(path.name, data, limit))
        if review.duplicate is not None:
            raise drafting.DuplicateImport(review.duplicate)
        saved = drafting.save_draft(review, section=section, user=user)
        article = saved.article
        address = reverse("admin:articles_article_change", args=[article.pk])
        self.stdout.write(self.style.SUCCESS(f"{path}: draft “{article.headline}” created."))
        self.stdout.write(f"  Edit it at {site_url}{address}")
        for line in summary(review):
            self.stdout.write(f"  {line}")
        if saved.new_people:
            names = ", ".join(person.name for person in saved.new_people)
            self.stdout.write(f"  New people, flagged for review: {names}")


def summary(review):
    """What was recognized, as lines of plain text (for the command's output)."""
    story = review.story
    lines = [f"Headline: {story.headline}"]
    language = dict(settings.LANGUAGES).get(story.language, story.language)
    if not story.language_detected:
        language += " (the text does not say clearly: the default)"
    lines.append(f"Language: {language}")
    if story.dateline:
        lines.append(f"Dateline: {story.dateline}")
    if story.date:
        lines.append(f"Release date: {story.date.isoformat()}")
    if story.dek:
        lines.append(f"Dek: {story.dek}")
    lines.append(f"Paragraphs: {len(story.paragraphs)}")
    for match in review.quotes:
        who = match.quote.speaker if match.speaker else f"{match.quote.speaker} (new, to review)"
        where = match.organization.name if match.organization else match.quote.organization
        attribution = ", ".join(part for part in (match.quote.title, where) if part)
        lines.append(f"Quote: {who}" + (f" — {attribution}" if attribution else ""))
    if review.organizations:
        names = ", ".join(m.organization.name for m in review.organizations)
        lines.append(f"Organizations: {names}")
    if review.people:
        lines.append(f"People: {', '.join(m.person.name for m in review.people)}")
    if review.proposals:
        names = "; ".join(p.name for p in review.proposals)
        lines.append(f"Not in the directory, not linked (add them if they are right): {names}")
    if story.source_name or story.source_url:
        lines.append(f"Source: {' '.join(filter(None, (story.source_name, story.source_url)))}")
    return lines
