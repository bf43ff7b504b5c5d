"""
The demo newsroom's French and Swedish editions (`demo.translations`):
sections, profiles and bios in each language, and the translated stories,
each linked to its English original. Loaded by `demo.content` after the
English content, with the same rule: a value is written only when it
differs, so loading twice changes nothing.
"""

from articles.models import Article, Byline, Quote, Section
from demo.translations import ORGANIZATIONS, PEOPLE, SECTIONS, TRANSLATED_ARTICLES
from organizations.models import Organization, Person
from richtext.fields import sanitize_html

# The demo illustrations' alt text in each language, by their English text.
ALT_TEXTS = {
    "Illustration: two overlapping circles, one blue and one yellow, above wavy blue lines.": {
        "fr": "Illustration : deux cercles qui se chevauchent, l'un bleu, l'autre jaune, "
        "au-dessus de lignes bleues ondulées.",
        "sv": "Illustration: två cirklar som delvis täcker varandra, en blå och en gul, "
        "ovanför vågiga blå linjer.",
    },
    "Illustration: a grid of yellow dots on a blue background, some joined by lines.": {
        "fr": "Illustration : une grille de points jaunes sur fond bleu, certains reliés "
        "par des traits.",
        "sv": "Illustration: ett rutnät av gula prickar mot blå bakgrund, några "
        "sammanbundna med linjer.",
    },
    "Illustration: nine green bars rising in height from left to right.": {
        "fr": "Illustration : neuf barres vertes de plus en plus hautes, de gauche à droite.",
        "sv": "Illustration: nio gröna staplar som blir högre från vänster till höger.",
    },
    "Illustration: four columns of blue circles, each circle joined by lines to every "
    "circle in the next column, like the layers of a neural network.": {
        "fr": "Illustration : quatre colonnes de cercles bleus, chaque cercle relié à tous "
        "ceux de la colonne suivante, comme les couches d'un réseau de neurones.",
        "sv": "Illustration: fyra kolumner av blå cirklar där varje cirkel är förbunden "
        "med alla i nästa kolumn, som lagren i ett neuralt nätverk.",
    },
    "Illustration: a band of seven joined hexagons drawn in outline, like a molecule.": {
        "fr": "Illustration : une bande de sept hexagones accolés, dessinés au trait, "
        "comme une molécule.",
        "sv": "Illustration: en rad med sju sammanfogade sexhörningar i kontur, som en molekyl.",
    },
}
CREDIT_PREFIX = {"fr": "Illustration : ", "sv": "Illustration: "}


def set_changed(obj, values):
    """Save `obj` with `values` where they differ from what it holds."""
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    for name, value in changed.items():
        setattr(obj, name, value)
    if changed:
        obj.save()


def load_directory():
    for slug, languages in SECTIONS.items():
        section = Section.objects.get(slug=slug)
        set_changed(
            section,
            {
                f"{field}_{language}": value
                for language, texts in languages.items()
                for field, value in texts.items()
            },
        )
    for slug, languages in ORGANIZATIONS.items():
        organization = Organization.objects.get(slug=slug)
        values = {}
        for language, texts in languages.items():
            for field, value in texts.items():
                values[f"{field}_{language}"] = sanitize_html(value) if field == "about" else value
        set_changed(organization, values)
    for slug, bios in PEOPLE.items():
        person = Person.objects.get(slug=slug)
        set_changed(person, {f"bio_{language}": bio for language, bio in bios.items()})


def load_stories(originals, people, organizations):
    """Each translation, a published story in its original's translation group."""
    for data in TRANSLATED_ARTICLES:
        original = originals[data["original"]]
        values = {
            "language": data["language"],
            "translation_group": original.translation_group,
            "headline": data["headline"],
            "dek": data["dek"],
            "body": sanitize_html(data["body"]),
            "dateline": data.get("dateline", original.dateline),
            "lead_image_caption": data.get("caption", original.lead_image_caption),
            "lead_image_alt": ALT_TEXTS.get(original.lead_image_alt, {}).get(
                data["language"], original.lead_image_alt
            ),
            "lead_image_credit": original.lead_image_credit.replace(
                "Illustration: ", CREDIT_PREFIX[data["language"]], 1
            ),
        }
        for name in (
            "kind",
            "section",
            "status",
            "published_at",
            "source_name",
            "source_url",
            "source_organization",
            "lead_image",
            "lead_image_renditions",
        ):
            values.setdefault(name, getattr(original, name))
        article = Article.objects.filter(slug=data["slug"]).first()
        if article is None:
            article = Article.objects.create(slug=data["slug"], **values)
        else:
            set_changed(article, values)
        if set(article.organizations.all()) != set(original.organizations.all()):
            article.organizations.set(original.organizations.all())
        if set(article.people.all()) != set(original.people.all()):
            article.people.set(original.people.all())
        if set(article.tags.names()) != set(data["tags"]):
            article.tags.set(data["tags"])
        for byline in original.bylines.all():
            Byline.objects.get_or_create(
                article=article, position=byline.position, defaults={"person": byline.person}
            )
        originals_quotes = list(original.quotes.all())
        for position, quote in enumerate(data.get("quotes", []), start=1):
            said = originals_quotes[position - 1]
            values = {
                "speaker": people[quote["speaker"]],
                "text": quote["text"],
                "speaker_title": quote["title"],
                "speaker_organization": said.speaker_organization,
                "said_in": said.said_in or original.language,
            }
            found = Quote.objects.filter(article=article, position=position).first()
            if found is None:
                Quote.objects.create(article=article, position=position, **values)
            else:
                set_changed(found, values)


def load(originals, people, organizations):
    load_directory()
    load_stories(originals, people, organizations)
