"""
The search API: the stories and the directory entries a query matches,
both built on what readers may see. Each database has its own backend
(`search.backends`); this module picks one and puts the parts together.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from articles.models import Article
from organizations.models import Organization, Person
from search import conditions
from search.backends import postgres, sqlite
from search.conditions import (
    ORGANIZATION_MENTIONS,
    ORGANIZATION_NAMES,
    PERSON_NAMES,
    mentioned,
)
from search.query import parse_query


def backend():
    """The search backend for this database."""
    return postgres if connection.vendor == "postgresql" else sqlite


def _named(model, fields, terms):
    """Rows of `model` whose names match the whole query."""
    return backend().named(model, fields, terms)


@dataclass
class EntityMatches:
    """What `search_entities` finds: two querysets, each ordered by name."""

    organizations: QuerySet
    people: QuerySet


def search_entities(query):
    """
    Organizations and people the query names, by name.

    One matches when its names contain the whole query ("innovation agency"
    finds Vinnova by its alias) or when the query mentions its name or short
    name ("Mila partnership" finds Mila).
    """
    terms = parse_query(query)
    if not terms:
        return EntityMatches(Organization.objects.none(), Person.objects.none())
    organizations = Organization.objects.public().filter(
        Q(pk__in=_named(Organization, ORGANIZATION_NAMES, terms).values("pk"))
        | Q(pk__in=mentioned(Organization, ORGANIZATION_MENTIONS, terms).values("pk"))
    )
    people = Person.objects.public().filter(
        Q(pk__in=_named(Person, PERSON_NAMES, terms).values("pk"))
        | Q(pk__in=mentioned(Person, PERSON_NAMES, terms).values("pk"))
    )
    return EntityMatches(organizations.order_by("name", "pk"), people.order_by("name", "pk"))


def search_articles(query):
    """
    Published articles matching `query`, best first, each with a float `rank`.

    Only the `MAX_RANKED` newest matches are ranked (see the `search` package docstring).
    """
    terms = parse_query(query)
    if not terms:
        return Article.objects.none()
    matches, rank = backend().search(terms, search_entities(terms))
    newest = matches.newest_first().values("pk")[: conditions.MAX_RANKED]
    return (
        Article.objects.published()
        .filter(pk__in=newest)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-pk")
    )
