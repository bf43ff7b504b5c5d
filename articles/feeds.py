"""
RSS 2.0 and Atom feeds: the latest stories, and the latest of a section,
a tag or an organization.

Every feed reads articles through `Article.objects.published()` and fetches
bylines and tags in one query each, so a feed costs the same few queries
whatever its length.

Names and headlines are text, whatever characters they hold: RSS readers
render titles and descriptions as HTML, so those are escaped (Atom's are
plain text and are not), and characters XML cannot carry are dropped
rather than breaking the whole feed.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, translation
from django.utils.html import escape
from django.utils.text import Truncator

from articles.models import Article, Byline, Section, public_tags
from organizations.models import Organization
from richtext.text import plain_text, xml_text

ITEMS_PER_FEED = 20
EXCERPT_WORDS = 60
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def plain_text_excerpt(body, words=EXCERPT_WORDS):
    """The opening words of a rich-text body as plain text, without markup or entities."""
    return Truncator(plain_text(body)).words(words, truncate="…")


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class XmlSafeFeedMixin:
    """Drops the characters XML cannot carry from every value of the feed and its items."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *(_xml_safe(arg) for arg in args), **{k: _xml_safe(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *(_xml_safe(arg) for arg in args), **{k: _xml_safe(v) for k, v in kwargs.items()}
        )


class BylinedRssFeed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with one `<dc:creator>` per byline, in the order the byline reads."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)


class BylinedAtomFeed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    """Atom with one `<author>` per byline, in the order the byline reads."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class LatestFeed(Feed):
    """The latest stories from every section, as RSS 2.0."""

    feed_type = BylinedRssFeed
    item_guid_is_permalink = True
    # RSS readers treat titles and descriptions as HTML; Atom's are plain text.
    escapes_text = True

    def text(self, value):
        """`value` as the feed format expects text: escaped for RSS, as it is for Atom."""
        return escape(value) if self.escapes_text else value

    # The feed as a whole.

    def title(self, obj):
        return self.text(f"{settings.NEWSROOM_NAME}: latest stories")

    def link(self, obj):
        return reverse("home")

    def description(self, obj):
        return self.text(f"The latest stories from {settings.NEWSROOM_NAME}.")

    def author_name(self, obj):
        return settings.NEWSROOM_NAME

    def articles(self, obj):
        """The published articles of the feed's edition (its language); subclasses narrow it."""
        return Article.objects.published().in_edition(translation.get_language())

    def items(self, obj):
        return (
            self.articles(obj)
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("person")),
                "tags",
            )
            .newest_first()[:ITEMS_PER_FEED]
        )

    # Each story.

    def item_title(self, article):
        # An “&” in a headline is escaped once more for RSS.
        return self.text(article.headline)

    def item_description(self, article):
        # Plain text, escaped: RSS descriptions and Atom summaries are both read as HTML.
        return escape(article.dek or plain_text_excerpt(article.body))

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        # A scheduled story may have been last saved before it went live.
        return max(article.updated_at, article.published_at)

    def item_categories(self, article):
        return sorted(tag.name for tag in article.tags.all())

    def item_extra_kwargs(self, article):
        authors = [byline.person.name for byline in article.bylines.all()]
        return {"authors": authors or [settings.NEWSROOM_NAME]}


class LatestAtomFeed(LatestFeed):
    """The latest stories, as Atom."""

    feed_type = BylinedAtomFeed
    # Atom titles are plain text (type="text"); escaping would show “&amp;”.
    escapes_text = False

    def subtitle(self, obj):
        return self.description(obj)


class SectionFeed(LatestFeed):
    """The latest stories of one section."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return self.text(f"{settings.NEWSROOM_NAME}: {section.name}")

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return self.text(f"The latest stories in {section.name} from {settings.NEWSROOM_NAME}.")

    def articles(self, section):
        return super().articles(section).filter(section=section)


class TagFeed(LatestFeed):
    """The latest stories with one tag."""

    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, tag):
        return self.text(f"{settings.NEWSROOM_NAME}: {tag.name}")

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return self.text(f"The latest stories tagged “{tag.name}” from {settings.NEWSROOM_NAME}.")

    def articles(self, tag):
        return super().articles(tag).filter(tags=tag)


class OrganizationFeed(LatestFeed):
    """The latest stories covering one organization."""

    def get_object(self, request, slug):
        return get_object_or_404(Organization.objects.public(), slug=slug)

    def title(self, organization):
        return self.text(f"{settings.NEWSROOM_NAME}: {organization.name}")

    def link(self, organization):
        return organization.get_absolute_url()

    def description(self, organization):
        return self.text(f"{settings.NEWSROOM_NAME}'s latest coverage of {organization.name}.")

    def articles(self, organization):
        return super().articles(organization).filter(organizations=organization)
