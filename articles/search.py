"""
Site search: ranked stories, and the organizations and people a query names.

The API is two functions, both built on what readers may see:

- `search_articles(query)`: published articles matching the query, best
  first, each annotated with `rank` (a float, higher is better).
- `search_entities(query)`: the organizations and people the query matches
  or mentions, listed above the stories.

Both take whatever a reader typed. `parse_query` removes control characters
(PostgreSQL rejects NUL in text), keeps at most `MAX_QUERY_LENGTH`
characters and `MAX_TERMS` terms, and reads the syntax search engines
taught readers: `"exact phrase"`, `-excluded`, `this OR that`. Nothing a
reader types can make it raise.

PostgreSQL: full-text search over one weighted document per article,

    setweight(to_tsvector('english', coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(dek, '')), 'B')
    || setweight(to_tsvector('english', coalesce(body, '')), 'C')

which PostgreSQL keeps in a generated column, `search_document`, with a
GIN index (migration 0009, PostgreSQL only; `SearchDocument` refers to it).
Matching is an index scan, and ranking reads the stored document instead
of parsing each candidate's text again. The query goes through
`websearch_to_tsquery`, which accepts any input. An article matches when
its document matches, or when it covers an organization (name, short name,
aliases), covers or was written by a person, or carries a tag whose name
matches the whole query; those ids are gathered with `UNION ALL`, so every
branch uses its own index. The rank is `ts_rank` (A 1.0, B 0.4, C 0.2) plus
`ENTITY_BOOST` for each kind of matching entity the article covers: a word
found once in a headline outranks a dek, a dek outranks an entity, an
entity outranks the body.

Only the `MAX_RANKED` newest matches are ranked: a word found in thousands
of stories costs about the same as one found in a few hundred, and readers
see the best of the most recent.

SQLite has no full-text index to lean on, so it looks each term up with
`icontains` in the headline, dek, body and entity names, and ranks by
where each term was found (`SQLITE_WEIGHTS`). Same functions, same result
shape; the matching is simpler (no stemming, ASCII-only case folding).
"""

import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, reduce

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    Expression,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.views.generic import ListView
from taggit.models import Tag, TaggedItem

from articles.models import Article, Byline, published_condition
from newsroom.pagination import ForgivingPaginationMixin
from organizations.models import Organization, Person
from richtext.text import plain_text

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Longest run of query words compared with a whole name ("Mila Quebec AI Institute").
MAX_NAME_WORDS = 6
MAX_NAME_CANDIDATE_WORDS = 24
SEARCH_CONFIG = "english"
ENTITY_BOOST = 0.2
SQLITE_WEIGHTS = {"headline": 8.0, "dek": 4.0, "entities": 2.0, "body": 1.0}
ENTITIES_SHOWN = 8
# How many of the newest matches are ranked (see above): 15 pages of results.
MAX_RANKED = 300
EXCERPT_LENGTH = 220

ORGANIZATION_NAMES = ("name", "short_name", "aliases")
ORGANIZATION_MENTIONS = ("name", "short_name")
PERSON_NAMES = ("name",)

OrganizationsCovered = Article.organizations.through
PeopleCovered = Article.people.through

_TOKEN = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
_EDGES = re.compile(r"\w(?:.*\w)?", re.DOTALL)
_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_ENDINGS = r"(?:s|es|ed|d|ing|y|ies|ly|er|ers|ship|ships|ment|ments)?"


# The query -------------------------------------------------------------------


def clean_query(raw):
    """The reader's text, safe to send anywhere: no control characters, bounded length."""
    text = unicodedata.normalize("NFC", str(raw or ""))
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _term(text):
    """A term without the punctuation around it ("(Mila)," → "Mila"); "" if none is left."""
    match = _EDGES.search(" ".join(text.split()))
    return match.group() if match else ""


@dataclass(frozen=True)
class SearchTerms:
    """
    A parsed query. Every group must match; a group holds the alternatives
    joined by OR. `excluded` terms must not match.
    """

    text: str
    groups: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    def __bool__(self):
        return bool(self.groups)

    @property
    def terms(self):
        """Every term the reader is looking for (not the excluded ones), in order."""
        return tuple(term for group in self.groups for term in group)

    @property
    def websearch(self):
        """The query in `websearch_to_tsquery` syntax, rebuilt so quotes always balance."""

        def quoted(term):
            return f'"{term}"' if " " in term else term

        parts = [" or ".join(quoted(term) for term in group) for group in self.groups]
        parts += [f"-{quoted(term)}" for term in self.excluded]
        return " ".join(parts)

    @cached_property
    def name_candidates(self):
        """
        Every run of up to `MAX_NAME_WORDS` consecutive query words, lowercased:
        the names the query could mention ("mila", "ai sweden", "ai sweden's" → "ai sweden").
        """
        words = []
        for term in self.terms:
            words += [_POSSESSIVE.sub("", _term(word)).lower() for word in term.split()]
        words = [word for word in words if word][:MAX_NAME_CANDIDATE_WORDS]
        return sorted(
            {
                " ".join(words[start : start + size])
                for size in range(1, MAX_NAME_WORDS + 1)
                for start in range(len(words) - size + 1)
            }
        )


def parse_query(raw):
    """Read a reader's query into `SearchTerms` (see the module docstring for the syntax)."""
    if isinstance(raw, SearchTerms):
        return raw
    text = clean_query(raw)
    groups, excluded = [], []
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(text):
        if count >= MAX_TERMS:
            break
        phrase, word = match.group("phrase"), match.group("word")
        if word is not None and word.lower() == "or" and not match.group("minus"):
            pending_or = bool(groups)
            continue
        term = _term(phrase if phrase is not None else word)
        if not term:
            continue
        count += 1
        if match.group("minus"):
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return SearchTerms(
        text=text,
        groups=tuple(tuple(dict.fromkeys(group)) for group in groups),
        excluded=tuple(dict.fromkeys(excluded)),
    )


def _on_postgresql():
    return connection.vendor == "postgresql"


# Entities --------------------------------------------------------------------


def _any(conditions):
    """The conditions joined with OR."""
    return reduce(operator.or_, conditions, Q())


def _contains_any(fields, term):
    return _any(Q(**{f"{field}__icontains": term}) for field in fields)


def _pg_named(model, fields, terms):
    """
    Rows of `model` whose names, together, match the whole query. Migration
    0011 indexes this expression for organizations, people and tags.
    """
    return model.objects.alias(search_names=SearchVector(*fields, config=SEARCH_CONFIG)).filter(
        search_names=_tsquery(terms)
    )


def _sqlite_named(model, fields, terms):
    """Rows of `model` whose names contain every group of the query (and no excluded term)."""
    queryset = model.objects.all()
    for group in terms.groups:
        queryset = queryset.filter(_any(_contains_any(fields, term) for term in group))
    for term in terms.excluded:
        queryset = queryset.exclude(_contains_any(fields, term))
    return queryset


def _named(model, fields, terms):
    """Rows of `model` whose names match the whole query."""
    if _on_postgresql():
        return _pg_named(model, fields, terms)
    return _sqlite_named(model, fields, terms)


def _mentioned(model, fields, terms):
    """
    Rows of `model` one of whose names the query mentions: the whole name,
    lowercased, equals a run of query words. No index needed: the name
    tables are small, and the comparison is cheap.
    """
    lowered = {f"search_{field}": Lower(field) for field in fields}
    return model.objects.alias(**lowered).filter(
        _any(Q(**{f"{alias}__in": terms.name_candidates}) for alias in lowered)
    )


def _covering(organizations=None, people=None, tags=None):
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


def _covered_ids(**entities):
    """Subqueries of the ids of articles covering these entities (see `_covering`)."""
    return [rows.order_by().values(column) for rows, column in _covering(**entities)]


def _covers(**entities):
    """A condition on Article: it covers one of these entities (see `_covering`)."""
    return _any(
        Q(Exists(rows.filter(**{column: OuterRef("pk")}))) for rows, column in _covering(**entities)
    )


def _boost(condition, amount):
    return Case(When(condition, then=Value(amount)), default=Value(0.0), output_field=FloatField())


# The API ---------------------------------------------------------------------


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
        | Q(pk__in=_mentioned(Organization, ORGANIZATION_MENTIONS, terms).values("pk"))
    )
    people = Person.objects.public().filter(
        Q(pk__in=_named(Person, PERSON_NAMES, terms).values("pk"))
        | Q(pk__in=_mentioned(Person, PERSON_NAMES, terms).values("pk"))
    )
    return EntityMatches(organizations.order_by("name", "pk"), people.order_by("name", "pk"))


def search_articles(query):
    """
    Published articles matching `query`, best first, each with a float `rank`.

    Only the `MAX_RANKED` newest matches are ranked (see the module docstring).
    """
    terms = parse_query(query)
    if not terms:
        return Article.objects.none()
    if _on_postgresql():
        matches, rank = _pg_search(terms)
    else:
        matches, rank = _sqlite_search(terms)
    newest = matches.order_by("-published_at", "-pk").values("pk")[:MAX_RANKED]
    return (
        Article.objects.published()
        .filter(pk__in=newest)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-pk")
    )


# PostgreSQL ------------------------------------------------------------------


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


def _newest_published(articles):
    """The ids of the `MAX_RANKED` newest published articles among `articles`."""
    return (
        articles.filter(published_condition())
        .order_by("-published_at", "-pk")
        .values("pk")[:MAX_RANKED]
    )


def _pg_search(terms):
    """
    The published articles matching `terms`, and their rank.

    Each way of matching contributes only its own newest `MAX_RANKED`, so a
    word found in nearly every story is read off the newest-first index and
    stops after a few hundred rows, instead of gathering every match first.
    """
    tsquery = _tsquery(terms)
    text_matches = Article.objects.alias(search=SearchDocument()).filter(search=tsquery)
    organizations = _pg_named(Organization, ORGANIZATION_NAMES, terms)
    people = _pg_named(Person, PERSON_NAMES, terms)
    tags = _pg_named(Tag, ("name",), terms)
    covering = [
        Article.objects.filter(pk__in=ids)
        for ids in _covered_ids(organizations=organizations, people=people, tags=tags)
    ]
    matches = _newest_published(text_matches).union(
        *(_newest_published(articles) for articles in covering), all=True
    )
    # Covering an entity the query mentions counts too, as listed above the results.
    entities = search_entities(terms)
    rank = (
        SearchRank(SearchDocument(), tsquery)
        + _boost(_covers(organizations=entities.organizations), ENTITY_BOOST)
        + _boost(_covers(people=entities.people), ENTITY_BOOST)
        + _boost(_covers(tags=tags), ENTITY_BOOST)
    )
    return Article.objects.published().filter(pk__in=matches), rank


# SQLite ----------------------------------------------------------------------


def _sqlite_term(term):
    """Where `term` is found in an article: {place: condition}."""
    organizations = Organization.objects.filter(_contains_any(ORGANIZATION_NAMES, term))
    people = Person.objects.filter(name__icontains=term)
    tags = Tag.objects.filter(name__icontains=term)
    return {
        "headline": Q(headline__icontains=term),
        "dek": Q(dek__icontains=term),
        "entities": _any(
            Q(pk__in=ids)
            for ids in _covered_ids(organizations=organizations, people=people, tags=tags)
        ),
        "body": Q(body__icontains=term),
    }


def _sqlite_search(terms):
    """The published articles matching `terms`, and their rank."""
    places = {term: _sqlite_term(term) for term in (*terms.terms, *terms.excluded)}

    def found(term):
        return _any(places[term].values())

    articles = Article.objects.published()
    for group in terms.groups:
        articles = articles.filter(_any(found(term) for term in group))
    for term in terms.excluded:
        articles = articles.exclude(found(term))
    rank = sum(
        (
            _boost(condition, SQLITE_WEIGHTS[place])
            for term in terms.terms
            for place, condition in places[term].items()
        ),
        start=Value(0.0),
    )
    return articles, rank


# Highlighting ----------------------------------------------------------------


def _stem(word):
    """A crude English stem, so "partnerships" also marks "partnership"."""
    word = word.lower()
    for suffix in ("ies", "ing", "ed", "es", "s", "y"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def highlight_pattern(terms):
    """
    A regex for the query's terms as whole words, allowing common endings
    ("fund" marks "funding", not "fundamental"); a phrase's words in order.
    None when there is nothing to mark.
    """
    alternatives = []
    for term in parse_query(terms).terms:
        words = _WORD.findall(term)
        if words:
            alternatives.append(r"\W+".join(re.escape(_stem(word)) + _ENDINGS for word in words))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def highlight(text, pattern):
    """
    `text` as HTML with every match of `pattern` in <mark>.

    The text is split at the matches first and every piece is escaped on its
    own, so neither the text nor the query can inject markup and a match can
    never land inside an escaped entity such as `&amp;`.
    """
    text = str(text or "")
    if pattern is None:
        return escape(text)
    result = SafeString()
    position = 0
    for match in pattern.finditer(text):
        result += escape(text[position : match.start()])
        result += format_html("<mark>{}</mark>", match.group())
        position = match.end()
    return result + escape(text[position:])


def excerpt(rich_text, pattern, length=EXCERPT_LENGTH):
    """About `length` characters of the body around its first match, highlighted; "" if none."""
    text = plain_text(rich_text)
    match = pattern.search(text) if pattern else None
    if match is None:
        return SafeString()
    # Start a third of the way back, at a word; end at a word, past the match.
    start = max(0, match.start() - length // 3)
    if start:
        start = text.rfind(" ", 0, start) + 1
    end = start + length
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space != -1 else max(end, match.end())
    return (
        SafeString("…" if start else "")
        + highlight(text[start:end], pattern)
        + SafeString("…" if end < len(text) else "")
    )


@dataclass
class SearchResult:
    """An article as a search result shows it: headline, dek and excerpt highlighted."""

    article: Article
    headline: SafeString
    dek: SafeString
    excerpt: SafeString


@dataclass
class EntityResult:
    entity: Organization | Person
    name: SafeString


# The page --------------------------------------------------------------------


class SearchView(ForgivingPaginationMixin, ListView):
    """`/search/?q=`: the entities the query names, then the stories, best first."""

    template_name = "search.html"
    context_object_name = "articles"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.terms = parse_query(request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.terms:
            return Article.objects.none()
        return search_articles(self.terms).select_related("section")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pattern = highlight_pattern(self.terms)
        organizations = people = []
        if self.terms and context["page_obj"].number == 1:
            entities = search_entities(self.terms)
            organizations = [
                EntityResult(organization, highlight(organization.name, pattern))
                for organization in entities.organizations[:ENTITIES_SHOWN]
            ]
            people = [
                EntityResult(person, highlight(person.name, pattern))
                for person in entities.people[:ENTITIES_SHOWN]
            ]
        context.update(
            query=self.terms.text,
            searchable=bool(self.terms),
            results=[
                SearchResult(
                    article=article,
                    headline=highlight(article.headline, pattern),
                    dek=highlight(article.dek, pattern),
                    excerpt=excerpt(article.body, pattern),
                )
                for article in context["articles"]
            ],
            organizations=organizations,
            people=people,
            newest_only=context["paginator"].count >= MAX_RANKED,
            max_ranked=MAX_RANKED,
        )
        return context
