"""
A parsed story (`importing.layout`) matched against the directory and saved as a draft.

`review_story()` looks up the organizations and people the text names and
returns a `Review`: what was recognized, each item with a key the editor's
review form can tick or untick. `save_draft()` writes the draft article,
its quotes (as the editor corrected them, see `importing.corrections`), its
links and any new people and organizations, all in one transaction. An import
is always a draft: publishing stays an editor's decision.
"""

import re
from dataclasses import dataclass, field

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from articles.models import Article, Byline, Quote, Section
from importing import corrections as corrected
from importing.directory import add_organization, directory_names, find, unique_slug
from importing.layout import parse_story
from importing.reading import StoryImportError
from importing.story import ParsedStory
from organizations.models import Organization, Person

IMPORT_COMMENT = "Imported from plain text"


class DuplicateImport(StoryImportError):
    """The same text was imported before; `article` is the draft it made."""

    def __init__(self, article):
        self.article = article
        super().__init__(
            f"This text was already imported as “{article.headline}” (article {article.pk}); "
            "nothing new was saved."
        )


@dataclass
class OrganizationMatch:
    key: str
    organization: Organization
    printed: list[str]


@dataclass
class PersonMatch:
    key: str
    person: Person
    covered: bool = True  # named in the story, so linked to it as a person it covers
    byline: bool = False


@dataclass
class Proposal:
    """An organization-like name the directory does not have: created only if the editor says so."""

    key: str
    name: str


@dataclass
class QuoteMatch:
    key: str
    quote: object  # importing.story.ParsedQuote
    speaker: Person | None  # None: a new person, flagged for review
    organization: Organization | None
    proposal: Proposal | None = None  # the unknown organization the title names


@dataclass
class Review:
    """What an import would save, for the editor to check before it is saved."""

    story: ParsedStory
    organizations: list[OrganizationMatch] = field(default_factory=list)
    people: list[PersonMatch] = field(default_factory=list)
    quotes: list[QuoteMatch] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    byline_unknown: list[str] = field(default_factory=list)
    # The byline's people in the order it names them.
    byline: list[PersonMatch] = field(default_factory=list)
    source_organization: Organization | None = None
    duplicate: Article | None = None

    @property
    def match_keys(self):
        """Every recognized item the editor may untick; all are kept unless unticked."""
        return {m.key for m in (*self.organizations, *self.people, *self.quotes)}

    def highlighted(self):
        """Headline, dek and paragraphs as HTML with every recognized name and quote in <mark>."""
        marks = {}

        def add(span, kind, label):
            marks.setdefault(span.part, []).append((span.start, span.end, kind, label))

        for match in self.quotes:
            speaker = match.quote.speaker + ("" if match.speaker else " (new)")
            for span in match.quote.spans:
                add(span, "quote", f"Quote by {speaker}")
        for quote in self.story.unattributed:
            for span in quote.spans:
                add(span, "unattributed", "Quote whose speaker was not recognized: not saved")
        for match in self.organizations:
            for span in self._spans(match.printed, self.story.organizations):
                add(span, "organization", f"Organization: {match.organization.name}")
        for match in self.people:
            for span in self._spans([match.person.name], self.story.people):
                add(span, "person", f"Person: {match.person.name}")
        for proposal in self.proposals:
            for span in self._spans([proposal.name], self.story.proposed_organizations):
                add(span, "proposal", f"Not in the directory: {proposal.name}")
        story = self.story
        return {
            "headline": mark_names(story.headline, marks.get("headline", [])),
            "dek": mark_names(story.dek, marks.get("dek", [])),
            "paragraphs": [
                mark_names(text, marks.get(index, []))
                for index, text in enumerate(story.paragraphs)
            ],
        }

    @staticmethod
    def _spans(names, mentions):
        wanted = {name.lower() for name in names}
        return [span for m in mentions if m.name.lower() in wanted for span in m.spans]


def mark_names(text, marks):
    """
    `text` escaped, with each (start, end, kind, label) mark as <mark class="import-KIND">.
    Marks nest (a name inside a quote); one that straddles another is left out.
    """
    pieces, stack, position = [], [], 0  # stack: ends of the marks open here

    def close():
        nonlocal position
        end = stack.pop()
        pieces.append(escape(text[position:end]))
        pieces.append("</mark>")
        position = end

    for start, end, kind, label in sorted(set(marks), key=lambda mark: (mark[0], -mark[1])):
        while stack and stack[-1] <= start:
            close()
        if start >= end or start < position or (stack and end > stack[-1]):
            continue  # empty, or straddling a mark already open
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<mark class="import-{}" title="{}">', kind, label))
        stack.append(end)
        position = start
    while stack:
        close()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(piece) for piece in pieces))  # every piece escaped above


def review_story(text):
    """Parse `text` and match it against the directory: a `Review`, nothing saved."""
    organization_names, person_names = directory_names(text)
    story = parse_story(
        text,
        organizations=list(organization_names),
        people=[person.name for person in person_names.values()],
    )
    review = Review(story=story)
    review.duplicate = Article.objects.filter(import_hash=story.content_hash).first()

    found = {}
    for mention in story.organizations:
        organization = find(organization_names, mention.name)
        if organization is None:
            continue
        match = found.setdefault(
            organization.pk,
            OrganizationMatch(f"organization-{organization.pk}", organization, []),
        )
        match.printed.append(mention.name)
    review.proposals = []
    taken = set()
    for mention in story.proposed_organizations:
        key = f"new-organization-{slugify(mention.name) or 'name'}"
        while key in taken:
            key += "-x"
        taken.add(key)
        review.proposals.append(Proposal(key, mention.name))
    proposals_by_name = {proposal.name.lower(): proposal for proposal in review.proposals}

    people = {}
    for mention in story.people:
        person = find(person_names, mention.name)
        if person is not None:
            people.setdefault(person.pk, PersonMatch(f"person-{person.pk}", person))
    for index, quote in enumerate(story.quotes):
        speaker = find(person_names, quote.speaker)
        if speaker is not None:
            people.setdefault(speaker.pk, PersonMatch(f"person-{speaker.pk}", speaker))
        organization = find(organization_names, quote.organization) if quote.organization else None
        if organization is not None and organization.pk not in found:
            found[organization.pk] = OrganizationMatch(
                f"organization-{organization.pk}", organization, [quote.organization]
            )
        proposal = None if organization else proposals_by_name.get(quote.organization.lower())
        review.quotes.append(QuoteMatch(f"quote-{index}", quote, speaker, organization, proposal))
    for name in _byline_names(story.byline):
        person = find(person_names, name) or Person.objects.filter(name__iexact=name).first()
        if person is None:
            review.byline_unknown.append(name)
        else:
            match = people.setdefault(
                person.pk, PersonMatch(f"person-{person.pk}", person, covered=False)
            )
            match.byline = True
            if match not in review.byline:
                review.byline.append(match)
    review.organizations = list(found.values())
    review.people = list(people.values())

    if story.source_name:
        review.source_organization = find(organization_names, story.source_name) or (
            Organization.objects.filter(name__iexact=story.source_name).first()
        )
    return review


def _byline_names(byline):
    return [name.strip() for name in re.split(r",\s*|\s+and\s+", byline) if name.strip()]


# Saving.


def default_section():
    """Where an import lands unless told otherwise: News, else the first section."""
    section = Section.objects.filter(slug="news").first() or Section.objects.first()
    if section is None:
        section, _created = Section.objects.get_or_create(slug="news", defaults={"name": "News"})
    return section


def body_html(paragraphs):
    """Paragraphs as <p> elements, every character of the text escaped."""
    return format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in paragraphs))


def _valid_url(url):
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url if len(url) <= Article._meta.get_field("source_url").max_length else ""


@dataclass
class SavedImport:
    article: Article
    new_people: list[Person]
    new_organizations: list[Organization]


def save_draft(
    review,
    *,
    section=None,
    user=None,
    keep=None,
    create=(),
    add_people=True,
    add_organizations=True,
    corrections=None,
    language=None,
):
    """
    Save the reviewed story as a draft and return a `SavedImport`.

    The draft is in `language` (a code from settings.LANGUAGES, as the
    editor chose it), else in the one detected from its text.

    `keep` holds the keys of the recognized items to keep (None keeps them
    all); `create` the keys of proposed organizations to add to the
    directory and link. A quote whose speaker is not in the directory adds
    them, flagged for review, when `add_people` allows it (someone who may
    add people); otherwise the quote stays in the text only. Raise
    `DuplicateImport` if the text was imported before.

    `corrections` holds the editor's version of quotes' attributions,
    {quote key: {"speaker": ..., "title": ..., "organization": ...}}; a
    value left as recognized changes nothing (`importing.corrections`). A
    corrected name is looked up in the directory; one it lacks is added,
    flagged for review, as `add_people`/`add_organizations` allow: a person
    the quote cannot have leaves it in the text only, an organization it
    cannot have stays in the title. An empty speaker means no quote.
    """
    story = review.story
    keep = review.match_keys if keep is None else set(keep)
    create = set(create)
    for attempt in (1, 2):
        names = corrected.Names(
            unticked=[m.person for m in review.people if m.key not in keep],
            add_people=add_people,
            add_organizations=add_organizations,
        )
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_comment(IMPORT_COMMENT)
                if user is not None:
                    reversion.set_user(user)
                return _write_draft(
                    review,
                    section or default_section(),
                    user,
                    keep,
                    create,
                    names,
                    corrections,
                    draft_language(review, language),
                )
        except IntegrityError:
            # Saved by someone else since the check (the unique constraint caught it)...
            duplicate = Article.objects.filter(import_hash=story.content_hash).first()
            if duplicate is not None:
                raise DuplicateImport(duplicate) from None
            # ...or another save took a slug this one chose: choose again, once.
            if attempt == 2:
                raise


def draft_language(review, chosen=None):
    """The language the draft is saved in: `chosen` by the editor, else the detected one."""
    languages = dict(settings.LANGUAGES)
    for language in (chosen, review.story.language):
        if language in languages:
            return language
    return settings.LANGUAGE_CODE


def _write_draft(review, section, user, keep, create, names, corrections, language):
    story = review.story
    duplicate = Article.objects.filter(import_hash=story.content_hash).first()
    if duplicate is not None:
        raise DuplicateImport(duplicate)
    confirmed = {}
    for proposal in review.proposals:
        if proposal.key in create:
            confirmed[proposal.key] = add_organization(proposal.name)
            names.added_organization(proposal.name, confirmed[proposal.key])

    article = Article(
        headline=story.headline,
        language=language,
        slug=unique_slug(Article, story.headline, 250),
        dek=story.dek,
        dateline=story.dateline[:100],
        body=body_html(story.paragraphs),
        section=section,
        status=Article.Status.DRAFT,
        source_name=story.source_name[:200],
        source_url=_valid_url(story.source_url),
        source_published_on=story.date,
        source_organization=review.source_organization,
        import_hash=story.content_hash,
        created_by=user,
        updated_by=user,
    )
    article.save()

    organizations = [m.organization for m in review.organizations if m.key in keep]
    organizations += confirmed.values()
    people = [m.person for m in review.people if m.key in keep and m.covered]
    for position, match in enumerate((m for m in review.byline if m.key in keep), 1):
        Byline.objects.create(article=article, person=match.person, position=position)
    position = 0
    for match in review.quotes:
        if match.key not in keep:
            continue
        change = corrected.changes(match, (corrections or {}).get(match.key, {}))
        speaker = corrected.speaker(match, change, keep, names)
        if speaker is None:
            continue
        organization, title = corrected.attribution(match, change, keep, confirmed, names)
        position += 1
        Quote.objects.create(
            article=article,
            speaker=speaker,
            text=match.quote.text,
            speaker_title=title[:200],
            speaker_organization=organization,
            position=position,
        )
        people.append(speaker)
        if organization is not None:
            organizations.append(organization)
    article.organizations.set({o.pk: o for o in organizations}.values())
    article.people.set({person.pk: person for person in people}.values())
    added = {o.pk: o for o in (*confirmed.values(), *names.new_organizations.values())}
    return SavedImport(article, list(names.new_people.values()), list(added.values()))
