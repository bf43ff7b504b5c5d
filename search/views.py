"""`/search/?q=`: the organizations and people a query names, then the stories, best first."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.safestring import SafeString
from django.views.generic import ListView

from articles.models import Article
from articles.pagination import ForgivingPaginationMixin
from organizations.models import Organization, Person
from search import conditions
from search.highlight import excerpt, highlight_pattern, mark_matches
from search.matching import search_articles, search_entities
from search.query import parse_query

ENTITIES_SHOWN = 8


@dataclass
class SearchResult:
    """An article as a search result shows it: headline, dek and excerpt highlighted."""

    article: Article
    headline: SafeString
    dek: SafeString
    excerpt: SafeString


@dataclass
class EntityResult:
    entity: Organization | Person
    name: SafeString


class SearchView(ForgivingPaginationMixin, ListView):
    """`/search/?q=`: the entities the query names, then the stories, best first."""

    template_name = "search/results.html"
    context_object_name = "articles"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.terms = parse_query(request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.terms:
            return Article.objects.none()
        return (
            search_articles(self.terms)
            .in_edition(translation.get_language())
            .select_related("section")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pattern = highlight_pattern(self.terms)
        organizations = people = []
        if self.terms and context["page_obj"].number == 1:
            entities = search_entities(self.terms)
            organizations = [
                EntityResult(organization, mark_matches(organization.name, pattern))
                for organization in entities.organizations[:ENTITIES_SHOWN]
            ]
            people = [
                EntityResult(person, mark_matches(person.name, pattern))
                for person in entities.people[:ENTITIES_SHOWN]
            ]
        context.update(
            query=self.terms.text,
            searchable=bool(self.terms),
            results=[
                SearchResult(
                    article=article,
                    headline=mark_matches(article.headline, pattern),
                    dek=mark_matches(article.dek, pattern),
                    excerpt=excerpt(article.body, pattern),
                )
                for article in context["articles"]
            ],
            organizations=organizations,
            people=people,
            newest_only=context["paginator"].count >= conditions.MAX_RANKED,
            max_ranked=conditions.MAX_RANKED,
        )
        return context
