"""
Related stories: what else a reader of this article will want.

Up to `LIMIT` stories, in this order:

1. The stories an editor pinned, newest first.
2. Stories that share organizations, people or tags with this one, ranked by
   a score in which rare shared entities count more than common ones:

       score(c) = Σ  weight(kind(e)) · ln(1 + N / df(e))
                 e ∈ shared(a, c)

   where `shared(a, c)` are the organizations, people and tags both articles
   cover, `N` the number of published articles and `df(e)` the number of
   articles that cover `e` (an inverse document frequency: an entity in
   every article scores ln 2 ≈ 0.69, one in 1 article of 10,000 about 9.2).
   `weight` is 1.0 for organizations and people, 0.5 for tags, which are
   broader. Ties go to stories in the same section, then to the newer
   story, then to the higher id, so the result is deterministic.
3. When fewer than `LIMIT` were found, the latest stories in the same
   section, then the latest anywhere, so the box is empty only when nothing
   else is published.

Only published articles are shown, never the article itself nor its
versions in other languages, and only stories of the article's edition (its
language's version of a story, when there is one).

Cost does not grow with the archive. For each of the article's entities only
its `PER_ENTITY` most recently created articles are candidates, read from the
link tables' (entity, article) indexes; all of them come back in one UNION
query. `df` and `N` are counted once and cached for `COUNT_TIMEOUT` seconds
(they move slowly and are only weights). One query finds the fallbacks
(each a LIMIT subquery off an index) and one fetches the winners. So a page
costs three queries, and up to four more on a cold cache (one count per kind
of entity, and N).
"""

import math
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext as _
from taggit.models import TaggedItem

from articles.models import Article
from articles.sql import union_of_ids

LIMIT = 5
PER_ENTITY = 200
WEIGHTS = {"organizations": 1.0, "people": 1.0, "tags": 0.5}
COUNT_TIMEOUT = 600
PUBLISHED_COUNT_CACHE_KEY = "related:published-count"

OrganizationLink = Article.organizations.through
PersonLink = Article.people.through
PinnedLink = Article.pinned_related.through

# kind: (table, entity column, article column), for the candidate query.
LINKS = {
    "organizations": (OrganizationLink, "organization_id", "article_id"),
    "people": (PersonLink, "person_id", "article_id"),
    "tags": (TaggedItem, "tag_id", "object_id"),
}


@dataclass
class RelatedStory:
    article: Article
    pinned: bool = False
    score: float = 0.0
    shared: list = field(default_factory=list)

    @property
    def reason(self):
        """Why it is here, for readers: “Also covers Mila · AI Sweden”."""
        if self.pinned:
            return _("Editor's pick")
        if self.shared:
            return _("Also covers %(names)s") % {"names": " · ".join(self.shared)}
        return _("More from %(section)s") % {"section": self.article.section.name}


def published_count():
    """N in the formula; cached, as it moves slowly and costs a count."""
    count = cache.get(PUBLISHED_COUNT_CACHE_KEY)
    if count is None:
        count = Article.objects.published().count()
        cache.set(PUBLISHED_COUNT_CACHE_KEY, count, COUNT_TIMEOUT)
    return count


def document_frequencies(entities):
    """{(kind, id): number of articles covering it}, cached per entity."""
    keys = {f"related:df:{kind}:{pk}": (kind, pk) for kind, ids in entities.items() for pk in ids}
    found = cache.get_many(list(keys))
    missing = [keys[key] for key in keys if key not in found]
    if missing:
        counted = {key: 1 for key, entity in keys.items() if key not in found}
        for kind, (model, entity_column, _article_column) in LINKS.items():
            ids = [pk for missing_kind, pk in missing if missing_kind == kind]
            if not ids:
                continue
            rows = model.objects.filter(**{f"{entity_column}__in": ids})
            if model is TaggedItem:
                rows = rows.filter(content_type=ContentType.objects.get_for_model(Article))
            grouped = rows.order_by().values_list(entity_column).annotate(count=Count("pk"))
            for pk, count in grouped:
                counted[f"related:df:{kind}:{pk}"] = count
        cache.set_many(counted, COUNT_TIMEOUT)
        found.update(counted)
    return {keys[key]: count for key, count in found.items()}


def candidates(article, entities):
    """
    (kind, entity id, article id) rows: each entity's newest articles, plus the
    pinned ones as ("pinned", None, id), in one query over the link indexes.
    """
    parts, params = [], []
    quote = connection.ops.quote_name
    tag_type = ContentType.objects.get_for_model(Article).pk
    for kind, (model, entity_column, article_column) in LINKS.items():
        for pk in entities[kind]:
            condition = f"{quote(entity_column)} = %s"
            part_params = [pk]
            if model is TaggedItem:
                condition += f" AND {quote('content_type_id')} = %s"
                part_params.append(tag_type)
            parts.append(
                f"SELECT %s AS kind, {quote(entity_column)} AS entity, "
                f"{quote(article_column)} AS article FROM ("
                f"SELECT {quote(entity_column)}, {quote(article_column)} "
                f"FROM {quote(model._meta.db_table)} WHERE {condition} "
                f"ORDER BY {quote(article_column)} DESC LIMIT %s) AS part{len(parts)}"
            )
            params += [kind, *part_params, PER_ENTITY + 1]
    parts.append(
        f"SELECT %s AS kind, NULL AS entity, {quote('to_article_id')} AS article "
        f"FROM {quote(PinnedLink._meta.db_table)} WHERE {quote('from_article_id')} = %s"
    )
    params += ["pinned", article.pk]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [(kind, entity, int(article_id)) for kind, entity, article_id in cursor.fetchall()]


def related_stories(article, limit=LIMIT):
    """The related stories for an article, best first; see the module doc."""
    names = {
        "organizations": {o.pk: o.display_name for o in article.organizations.all()},
        "people": {p.pk: p.name for p in article.people.all()},
        "tags": {t.pk: t.name for t in article.tags.all()},
    }
    rows = candidates(article, names)
    pinned = {pk for kind, _entity, pk in rows if kind == "pinned"} - {article.pk}
    scores, shared = {}, {}
    frequencies = document_frequencies(names) if len(rows) > len(pinned) else {}
    total = max(published_count(), 1) if frequencies else 1
    for kind, entity, pk in rows:
        if kind == "pinned" or pk == article.pk or pk in pinned:
            continue
        df = frequencies.get((kind, entity), 1)
        weight = WEIGHTS[kind] * math.log(1 + total / max(df, 1))
        scores[pk] = scores.get(pk, 0.0) + weight
        shared.setdefault(pk, []).append((-weight, kind, names[kind][entity]))

    # Enough of the best to survive drafts among them and to break ties by section and date.
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[: limit * 4]
    # Not a list for the page cache: a story joins related blocks as they expire.
    # Stories of the article's own edition, never one of its own versions.
    published = (
        Article.objects.published()
        .listing(None)
        .in_edition(article.language)
        .exclude(translation_group=article.translation_group)
    )
    latest = published.exclude(pk=article.pk).newest_first()
    fallback_ids = union_of_ids(
        [
            latest.filter(section_id=article.section_id).values("pk")[: limit * 2],
            latest.values("pk")[: limit * 2],
        ]
    )
    fetched = published.filter(pk__in=pinned | set(best) | set(fallback_ids)).select_related(
        "section"
    )
    by_id = {candidate.pk: candidate for candidate in fetched}

    def recency(candidate):
        return (-candidate.published_at.timestamp(), -candidate.pk)

    chosen = [
        RelatedStory(by_id[pk], pinned=True)
        for pk in sorted((pk for pk in pinned if pk in by_id), key=lambda pk: recency(by_id[pk]))
    ][:limit]
    scored = sorted(
        (pk for pk in best if pk in by_id),
        key=lambda pk: (
            -round(scores[pk], 9),
            by_id[pk].section_id != article.section_id,
            *recency(by_id[pk]),
        ),
    )
    for pk in scored[: limit - len(chosen)]:
        # The rarest shared entities first; organizations and people before tags.
        ranked = sorted(shared[pk])
        entity_names = [name for _w, kind, name in ranked if kind != "tags"] or [
            name for _w, _kind, name in ranked
        ]
        chosen.append(RelatedStory(by_id[pk], score=scores[pk], shared=entity_names))

    seen = {story.article.pk for story in chosen}
    fallbacks = sorted(
        (candidate for pk, candidate in by_id.items() if pk not in seen and pk not in scores),
        key=lambda candidate: (candidate.section_id != article.section_id, *recency(candidate)),
    )
    chosen += [RelatedStory(candidate) for candidate in fallbacks[: limit - len(chosen)]]
    return chosen
