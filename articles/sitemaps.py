"""
Sitemaps for search engines: `/sitemap.xml` lists every public page,
`/news-sitemap.xml` the stories of the last two days in Google News format.

Articles come only from `Article.objects.published()`. Locations use the
scheme and host the sitemap was requested with (RequestSite; the sites
framework is not installed). A story with versions in other languages
lists them as `xhtml:link` alternates; sections, tags and the directory,
which every edition has, are listed in each language with theirs.
"""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView
from taggit.models import Tag

from articles.models import Article, Section
from organizations.models import Organization, Person
from richtext.text import xml_text

# Google News takes stories published in the last two days, at most 1,000 a sitemap.
NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1000

# What `<slug:slug>` in the tag URLs accepts; taggit may also make Unicode slugs.
URL_SLUG = r"^[-a-zA-Z0-9_]+$"


def latest_published_at(**filters):
    """A subquery: the publish time of the newest published article matching `filters`."""
    return Subquery(
        Article.objects.published()
        .filter(**filters)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


class EveryEdition(Sitemap):
    """Pages every language's edition has: each listed per language, with its alternates."""

    i18n = True
    alternates = True
    x_default = True


class SectionSitemap(EveryEdition):
    """Section pages, last modified when their newest story went out."""

    def items(self):
        return Section.objects.annotate(
            latest_published_at=latest_published_at(section=OuterRef("pk"))
        ).order_by("order", "name")

    def lastmod(self, section):
        return section.latest_published_at


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at", "language", "translation_group")
            .newest_first()
        )

    def _urls(self, page, protocol, domain):
        """Each story once, at its own address, naming its published versions in other languages."""
        urls = super()._urls(page, protocol, domain)
        groups = {}
        versions = (
            Article.objects.published()
            .listing(None)
            .filter(translation_group__in={url["item"].translation_group for url in urls})
            .values_list("translation_group", "language", "slug")
        )
        for group, language, slug in versions:
            version = Article(slug=slug, language=language)
            location = f"{protocol}://{domain}{version.get_absolute_url()}"
            groups.setdefault(group, []).append({"lang_code": language, "location": location})
        for url in urls:
            siblings = groups.get(url["item"].translation_group, [])
            if len(siblings) > 1:
                url["alternates"] = sorted(siblings, key=lambda version: version["lang_code"])
        return urls

    def lastmod(self, article):
        # A scheduled story may have been last saved before it went live.
        return max(article.updated_at, article.published_at)


class TagSitemap(EveryEdition):
    """Tag pages that have at least one published story."""

    def items(self):
        return (
            Tag.objects.annotate(latest_published_at=latest_published_at(tags=OuterRef("pk")))
            .filter(latest_published_at__isnull=False, slug__regex=URL_SLUG)
            .order_by("name")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.latest_published_at


class OrganizationSitemap(EveryEdition):
    def items(self):
        return Organization.objects.public().only("slug", "updated_at").order_by("name", "pk")

    def lastmod(self, organization):
        return organization.updated_at


class PersonSitemap(EveryEdition):
    def items(self):
        return Person.objects.public().only("slug", "updated_at").order_by("name", "pk")

    def lastmod(self, person):
        return person.updated_at


sitemaps = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "organizations": OrganizationSitemap,
    "people": PersonSitemap,
}


def news_articles(now=None):
    """Published stories of the last 48 hours, newest first, as many as Google News reads."""
    now = now or timezone.now()
    return (
        Article.objects.published()
        .filter(published_at__gte=now - NEWS_WINDOW)
        .only("headline", "slug", "published_at", "language")
        .newest_first()[:NEWS_LIMIT]
    )


def w3c_datetime(moment):
    """2025-03-14T12:00:00+00:00: W3C datetime to the second, in UTC."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


@method_decorator(x_robots_tag, name="dispatch")
class NewsSitemapView(TemplateView):
    """The Google News sitemap; the template escapes headlines, so any text stays valid XML."""

    template_name = "sitemaps/news_sitemap.xml"
    content_type = "application/xml"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        entries = [
            {
                "location": self.request.build_absolute_uri(article.get_absolute_url()),
                "title": xml_text(article.headline),
                "publication_date": w3c_datetime(article.published_at),
                "language": article.language,
            }
            for article in news_articles()
        ]
        return super().get_context_data(
            publication_name=settings.NEWSROOM_NAME,
            entries=entries,
            **kwargs,
        )
