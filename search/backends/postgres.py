"""
Search on PostgreSQL: full-text search over each article's stored,
GIN-indexed document, parsed in the article's language, names matched
through expression indexes (see the `search` package docstring).
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db.models import Case, Expression, Q, When
from taggit.models import Tag

from articles.models import Article, published_condition
from organizations.models import Organization, Person
from search import conditions
from search.conditions import (
    ORGANIZATION_NAMES,
    PERSON_NAMES,
    any_of,
    boost,
    covered_ids,
    covers,
)

# Names of organizations, people and tags (their indexes, articles migration 0011).
SEARCH_CONFIG = "english"
# The text search configurations of articles' documents, by language: any
# language not listed is read as English. Articles migration 0015 creates
# them and builds each document with its language's; the two must agree.
ENGLISH_CONFIG = "newsroom_english"
LANGUAGE_CONFIGS = {"fr": "newsroom_french", "sv": "newsroom_swedish"}
ENTITY_BOOST = 0.2


class SearchDocument(Expression):
    """
    The article's stored search document (PostgreSQL only; see articles
    migrations 0009 and 0015).

    The column is not a model field, so it is named here against whatever
    alias the articles table has in the query being compiled, which keeps
    it correct inside subqueries.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


def _tsquery(terms, config=SEARCH_CONFIG):
    return SearchQuery(terms.websearch, config=config, search_type="websearch")


def document_configs():
    """(condition on an article's language, the configuration its document was parsed with)."""
    return [
        (~Q(language__in=tuple(LANGUAGE_CONFIGS)), ENGLISH_CONFIG),
        *((Q(language=language), config) for language, config in LANGUAGE_CONFIGS.items()),
    ]


def document_matches(terms):
    """
    A condition on Article: its document matches the query parsed as the
    document was.

    Its first half, the document matching the query parsed in any of the
    configurations, lets the GIN index find every candidate in one scan;
    the second keeps those matching in their own language's. Without the
    first, the only index plan is a scan per configuration, which the
    planner priced above reading the whole table at 5,000 stories.
    """
    parsed = [(condition, _tsquery(terms, config)) for condition, config in document_configs()]
    in_any_language = reduce(operator.or_, (tsquery for _, tsquery in parsed))
    return Q(search_document=in_any_language) & any_of(
        condition & Q(search_document=tsquery) for condition, tsquery in parsed
    )


def document_rank(terms):
    """`ts_rank` of the article's document against the query parsed as the document was."""
    tsquery = Case(
        *(
            When(language=language, then=_tsquery(terms, config))
            for language, config in LANGUAGE_CONFIGS.items()
        ),
        default=_tsquery(terms, ENGLISH_CONFIG),
    )
    return SearchRank(SearchDocument(), tsquery)


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
    text_matches = Article.objects.alias(search_document=SearchDocument()).filter(
        document_matches(terms)
    )
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
        document_rank(terms)
        + boost(covers(organizations=entities.organizations), ENTITY_BOOST)
        + boost(covers(people=entities.people), ENTITY_BOOST)
        + boost(covers(tags=tags), ENTITY_BOOST)
    )
    return Article.objects.published().filter(pk__in=matches), rank
