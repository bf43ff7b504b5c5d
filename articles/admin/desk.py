"""
The writing desk's helpers for the article form: the live preview rendered
from the unsaved form, word count and reading time, byline and quote
positions in on-screen order, and the quoted names a story takes in.
"""

import copy
import math
import re
from dataclasses import asdict

from django.http import JsonResponse
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from taggit.models import Tag

from articles.admin.forms import submitted_rows
from articles.body import interleave_quotes
from articles.checks import checklist
from articles.models import Byline, Quote, Section
from organizations.models import Organization, Person

# Words a reader reads in a minute, for the reading time.
WORDS_PER_MINUTE = 230
WORD = re.compile(r"\w[\w'’-]*")
# Sorts after any position an editor's page sets.
LAST = 10**6


def counts(html):
    """(words, minutes to read) of a story's body."""
    words = len(WORD.findall(strip_tags(html or "")))
    return words, max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0


def _by_pk(model, pks):
    pks = {int(pk) for pk in pks if str(pk).isdigit()}
    return model.objects.in_bulk(pks) if pks else {}


def _position(row, index):
    value = row.get("position", "")
    return (int(value) if str(value).isdigit() else 0, index)


def preview_bylines(data):
    rows = submitted_rows(data, "bylines", "person", "position")
    people = _by_pk(Person, [row["person"] for row in rows])
    ordered = sorted(enumerate(rows), key=lambda pair: _position(pair[1], pair[0]))
    return [
        Byline(person=people[int(row["person"])])
        for _, row in ordered
        if row["person"].isdigit() and int(row["person"]) in people
    ]


def preview_quotes(data):
    rows = submitted_rows(
        data, "quotes", "speaker", "speaker_title", "speaker_organization", "text", "position"
    )
    people = _by_pk(Person, [row["speaker"] for row in rows])
    organizations = _by_pk(Organization, [row["speaker_organization"] for row in rows])
    quotes = []
    for _, row in sorted(enumerate(rows), key=lambda pair: _position(pair[1], pair[0])):
        speaker = people.get(int(row["speaker"])) if row["speaker"].isdigit() else None
        if speaker is None or not row["text"].strip():
            continue
        organization_pk = row["speaker_organization"]
        quotes.append(
            Quote(
                speaker=speaker,
                speaker_title=row["speaker_title"],
                speaker_organization=organizations.get(int(organization_pk))
                if organization_pk.isdigit()
                else None,
                text=row["text"],
            )
        )
    return quotes


def _unique(objects):
    return list({obj.pk: obj for obj in objects}.values())


def story_from_form(form, saved):
    """
    The story as the unsaved form has it: a copy of its Article that is never
    saved, with its bylines, quotes, names and tags in place of the
    database's (fields in error keep the saved values, or none).
    """
    form.is_valid()
    article = copy.copy(form.instance)
    article._state = copy.copy(article._state)
    data = form.data
    cleaned = getattr(form, "cleaned_data", {})
    if not article.section_id:
        article.section = Section.objects.first() or Section(name="Section", slug="section")
    article.slug = article.slug or "preview"
    quotes = preview_quotes(data)
    # As saving will: whoever is quoted is in the story, with their organization.
    people = [*(cleaned.get("people") or []), *(quote.speaker for quote in quotes)]
    organizations = [
        *(cleaned.get("organizations") or []),
        *(quote.speaker_organization for quote in quotes if quote.speaker_organization),
    ]
    if article.pk is None:
        article.pk = 0  # Lets the lists below stand in for the database's.
    article._prefetched_objects_cache = {
        "bylines": preview_bylines(data),
        "quotes": quotes,
        "organizations": _unique(organizations),
        "people": _unique(people),
        "tags": [Tag(name=name) for name in cleaned.get("tags") or []],
        "corrections": list(saved.corrections.all()) if saved is not None else [],
    }
    return article


def story_checklist(article):
    """The checklist of a story `story_from_form` built."""
    cache = article._prefetched_objects_cache
    return checklist(
        headline=article.headline,
        seo_title=article.seo_title,
        dek=article.dek,
        body=article.body,
        bylines=[byline.person for byline in cache["bylines"]],
        has_lead_image=bool(article.lead_image),
        lead_image_alt=article.lead_image_alt,
        people=cache["people"],
        organizations=cache["organizations"],
    )


def live_preview(request, form, saved):
    """
    What the page beside the form shows as the editor types: the reader's
    page for the unsaved story, its checklist, word count and reading time.
    """
    article = story_from_form(form, saved)
    context = {
        "article": article,
        "body_parts": interleave_quotes(article.body, article.quotes.all()),
        "related_stories": [],
        "structured_data": None,
        "preview": True,
        "live_preview": True,
    }
    words, minutes = counts(article.body)
    response = JsonResponse(
        {
            "preview": render_to_string("articles/article_detail.html", context, request),
            "checks": [asdict(check) for check in story_checklist(article)],
            "words": words,
            "minutes": minutes,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def tidy_positions(rows):
    """
    Number bylines or quotes 1, 2, 3… in their order: by position (the page
    sets it from the order on screen), then as added; a row with no position
    (0) goes last.
    """
    ordered = sorted(rows, key=lambda row: (row.position or LAST, row.pk))
    moved = []
    for number, row in enumerate(ordered, start=1):
        if row.position != number:
            row.position = number
            moved.append(row)
    if moved:
        type(moved[0]).objects.bulk_update(moved, ["position"])


def join_quoted(article):
    """Everyone quoted in the story, and their organization, are among its people."""
    quotes = list(article.quotes.all())
    speakers = {quote.speaker_id for quote in quotes}
    organizations = {quote.speaker_organization_id for quote in quotes} - {None}
    if speakers:
        article.people.add(*speakers)
    if organizations:
        article.organizations.add(*organizations)
