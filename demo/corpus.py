"""
A synthetic archive for benchmarks: realistic in shape, obviously fake in content.

`generate(articles=N, seed=S)` writes, with bulk inserts:

- 8 sections;
- about N/50 organizations and N/10 people, every name ending in
  "(synthetic)", each person affiliated with one organization;
- topic clusters (about one per 400 articles). Each topic has its own
  organizations, people and tags; an article belongs to one topic and covers
  mostly its entities, which is what related stories should find;
- a few "hub" organizations that appear in a large share of all articles
  (the worst case for related stories and profile pages);
- tags drawn from a long tail (Zipf): a handful very common, most rare;
- quotes by the topic's people; a small share of drafts, stories in review
  and scheduled stories.

The same seed always gives the same archive. An article's topic is recorded
only in its slug (`t0042-…`), which nothing but the quality benchmark reads.
"""

import datetime
import random
import sys
import time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Quote, Section
from organizations.models import Affiliation, Organization, Person

BATCH = 2000
SECTIONS = ["News", "Research", "Policy", "Industry", "Funding", "People", "Analysis", "Regions"]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ven",
    "tor",
    "sel",
    "an",
    "qui",
    "dra",
    "mo",
    "zen",
    "fal",
    "ric",
    "bel",
    "ost",
    "lu",
    "ner",
    "cas",
    "vi",
]
ORG_KINDS = [kind for kind, _label in Organization.Kind.choices if kind != "publisher"]
FIRST_NAMES = [
    "Ada",
    "Bo",
    "Cyd",
    "Dee",
    "Eli",
    "Fay",
    "Gus",
    "Hal",
    "Ivy",
    "Jo",
    "Kai",
    "Lev",
    "Mae",
    "Ned",
    "Ora",
    "Pia",
    "Rex",
    "Sol",
    "Tam",
    "Uma",
]
WORDS = [
    "research",
    "institute",
    "partnership",
    "funding",
    "model",
    "data",
    "laboratory",
    "centre",
    "agency",
    "network",
    "programme",
    "study",
    "results",
    "announced",
    "collaboration",
    "national",
    "public",
    "science",
    "policy",
    "investment",
    "scholars",
    "team",
    "computing",
    "health",
    "climate",
    "energy",
    "university",
    "students",
    "open",
    "platform",
    "pilot",
    "evaluation",
    "report",
    "budget",
]
START = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
SPAN_SECONDS = 5 * 365 * 24 * 3600


def _name(rng, parts=3):
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _sentence(rng, words=14):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng, count=4):
    return "".join(
        "<p>" + " ".join(_sentence(rng) for _ in range(4)) + "</p>" for _ in range(count)
    )


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label, total, stream=sys.stderr):
        self.label, self.total, self.stream = label, total, stream
        self.started = time.monotonic()

    def update(self, done):
        width = 30
        filled = int(width * done / max(self.total, 1))
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{self.label:<10} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done}/{self.total} {elapsed:5.1f}s"
        )
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _bulk(model, objects, **kwargs):
    return model.objects.bulk_create(objects, batch_size=BATCH, **kwargs)


@transaction.atomic
def generate(articles=1000, seed=1, now=None, stream=sys.stderr):
    """Write the archive; return a summary dict of counts."""
    rng = random.Random(seed)
    now = now or datetime.datetime.now(datetime.UTC)
    tag = f"s{seed}"  # keeps slugs apart when several corpora share a database

    sections = _bulk(
        Section,
        [
            Section(name=f"{name} ({tag})", slug=slugify(f"{name}-{tag}"), order=index)
            for index, name in enumerate(SECTIONS)
        ],
    )

    organization_count = max(articles // 50, 12)
    organizations = _bulk(
        Organization,
        [
            Organization(
                name=f"{_name(rng)} {rng.choice(['Institute', 'Lab', 'Agency', 'Group'])} "
                f"{n:05d} (synthetic)",
                slug=f"org-{tag}-{n:05d}",
                kind=rng.choice(ORG_KINDS),
                description="A synthetic organization for benchmarks.",
                country=rng.choice(["Canada", "Sweden", "France", "Japan", "Kenya"]),
            )
            for n in range(organization_count)
        ],
    )
    people_count = max(articles // 10, 20)
    people = _bulk(
        Person,
        [
            Person(
                name=f"{rng.choice(FIRST_NAMES)} {_name(rng, 2)} {n:05d} (synthetic)",
                slug=f"person-{tag}-{n:05d}",
            )
            for n in range(people_count)
        ],
    )
    _bulk(
        Affiliation,
        [
            Affiliation(person=person, organization=rng.choice(organizations), title="Director")
            for person in people
        ],
    )

    # Long-tail tags: the k-th most common is drawn with weight 1/k.
    tag_count = max(articles // 20, 30)
    tags = _bulk(
        Tag,
        [
            Tag(name=f"topic word {n:05d} {tag}", slug=f"tag-{tag}-{n:05d}")
            for n in range(tag_count)
        ],
    )
    tag_weights = [1 / (rank + 1) for rank in range(tag_count)]

    hubs = organizations[:3]
    topic_count = max(articles // 400, 5)
    topics = []
    for _ in range(topic_count):
        topics.append(
            {
                "organizations": rng.sample(organizations[3:], 4),
                "people": rng.sample(people, 4),
                "tags": rng.sample(tags[20:], 3),  # topic tags come from the long tail
                "section": rng.choice(sections),
            }
        )

    statuses = (
        [Article.Status.PUBLISHED] * 94
        + [Article.Status.DRAFT] * 3
        + [Article.Status.REVIEW] * 2
        + [Article.Status.ARCHIVED]
    )
    progress = Progress("articles", articles, stream)
    article_content_type = ContentType.objects.get_for_model(Article)
    links = {"organizations": [], "people": []}
    tagged, quotes = [], []
    OrganizationLink = Article.organizations.through
    PersonLink = Article.people.through

    for start in range(0, articles, BATCH):
        batch = []
        plans = []
        for n in range(start, min(start + BATCH, articles)):
            topic_index = rng.randrange(topic_count)
            topic = topics[topic_index]
            status = rng.choice(statuses)
            published_at = START + datetime.timedelta(seconds=rng.randrange(SPAN_SECONDS))
            if status == Article.Status.PUBLISHED and rng.random() < 0.01:
                published_at = now + datetime.timedelta(days=rng.randint(1, 30))  # scheduled
            batch.append(
                Article(
                    headline=f"{_sentence(rng, 8)[:-1]} ({n})",
                    slug=f"t{topic_index:04d}-{tag}-{n:06d}",
                    dek=_sentence(rng, 20),
                    body=_paragraphs(rng),
                    section=topic["section"] if rng.random() < 0.7 else rng.choice(sections),
                    status=status,
                    published_at=published_at if status != Article.Status.DRAFT else None,
                )
            )
            covered = rng.sample(topic["organizations"], rng.randint(1, 3))
            if rng.random() < 0.35:
                covered.append(rng.choice(hubs))
            plans.append(
                {
                    "organizations": covered,
                    "people": rng.sample(topic["people"], rng.randint(1, 2)),
                    "tags": set(rng.sample(topic["tags"], 2))
                    | set(rng.choices(tags, weights=tag_weights, k=2)),
                }
            )
        created = _bulk(Article, batch)
        for article, plan in zip(created, plans, strict=True):
            links["organizations"] += [
                OrganizationLink(article_id=article.pk, organization_id=o.pk)
                for o in {o.pk: o for o in plan["organizations"]}.values()
            ]
            links["people"] += [
                PersonLink(article_id=article.pk, person_id=p.pk) for p in plan["people"]
            ]
            tagged += [
                TaggedItem(tag=t, content_type=article_content_type, object_id=article.pk)
                for t in plan["tags"]
            ]
            for position, speaker in enumerate(plan["people"][: rng.randint(0, 2)], start=1):
                quotes.append(
                    Quote(
                        article=article,
                        speaker=speaker,
                        text=_sentence(rng, 18),
                        speaker_title="Director",
                        position=position,
                    )
                )
        progress.update(min(start + BATCH, articles))

    _bulk(OrganizationLink, links["organizations"])
    _bulk(PersonLink, links["people"])
    _bulk(TaggedItem, tagged)
    _bulk(Quote, quotes)
    return {
        "sections": len(sections),
        "organizations": len(organizations),
        "people": len(people),
        "tags": len(tags),
        "topics": topic_count,
        "articles": articles,
        "quotes": len(quotes),
    }


def topic_of(article):
    """The topic cluster an article was generated in (from its slug), or None."""
    head = article.slug.split("-", 1)[0]
    return int(head[1:]) if head.startswith("t") and head[1:].isdigit() else None
