"""
Related stories: what else a reader of this article will want.

Up to `LIMIT` stories, in this order:

1. The stories an editor pinned, in the order of their publish times.
2. Stories that share organizations, people or tags with this one, ranked by
   a score in which rare shared entities count more than common ones:

       score(c) = Σ  weight(kind(e)) · ln(1 + N / df(e))
                 e ∈ shared(a, c)

   where `shared(a, c)` are the organizations, people and tags both articles
   cover, `N` the number of published articles and `df(e)` the number of
   published articles that cover `e` (an inverse document frequency: an
   entity in every article scores ln 2 ≈ 0.69, one in 1 article of 10,000
   about 9.2). `weight` is 1.0 for organizations and people, 0.5 for tags,
   which are broader. Ties go to stories in the same section, then to the
   newer story, then to the higher id, so the result is deterministic.
3. When fewer than `LIMIT` were found, the latest stories in the same
   section, then the latest anywhere, so the box is empty only when nothing
   else is published.

Only published articles are considered, never the article itself. The
candidate set is bounded: for each shared entity only its `PER_ENTITY`
newest published articles are scored, so an organization that appears in
tens of thousands of articles costs the same as one in a hundred. One query
per kind of entity fetches candidates and document frequencies together
(a window function per entity), so the number of queries does not grow with
the number of entities, candidates or results.
"""

import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from articles.models import Article

LIMIT = 5
PER_ENTITY = 200
WEIGHTS = {"organizations": 1.0, "people": 1.0, "tags": 0.5}
PUBLISHED_COUNT_CACHE_KEY = "related:published-count"
PUBLISHED_COUNT_TIMEOUT = 300


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
            return "Editor's pick"
        if self.shared:
            return "Also covers " + " · ".join(self.shared)
        return f"More from {self.article.section.name}"


def published_count():
    """N in the formula; cached briefly, as it moves slowly and costs a count."""
    count = cache.get(PUBLISHED_COUNT_CACHE_KEY)
    if count is None:
        count = Article.objects.published().count()
        cache.set(PUBLISHED_COUNT_CACHE_KEY, count, PUBLISHED_COUNT_TIMEOUT)
    return count


def _entity_names(article):
    """The article's own entities by kind: {kind: {id: display name}}."""
    return {
        "organizations": {o.pk: o.display_name for o in article.organizations.all()},
        "people": {p.pk: p.name for p in article.people.all()},
        "tags": {t.pk: t.name for t in article.tags.all()},
    }


def _candidates(kind, entity_ids):
    """(article id, entity id, df) rows: each entity's newest published articles."""
    if not entity_ids:
        return []
    entity = F(f"{kind}__id")
    return (
        Article.objects.published()
        .filter(**{f"{kind}__id__in": entity_ids})
        .annotate(
            entity_id=entity,
            rank=Window(
                RowNumber(),
                partition_by=entity,
                order_by=[F("published_at").desc(), F("pk").desc()],
            ),
            df=Window(Count("pk"), partition_by=entity),
        )
        .filter(rank__lte=PER_ENTITY + 1)  # +1: the article itself may be among them
        .order_by()
        .values_list("pk", "entity_id", "df")
    )


def related_stories(article, limit=LIMIT):
    """The related stories for a published article, best first; see the module doc."""
    chosen = [
        RelatedStory(pinned_article, pinned=True)
        for pinned_article in Article.objects.published()
        .filter(pinned_by=article)
        .exclude(pk=article.pk)
        .select_related("section")
        .order_by("-published_at", "-pk")[:limit]
    ]
    seen = {article.pk, *(story.article.pk for story in chosen)}

    names = _entity_names(article)
    total = max(published_count(), 1)
    scores, shared = {}, {}
    for kind, entities in names.items():
        for candidate_id, entity_id, df in _candidates(kind, list(entities)):
            if candidate_id in seen:
                continue
            weight = WEIGHTS[kind] * math.log(1 + total / max(df, 1))
            scores[candidate_id] = scores.get(candidate_id, 0.0) + weight
            shared.setdefault(candidate_id, []).append((kind, entities[entity_id]))

    wanted = limit - len(chosen)
    if wanted > 0 and scores:
        # Fetch only enough of the best-scoring candidates to break ties by section and date.
        best = sorted(scores, key=scores.get, reverse=True)[: wanted * 4]
        by_id = Article.objects.select_related("section").in_bulk(best)
        ranked = sorted(
            best,
            key=lambda pk: (
                -round(scores[pk], 9),
                by_id[pk].section_id != article.section_id,
                -by_id[pk].published_at.timestamp(),
                -pk,
            ),
        )
        for pk in ranked[:wanted]:
            entity_names = [name for kind, name in shared[pk] if kind != "tags"] or [
                name for _kind, name in shared[pk]
            ]
            chosen.append(RelatedStory(by_id[pk], score=scores[pk], shared=entity_names))
            seen.add(pk)

    wanted = limit - len(chosen)
    if wanted > 0:
        chosen.extend(RelatedStory(fallback) for fallback in _latest(article, seen, wanted))
    return chosen


def _latest(article, seen, wanted):
    """The latest published stories, this article's section first."""
    same_section = list(
        Article.objects.published()
        .filter(section_id=article.section_id)
        .exclude(pk__in=seen)
        .select_related("section")
        .order_by("-published_at", "-pk")[:wanted]
    )
    if len(same_section) == wanted:
        return same_section
    seen = seen | {a.pk for a in same_section}
    elsewhere = (
        Article.objects.published()
        .exclude(pk__in=seen)
        .select_related("section")
        .order_by("-published_at", "-pk")[: wanted - len(same_section)]
    )
    return same_section + list(elsewhere)
