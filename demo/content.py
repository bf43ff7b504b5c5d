"""
The demo newsroom: the founding story as structured content.

The facts come from a trade-press announcement (CDO Magazine) that Mila
partners with AI Sweden; the prose is the newsroom's own, the two quotes are
reproduced verbatim with their speakers, and the source is credited. The
explainers add no facts beyond that announcement.

`load_demo()` is idempotent: each object is found by its natural key and
saved only when a value differs, so a second run changes nothing. Each story
gets a lead illustration drawn by the project (`demo/illustrations.py`) only when
it has no lead image, so an editor's own image is never replaced.
"""

import datetime
import functools
import io

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import translation

from articles.models import Article, Byline, Quote, Section
from demo import editions, illustrations
from demo.directory import ORGANIZATIONS, PEOPLE, RELATIONSHIPS, REPORTERS
from organizations.dates import DatePrecision
from organizations.models import Affiliation, Organization, Person, Relationship
from richtext.fields import sanitize_html

UTC = datetime.UTC

SECTIONS = [
    {
        "slug": "news",
        "name": "News",
        "order": 1,
        "description": "What happened, and why it matters.",
    },
    {
        "slug": "institutions",
        "name": "Institutions",
        "order": 2,
        "description": "Background on the institutions in the news.",
    },
]


BENGIO_QUOTE = (
    "Sweden and Québec have a lot in common, and this partnership with AI Sweden means "
    "that we can share knowledge and strengthen each other's work to accelerate AI "
    "research and development in our communities. We are very pleased to welcome AI "
    "Sweden into Mila's ecosystem and to our premises in Montreal"
)
SVENSSON_QUOTE = (
    "Through the partnership with Mila, we can connect organizations and companies in "
    "Sweden closer to the AI hub that Montreal constitutes and create great opportunities "
    "for collaboration, talent exchanges and knowledge transfer with one of the world's "
    "foremost AI ecosystems. We are very happy to initiate this relationship to "
    "strengthen Swedish competitiveness and welfare"
)

FOUNDING_STORY_SLUG = "mila-partners-with-ai-sweden"

ARTICLES = [
    {
        "slug": "what-is-ai-sweden",
        "bylines": ["erik-lindqvist"],
        "illustration": "node_grid",
        "headline": "What is AI Sweden?",
        "kind": Article.Kind.EXPLAINER,
        "section": "institutions",
        "published_at": datetime.datetime(2022, 2, 14, 9, 0, tzinfo=UTC),
        "dek": "Sweden's national centre for applied AI now has a foothold in Montreal.",
        "body": (
            "<p>AI Sweden is Sweden's national centre for applied artificial "
            "intelligence. Its co-director is Martin Svensson.</p>"
            "<h2>A base in Montreal</h2>"
            "<p>Since fall 2021 the centre has had staff working from Mila's offices in "
            "Montreal, a presence partly financed by Vinnova, Sweden's innovation "
            "agency.</p>"
        ),
        "organizations": ["ai-sweden", "mila", "vinnova"],
        "people": ["martin-svensson"],
        "tags": ["Artificial intelligence", "Sweden", "Montreal"],
    },
    {
        "slug": "vinnova-swedens-innovation-agency",
        "bylines": ["erik-lindqvist"],
        "illustration": "rising_bars",
        "headline": "Vinnova, Sweden's innovation agency",
        "kind": Article.Kind.EXPLAINER,
        "section": "institutions",
        "published_at": datetime.datetime(2022, 2, 14, 10, 0, tzinfo=UTC),
        "dek": "The public agency behind part of AI Sweden's move to Montreal.",
        "body": (
            "<p>Vinnova is Sweden's innovation agency. It partly finances AI Sweden's "
            "investment in Montreal, which places Swedish staff at Mila.</p>"
            "<p>Sweden is counted among the world's most innovative countries. Its public "
            "sector is well organized and has long documented its work and collected "
            "data.</p>"
        ),
        "organizations": ["vinnova", "ai-sweden"],
        "people": [],
        "tags": ["Sweden", "Research funding"],
    },
    {
        "slug": "mila-montreals-deep-learning-institute",
        "illustration": "layered_network",
        "headline": "Mila, Montreal's deep learning institute",
        "kind": Article.Kind.EXPLAINER,
        "section": "institutions",
        "published_at": datetime.datetime(2022, 2, 14, 11, 0, tzinfo=UTC),
        "dek": "The academic institute at the centre of Montreal's AI ecosystem.",
        "body": (
            "<p>Mila is the largest academic research institute in deep learning, and "
            "the main reason Montreal counts as a global hub for AI research. Yoshua "
            "Bengio is its founder and scientific director.</p>"
            "<h2>Partners</h2>"
            "<ul><li>AstraZeneca, since 2021, on AI for drug discovery.</li>"
            "<li>AI Sweden, which has worked from Mila's offices since fall 2021.</li></ul>"
        ),
        "organizations": ["mila", "astrazeneca", "ai-sweden"],
        "people": ["yoshua-bengio"],
        "tags": ["Artificial intelligence", "Deep learning", "Montreal"],
    },
    {
        "slug": "astrazeneca-and-mila-ai-for-drug-discovery",
        "illustration": "hexagons",
        "headline": "AstraZeneca and Mila: AI for drug discovery",
        "kind": Article.Kind.EXPLAINER,
        "section": "institutions",
        "published_at": datetime.datetime(2022, 2, 14, 12, 0, tzinfo=UTC),
        "dek": "A biopharmaceutical company's 2021 partnership with Montreal's AI institute.",
        "body": (
            "<p>AstraZeneca, a global biopharmaceutical company, partnered with Mila in "
            "2021. The aim is to make the most of AI in healthcare, in particular for "
            "drug discovery.</p>"
        ),
        "organizations": ["astrazeneca", "mila"],
        "people": [],
        "tags": ["Artificial intelligence", "Healthcare"],
    },
    {
        "slug": FOUNDING_STORY_SLUG,
        "bylines": ["camille-roy", "erik-lindqvist"],
        "illustration": "two_circles",
        "caption": "AI Sweden's Montreal staff have worked from Mila's offices since fall 2021.",
        "headline": (
            "Mila and AI Sweden join forces, bringing Sweden's national AI centre to Montreal"
        ),
        "kind": Article.Kind.NEWS,
        "section": "news",
        "published_at": datetime.datetime(2022, 2, 15, 14, 0, tzinfo=UTC),
        "dek": (
            "AI Sweden has worked from Mila's offices since fall 2021. A partnership, "
            "partly financed by Vinnova, now sets out to link AI research in the two "
            "countries."
        ),
        "dateline": "US and Canada",
        "source_name": "CDO Magazine",
        "source_url": "https://www.cdomagazine.tech",
        "source_organization": "cdo-magazine",
        "body": (
            "<p>Mila, the Montreal institute that is the largest academic research centre "
            "for deep learning, has announced a partnership with AI Sweden, Sweden's "
            "national centre for applied artificial intelligence. The two have shared "
            "Mila's offices since fall 2021; the agreement commits them to look for ways "
            "to work together, to tie the two countries closer and to strengthen Sweden's "
            "competitive position in AI.</p>"
            "<p>What drew AI Sweden was Montreal itself: the city has become one of the "
            "world's centres of AI research, and Mila leads it. That is why the Swedish "
            "centre picked the institute as its partner and set up a collaboration hub "
            "there.</p>"
            "<h2>Staff in Montreal, funding from Stockholm</h2>"
            "<p>Under the investment, partly financed by Vinnova, Sweden's innovation "
            "agency, AI Sweden places staff at Mila and so gains a physical presence in "
            "Montreal. The partnership will concentrate on linking the two countries "
            "through collaborations in AI research. Canada, for its part, is a leading "
            "force in the Global Partnership on Artificial Intelligence (GPAI).</p>"
            "<p>Mila already has an industrial partner in healthcare: AstraZeneca, the "
            "biopharmaceutical company, partnered with the institute in 2021 to apply AI "
            "to drug discovery.</p>"
            "<p>The announcement also pointed to Sweden's place among the most innovative "
            "nations and to its orderly public sector, which has recorded and gathered "
            "data for generations.</p>"
        ),
        "organizations": ["mila", "ai-sweden", "vinnova", "astrazeneca"],
        "people": ["yoshua-bengio", "martin-svensson"],
        "tags": [
            "Artificial intelligence",
            "Research partnerships",
            "Sweden",
            "Canada",
            "Montreal",
        ],
        "quotes": [
            {
                "speaker": "yoshua-bengio",
                "text": BENGIO_QUOTE,
                "title": "Founder and Scientific Director",
                "organization": "mila",
            },
            {
                "speaker": "martin-svensson",
                "text": SVENSSON_QUOTE,
                "title": "Co-Director",
                "organization": "ai-sweden",
            },
        ],
        "pinned_related": ["what-is-ai-sweden"],
    },
]


def upsert(model, lookup, values):
    """Create the object, or update it only where a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
    return obj


@functools.cache
def _rendered(illustration):
    """A drawing checked and rendered once per process (it is the same every time)."""
    png, _alt = illustrations.drawing(illustration)
    field = Article._meta.get_field("lead_image")
    return field.render(io.BytesIO(png), field.focus(Article()))


def illustration_values(data, article):
    """The lead image fields for a story without a lead image (its files stored); else {}."""
    image = article.lead_image if article is not None else None
    if image and image.storage.exists(image.name):
        return {}
    field = Article._meta.get_field("lead_image")
    name, manifest = field.write(_rendered(data["illustration"]), written=[])
    return {
        "lead_image": name,
        "lead_image_renditions": manifest,
        "lead_image_alt": illustrations.drawing(data["illustration"])[1],
        "lead_image_caption": data.get("caption", ""),
        "lead_image_credit": f"Illustration: {settings.NEWSROOM_NAME}",
    }


def set_members(manager, objects):
    """Set a many-to-many relation only if it differs (a no-op set still records a revision)."""
    if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in objects}:
        manager.set(objects)


@transaction.atomic
def load_demo():
    """Load (or bring up to date) the demo content; return the founding story."""
    # Articles saved here start their history like any other save.
    # Texts given without a language are the English ones (django-modeltranslation).
    with reversion.create_revision(), translation.override(settings.LANGUAGE_CODE):
        reversion.set_comment("Demo content loaded")
        return _load()


def _load():
    sections = {
        data["slug"]: upsert(
            Section, {"slug": data["slug"]}, {k: v for k, v in data.items() if k != "slug"}
        )
        for data in SECTIONS
    }
    organizations = {}
    for data in ORGANIZATIONS:
        values = {k: v for k, v in data.items() if k != "slug"}
        if "about" in values:
            values["about"] = sanitize_html(values["about"])
        organizations[data["slug"]] = upsert(Organization, {"slug": data["slug"]}, values)

    people = {}
    for data in PEOPLE:
        person = upsert(Person, {"slug": data["slug"]}, {"name": data["name"], "bio": data["bio"]})
        organization_slug, title = data["affiliation"]
        upsert(
            Affiliation,
            {"person": person, "organization": organizations[organization_slug], "title": title},
            {},
        )
        people[data["slug"]] = person
    for data in REPORTERS:
        people[data["slug"]] = upsert(
            Person, {"slug": data["slug"]}, {"name": data["name"], "bio": data["bio"]}
        )

    for data in RELATIONSHIPS:
        upsert(
            Relationship,
            {
                "from_organization": organizations[data["from"]],
                "to_organization": organizations[data["to"]],
                "kind": data["kind"],
            },
            {
                "since": data.get("since"),
                "since_precision": data.get("since_precision", DatePrecision.DAY),
                "summary": data["summary"],
            },
        )

    articles = {}
    for data in ARTICLES:
        values = {
            "headline": data["headline"],
            "kind": data["kind"],
            "section": sections[data["section"]],
            "status": Article.Status.PUBLISHED,
            "published_at": data["published_at"],
            "dek": data["dek"],
            "body": sanitize_html(data["body"]),
            "dateline": data.get("dateline", ""),
            "source_name": data.get("source_name", ""),
            "source_url": data.get("source_url", ""),
            "source_organization": organizations.get(data.get("source_organization")),
        }
        existing = Article.objects.filter(slug=data["slug"]).first()
        values.update(illustration_values(data, existing))
        article = upsert(Article, {"slug": data["slug"]}, values)
        set_members(article.organizations, [organizations[slug] for slug in data["organizations"]])
        set_members(article.people, [people[slug] for slug in data["people"]])
        for position, slug in enumerate(data.get("bylines", ["camille-roy"]), start=1):
            upsert(Byline, {"article": article, "position": position}, {"person": people[slug]})
        if set(article.tags.names()) != set(data["tags"]):
            article.tags.set(data["tags"])
        for position, quote in enumerate(data.get("quotes", []), start=1):
            upsert(
                Quote,
                {"article": article, "position": position},
                {
                    "speaker": people[quote["speaker"]],
                    "text": quote["text"],
                    "speaker_title": quote["title"],
                    "speaker_organization": organizations[quote["organization"]],
                },
            )
        set_members(
            article.pinned_related, [articles[slug] for slug in data.get("pinned_related", [])]
        )
        articles[data["slug"]] = article
    # The French and Swedish editions: the founding story and its explainers.
    editions.load(articles, people, organizations)
    return articles[FOUNDING_STORY_SLUG]
