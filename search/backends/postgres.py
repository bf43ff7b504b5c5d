"""
Search on PostgreSQL: full-text search over each article's stored,
GIN-indexed document, names matched through expression indexes (see the
`search` package docstring).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db.models import Expression
from taggit.models import Tag

from articles.models import Article, published_condition
from organizations.models import Organization, Person
from search import conditions
from search.conditions import (
    ORGANIZATION_NAMES,
    PERSON_NAMES,
    boost,
    covered_ids,
    covers,
)

SEARCH_CONFIG = "english"
ENTITY_BOOST = 0.2


class SearchDocument(Expression):
    """
    The article's stored search document (PostgreSQL only; see migration 0009).

    The column is not a model field, so it is named here against whatever
    alias the articles table has in the query being compiled, which keeps
    it correct inside subqueries.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


def _tsquery(terms):
    return SearchQuery(terms.websearch, config=SEARCH_CONFIG, search_type="websearch")


def named(model, fields, terms):
    """
    Rows of `model` whose names, together, match the whole query. Migration
    0011 indexes this expression for organizations, people and tags.
    """
    return model.objects.alias(search_names=SearchVector(*fields, config=SEARCH_CONFIG)).filter(
        search_names=_tsquery(terms)
    )


def _newest_published(articles):
    """The ids of the `MAX_RANKED` newest published articles among `articles`."""
    return (
        articles.filter(published_condition()).newest_first().values("pk")[: conditions.MAX_RANKED]
    )


def search(terms, entities):
    """
    The published articles matching `terms`, and their rank. `entities` are
    the organizations and people the query names (`search_entities`).

    Each way of matching contributes only its own newest `MAX_RANKED`, so a
    word found in nearly every story is read off the newest-first index and
    stops after a few hundred rows, instead of gathering every match first.
    """
    tsquery = _tsquery(terms)
    text_matches = Article.objects.alias(search=SearchDocument()).filter(search=tsquery)
    organizations = named(Organization, ORGANIZATION_NAMES, terms)
    people = named(Person, PERSON_NAMES, terms)
    tags = named(Tag, ("name",), terms)
    covering = [
        Article.objects.filter(pk__in=ids)
        for ids in covered_ids(organizations=organizations, people=people, tags=tags)
    ]
    matches = _newest_published(text_matches).union(
        *(_newest_published(articles) for articles in covering), all=True
    )
    # Covering an entity the query mentions counts too, as listed above the results.
    rank = (
        SearchRank(SearchDocument(), tsquery)
        + boost(covers(organizations=entities.organizations), ENTITY_BOOST)
        + boost(covers(people=entities.people), ENTITY_BOOST)
        + boost(covers(tags=tags), ENTITY_BOOST)
    )
    return Article.objects.published().filter(pk__in=matches), rank
