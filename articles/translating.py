"""
Starting a translation of a story.

A translation is a story of its own in another language, in the same
translation group as the original, so each names the others and readers
can move between them. It starts as a draft copy of the original's
structure — section, kind, bylines, organizations, people, tags, source,
the lead image and its credit, and the quotes, each marked with the
language it was said in — with the original's text to translate over. From
then on it goes through the workflow on its own: it is reviewed, scheduled
and published like any story, and never changes when the original does.
"""

import reversion
from django.db import transaction
from django.utils.text import slugify

from articles.models import Article, Byline, Quote
from audit import trail

# Copied as they are; the editor translates the text fields over the original's.
COPIED_FIELDS = [
    "headline",
    "kind",
    "dek",
    "body",
    "seo_title",
    "seo_description",
    "section",
    "dateline",
    "source_name",
    "source_url",
    "source_published_on",
    "source_organization",
    "canonical_url",
    "lead_image",
    "lead_image_renditions",
    "lead_image_focus_x",
    "lead_image_focus_y",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
]


class TranslationExists(Exception):
    """The story already has a version in that language."""

    def __init__(self, existing):
        super().__init__(f"“{existing}” is already its version in {existing.language}.")
        self.existing = existing


def free_slug(base):
    """`base`, or `base-2`, `base-3`…: the first slug no story and no old address uses."""
    from articles.models import ArticleRedirect

    base = slugify(base)[:240] or "translation"
    slug, n = base, 1
    while (
        Article.objects.filter(slug=slug).exists()
        or ArticleRedirect.objects.filter(old_slug=slug).exists()
    ):
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def start_translation(article, language, user):
    """A new draft of `article` in `language`, in its group; raises `TranslationExists`."""
    existing = article.translations(include_unpublished=True).filter(language=language).first()
    if existing is not None or article.language == language:
        raise TranslationExists(existing or article)
    draft = Article(
        **{name: getattr(article, name) for name in COPIED_FIELDS},
        slug=free_slug(f"{article.slug}-{language}"),
        language=language,
        translation_group=article.translation_group,
        status=Article.Status.DRAFT,
        created_by=user,
        updated_by=user,
    )
    with reversion.create_revision():
        draft.save()
        draft.organizations.set(article.organizations.all())
        draft.people.set(article.people.all())
        draft.tags.set(list(article.tags.all()))
        Byline.objects.bulk_create(
            Byline(article=draft, person_id=byline.person_id, position=byline.position)
            for byline in article.bylines.all()
        )
        Quote.objects.bulk_create(
            Quote(
                article=draft,
                speaker_id=quote.speaker_id,
                speaker_title=quote.speaker_title,
                speaker_organization_id=quote.speaker_organization_id,
                text=quote.text,
                position=quote.position,
                # Said in the original's language unless it was itself translated.
                said_in=quote.said_in or article.language,
            )
            for quote in article.quotes.all()
        )
        reversion.set_user(user)
        reversion.set_comment(f"Translation of “{article.headline}” started")
    trail.record(user, "add", draft, f"Translation started from “{article.headline}”")
    return draft
