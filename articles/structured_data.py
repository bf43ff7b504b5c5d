"""
schema.org JSON-LD for article pages: NewsArticle, with its quotes as
Quotation parts and the newsroom as publisher.
"""

from django.conf import settings
from django.templatetags.static import static

from organizations.structured_data import (
    absolute,
    image_object,
    organization_reference,
    person_reference,
)
from richtext.text import plain_text


def publisher(request):
    """The newsroom itself, as publisher of its articles."""
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_NAME,
        "url": absolute(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, static("img/newsroom-logo.png")),
            "width": 600,
            "height": 60,
        },
    }


def lead_images(request, article):
    """
    The lead image in the three proportions search engines ask for: the
    1200×630 card, the largest square and the largest natural rendition.
    """
    picture = article.lead_picture
    if picture is None:
        return []
    return [
        image_object(request, picture.card["url"], picture.card["width"], picture.card["height"]),
        image_object(
            request, picture.square.largest_url, picture.square.width, picture.square.height
        ),
        image_object(
            request, picture.natural.largest_url, picture.natural.width, picture.natural.height
        ),
    ]


def translation_links(request, article, translations):
    """
    How a story relates to its versions in other languages: the first written
    is the original (`workTranslation` lists the others); each later one is a
    `translationOfWork` of it.
    """
    if not translations:
        return {}

    def reference(version):
        return {
            "@type": "NewsArticle",
            "url": absolute(request, version.get_absolute_url()),
            "inLanguage": version.language,
        }

    original = min([article, *translations], key=lambda version: version.pk)
    if original is article:
        return {"workTranslation": [reference(version) for version in translations]}
    return {"translationOfWork": reference(original)}


def news_article(request, article, translations=()):
    """NewsArticle for an article page; expects its relations prefetched."""
    url = absolute(request, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "inLanguage": article.language,
        **translation_links(request, article, translations),
        "headline": article.headline[:110],
        "description": article.dek or plain_text(article.body)[:300],
        "datePublished": (article.published_at or article.updated_at).isoformat(),
        "dateModified": max(
            article.updated_at, article.published_at or article.updated_at
        ).isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "publisher": publisher(request),
        "author": [person_reference(request, byline.person) for byline in article.bylines.all()]
        or [publisher(request)],
        "about": [organization_reference(request, o) for o in article.organizations.all()],
        "mentions": [person_reference(request, p) for p in article.people.all()],
        "image": lead_images(request, article)
        or [absolute(request, static("img/newsroom-logo.png"))],
    }
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.source_display_name or article.source_published_on:
        data["isBasedOn"] = {
            "@type": "CreativeWork",
            **(
                {"publisher": {"@type": "Organization", "name": article.source_display_name}}
                if article.source_display_name
                else {}
            ),
            **({"url": article.source_url} if article.source_url else {}),
            **(
                {"dateCreated": article.source_published_on.isoformat()}
                if article.source_published_on
                else {}
            ),
        }
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": correction.corrected_at.isoformat(),
        }
        for correction in article.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    quotes = [
        {
            "@type": "Quotation",
            "text": quote.text,
            "spokenByCharacter": person_reference(request, quote.speaker),
            **(
                {"creator": organization_reference(request, quote.speaker_organization)}
                if quote.speaker_organization_id
                else {}
            ),
        }
        for quote in article.quotes.all()
    ]
    if quotes:
        data["hasPart"] = quotes
    return data
