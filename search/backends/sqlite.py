"""
Search on SQLite, which has no full-text index to lean on: each term is
looked up with `icontains` in the headline, dek, body and entity names, and
ranked by where it was found (`SQLITE_WEIGHTS`). No stemming; ASCII-only
case folding.
"""

from django.db.models import Q, Value
from taggit.models import Tag

from articles.models import Article
from organizations.models import Organization, Person
from search.conditions import ORGANIZATION_NAMES, any_of, boost, contains_any, covered_ids

SQLITE_WEIGHTS = {"headline": 8.0, "dek": 4.0, "entities": 2.0, "body": 1.0}


def named(model, fields, terms):
    """Rows of `model` whose names contain every group of the query (and no excluded term)."""
    queryset = model.objects.all()
    for group in terms.groups:
        queryset = queryset.filter(any_of(contains_any(fields, term) for term in group))
    for term in terms.excluded:
        queryset = queryset.exclude(contains_any(fields, term))
    return queryset


def _places(term):
    """Where `term` is found in an article: {place: condition}."""
    organizations = Organization.objects.filter(contains_any(ORGANIZATION_NAMES, term))
    people = Person.objects.filter(name__icontains=term)
    tags = Tag.objects.filter(name__icontains=term)
    return {
        "headline": Q(headline__icontains=term),
        "dek": Q(dek__icontains=term),
        "entities": any_of(
            Q(pk__in=ids)
            for ids in covered_ids(organizations=organizations, people=people, tags=tags)
        ),
        "body": Q(body__icontains=term),
    }


def search(terms, entities):
    """The published articles matching `terms`, and their rank (`entities` are not needed)."""
    places = {term: _places(term) for term in (*terms.terms, *terms.excluded)}

    def found(term):
        return any_of(places[term].values())

    articles = Article.objects.published()
    for group in terms.groups:
        articles = articles.filter(any_of(found(term) for term in group))
    for term in terms.excluded:
        articles = articles.exclude(found(term))
    rank = sum(
        (
            boost(condition, SQLITE_WEIGHTS[place])
            for term in terms.terms
            for place, condition in places[term].items()
        ),
        start=Value(0.0),
    )
    return articles, rank
