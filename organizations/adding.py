"""
People and organizations added by name where an editor is working (the
story form's byline and speaker fields, the story import), flagged for
review: their page stays private until a published story cites them or
someone in the desk unticks the flag after checking them.
"""

import re

from django.utils.text import slugify

from organizations.models import Organization, Person

# Person.name and Organization.name.
NAME_MAX_LENGTH = 200

# Dashes and slashes join words ("Swedish–Canadian", "AI/ML"); slugify drops
# them with other punctuation and would glue the words ("swedishcanadian").
# The desk's slugs, made as a headline is typed, read them the same way
# (static/js/desk.js).
WORD_JOINERS = re.compile(r"[\u2010-\u2015\u2212/]")


def slug_words(text):
    """`slugify(text)`, with dashes and slashes between words kept as hyphens."""
    return slugify(WORD_JOINERS.sub(" ", text))


def unique_slug(model, text, max_length, also_taken=None, fallback=None):
    """
    A slug from `text` (`fallback`, else the model's name, when it has no
    letters) that no object of `model` uses yet, nor any for which
    `also_taken(slug)` is true (an old address, say).
    """
    base = (slug_words(text) or fallback or model._meta.model_name)[: max_length - 8].strip("-")
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists() or (also_taken and also_taken(slug)):
        slug, number = f"{base}-{number}", number + 1
    return slug


def tidy_name(name):
    """The name as typed, its spaces tidied."""
    return " ".join((name or "").split())


def add_flagged(model, name, *, flagged=True):
    """
    A new `model` (Person or Organization) named `name`, flagged for review
    unless someone who may review the directory added it (`flagged=False`).
    """
    name = tidy_name(name)[:NAME_MAX_LENGTH]
    return model.objects.create(
        name=name, slug=unique_slug(model, name, NAME_MAX_LENGTH), needs_review=flagged
    )


def add_person(name):
    """A new person named `name`, flagged for review: nobody vouched for them yet."""
    return add_flagged(Person, name)


def add_organization(name):
    """A new organization named `name`, flagged for review like `add_person`'s people."""
    return add_flagged(Organization, name)
