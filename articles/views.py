from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Byline, Quote, Section


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("section", "source_organization")
            .prefetch_related(
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
        )


class SectionView(ListView):
    template_name = "articles/section_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().filter(section=self.section).select_related("section")

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)
