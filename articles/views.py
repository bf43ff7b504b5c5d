from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.generic import DetailView, ListView

from articles.body import interleave_quotes
from articles.models import (
    Article,
    ArticleRedirect,
    Byline,
    Quote,
    Section,
    public_tags,
    published_condition,
)
from articles.pagination import ForgivingPaginationMixin
from articles.related import related_stories
from articles.sql import union_of_ids
from articles.structured_data import news_article


def article_list_queryset():
    """
    Published articles as lists show them: those of the reader's edition
    (`in_edition`: in the page's language, or in none of its versions), with
    their section, newest first.

    Sections come in a second small query rather than a join: joined, SQLite
    starts from the sections table and sorts every article instead of reading
    the newest off the publish-time index.
    """
    return (
        Article.objects.published()
        .in_edition(translation.get_language())
        .prefetch_related("section")
        .newest_first()
    )


def front_page_sections(sections, per_section=4, exclude=()):
    """
    The latest `per_section` stories of each section: the ids in one query
    (a LIMIT subquery per section, each read off the section index), then
    the stories themselves.
    """
    latest = article_list_queryset().exclude(pk__in=exclude)
    ids = union_of_ids(
        latest.filter(section=section).values("pk")[:per_section] for section in sections
    )
    by_section = {}
    for article in article_list_queryset().filter(pk__in=ids):
        by_section.setdefault(article.section_id, []).append(article)
    return [(section, by_section[section.pk]) for section in sections if section.pk in by_section]


class ArticleDetailView(DetailView):
    """A published article; with `preview=True`, any article, by the pk a preview link opened."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    preview = False

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            if self.preview:
                raise
            # An old slug of a published article answers with a permanent redirect.
            moved = (
                ArticleRedirect.objects.filter(
                    published_condition("article__"), old_slug=kwargs["slug"]
                )
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
        return response

    def render_to_response(self, context, **response_kwargs):
        article = self.object
        if not self.preview and article.language != translation.get_language():
            # A story has one address, in its own language's edition.
            return HttpResponsePermanentRedirect(article.get_absolute_url())
        return super().render_to_response(context, **response_kwargs)

    def get_queryset(self):
        # One story, not a list (`articles.caching`).
        articles = Article.objects.all() if self.preview else Article.objects.published()
        articles = articles.listing(None)
        return articles.select_related("section", "source_organization").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("speaker", "speaker_organization"),
            ),
            "organizations",
            "people",
            "tags",
            "corrections",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["body_parts"] = interleave_quotes(article.body, article.quotes.all())
        context["related_stories"] = related_stories(article)
        translations = [] if self.preview else list(article.translations())
        context["translations"] = translations
        context["structured_data"] = news_article(self.request, article, translations)
        context["preview"] = self.preview
        # The language switcher and hreflang links name this story's versions.
        self.request.translations = {
            version.language: version.get_absolute_url() for version in [article, *translations]
        }
        return context


class ArchiveView(ForgivingPaginationMixin, ListView):
    template_name = "articles/archive.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return article_list_queryset()


class SectionView(ForgivingPaginationMixin, ListView):
    template_name = "articles/section_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return article_list_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(ForgivingPaginationMixin, ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.tag = get_object_or_404(public_tags(), slug=self.kwargs["slug"])
        return article_list_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
