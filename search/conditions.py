"""
Conditions every search backend builds on: which stories cover which
organizations, people and tags, OR-joins, rank boosts, names a query
mentions, and how many of the newest matches are ranked.
"""

import operator
from functools import reduce

from django.db.models import Case, Exists, FloatField, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from taggit.models import TaggedItem

from articles.models import Article, Byline

# How many of the newest matches are ranked (see the `search` package): 15 pages.
MAX_RANKED = 300
ORGANIZATION_NAMES = ("name", "short_name", "aliases")
ORGANIZATION_MENTIONS = ("name", "short_name")
PERSON_NAMES = ("name",)
OrganizationsCovered = Article.organizations.through
PeopleCovered = Article.people.through


def any_of(conditions):
    """The conditions joined with OR."""
    return reduce(operator.or_, conditions, Q())


def contains_any(fields, term):
    return any_of(Q(**{f"{field}__icontains": term}) for field in fields)


def mentioned(model, fields, terms):
    """
    Rows of `model` one of whose names the query mentions: the whole name,
    lowercased, equals a run of query words. No index needed: the name
    tables are small, and the comparison is cheap.
    """
    lowered = {f"search_{field}": Lower(field) for field in fields}
    return model.objects.alias(**lowered).filter(
        any_of(Q(**{f"{alias}__in": terms.name_candidates}) for alias in lowered)
    )


def covering(organizations=None, people=None, tags=None):
    """
    Where articles cover those organizations / people (or are written by them)
    / tags: (queryset, article id column) pairs, one per join table.
    """
    covering = []
    if organizations is not None:
        covering.append(
            (OrganizationsCovered.objects.filter(organization__in=organizations), "article_id")
        )
    if people is not None:
        covering.append((PeopleCovered.objects.filter(person__in=people), "article_id"))
        covering.append((Byline.objects.filter(person__in=people), "article_id"))
    if tags is not None:
        tagged = TaggedItem.objects.filter(
            content_type__app_label=Article._meta.app_label,
            content_type__model=Article._meta.model_name,
            tag__in=tags,
        )
        covering.append((tagged, "object_id"))
    return covering


def covered_ids(**entities):
    """Subqueries of the ids of articles covering these entities (see `covering`)."""
    return [rows.order_by().values(column) for rows, column in covering(**entities)]


def covers(**entities):
    """A condition on Article: it covers one of these entities (see `covering`)."""
    return any_of(
        Q(Exists(rows.filter(**{column: OuterRef("pk")}))) for rows, column in covering(**entities)
    )


def boost(condition, amount):
    return Case(When(condition, then=Value(amount)), default=Value(0.0), output_field=FloatField())
