"""
The Content API's endpoints: read-only, anonymous, and limited to what
readers may see. Stories come from `Article.objects.published()`, the
directory from `public()`, quotes from published stories only, as on the
site's pages; each response carries the page cache's tags, so a story
unpublished or edited is purged from the API with its page.

Query counts stay flat as the archive grows: lists prefetch what they show
and page by cursor; a story costs a fixed number of queries, its related
stories included (`articles.related`).
"""

from django.db.models import Prefetch, Q, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api import filters, maps, pagination
from api.serializers import (
    ArticleSerializer,
    ArticleSummarySerializer,
    OrganizationSerializer,
    OrganizationSummarySerializer,
    PersonSerializer,
    PersonSummarySerializer,
    QuoteSerializer,
    SectionSerializer,
    TagSerializer,
)
from articles.models import (
    Article,
    Byline,
    Quote,
    Section,
    public_tags,
    published_condition,
)
from articles.related import related_stories
from organizations.models import Affiliation, Organization, Person, Relationship
from pagecache import tags
from search.matching import search_articles

# Every query parameter the API reads; the page cache keeps these and drops others.
QUERY_PARAMETERS = {
    "cursor",
    "page_size",
    "format",
    *filters.ArticleFilters().fields,
    *filters.OrganizationFilters().fields,
    *filters.QuoteFilters().fields,
    *maps.NeighbourhoodFilters().fields,
    *maps.DirectoryFilters().fields,
    # The reference page's own (`/api/docs/`).
    "script",
    "lang",
}
QUOTES_ON_A_PERSON = 20
ARTICLES_LIST = "list-articles"


def slug_example(description, example):
    """The `slug` path parameter, with one the demo site has, for the reference page to try."""
    return OpenApiParameter(
        "slug",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description=description,
        examples=[OpenApiExample("From the demo site", value=example)],
    )


def bylines():
    return Prefetch("bylines", queryset=Byline.objects.select_related("person"))


def quotes():
    """Quotes from published stories, with their speakers, organizations and stories."""
    return Quote.objects.filter(published_condition("article__")).select_related(
        "speaker", "speaker_organization", "article"
    )


class ReadOnlyViewSet(viewsets.GenericViewSet):
    lookup_field = "slug"
    metadata_class = None  # OPTIONS is for CORS preflights, which the middleware answers
    filters = None

    def filtered_by(self):
        if self.filters is None or self.action != "list":
            return {}
        return filters.read(self.filters, self.request)


@extend_schema_view(
    list=extend_schema(
        summary="Published stories, newest first",
        parameters=[filters.ArticleFilters],
    ),
    retrieve=extend_schema(
        summary="A published story, whole, with its related stories",
        parameters=[slug_example("The story's slug.", "mila-partners-with-ai-sweden")],
    ),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReadOnlyViewSet):
    filters = filters.ArticleFilters
    pagination_class = pagination.NewestFirst

    def get_serializer_class(self):
        return ArticleSerializer if self.action == "retrieve" else ArticleSummarySerializer

    def get_queryset(self):
        if self.action == "retrieve":
            # One story, not a list (`articles.caching`).
            return (
                Article.objects.published()
                .listing(None)
                .select_related("section", "source_organization")
                .prefetch_related(
                    bylines(),
                    Prefetch("quotes", queryset=quotes()),
                    "organizations",
                    "people",
                    "tags",
                    "corrections",
                )
            )
        articles = Article.objects.published().prefetch_related("section", bylines())
        wanted = self.filtered_by()
        if section := wanted.get("section"):
            articles = articles.filter(section__slug=section)
        if tag := wanted.get("tag"):
            articles = articles.filter(tags__slug=tag)
        if organization := wanted.get("organization"):
            articles = articles.filter(organizations__slug=organization)
        if person := wanted.get("person"):
            articles = articles.filter(
                Q(
                    pk__in=Article.people.through.objects.filter(person__slug=person).values(
                        "article_id"
                    )
                )
                | Q(pk__in=Byline.objects.filter(person__slug=person).values("article_id"))
            )
        if language := wanted.get("language"):
            articles = articles.filter(language=language)
        if after := wanted.get("published_after"):
            articles = articles.filter(published_at__gte=after)
        if before := wanted.get("published_before"):
            articles = articles.filter(published_at__lt=before)
        if query := wanted.get("q"):
            articles = articles.filter(pk__in=search_articles(query).order_by().values("pk"))
        return articles

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        stories = related_stories(article)
        prefetch_related_objects([story.article for story in stories], bylines())
        context = {
            **self.get_serializer_context(),
            "related": stories,
            "translations": list(article.translations()),
        }
        return Response(ArticleSerializer(article, context=context).data)


@extend_schema_view(
    list=extend_schema(
        summary="Organizations in the directory, by slug",
        parameters=[filters.OrganizationFilters],
    ),
    retrieve=extend_schema(
        summary="An organization: profile, people, and relationships both ways",
        parameters=[slug_example("The organization's slug.", "mila")],
    ),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReadOnlyViewSet):
    filters = filters.OrganizationFilters
    pagination_class = pagination.BySlug

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OrganizationSerializer
        return OrganizationSummarySerializer

    @extend_schema(
        summary="An organization's relationship map: its neighbours one or two steps out",
        parameters=[maps.NeighbourhoodFilters],
        responses=maps.GRAPH,
    )
    @action(detail=True, url_path="map")
    def map(self, request, slug=None):
        return maps.organization_map(self, request, self.get_object())

    def get_queryset(self):
        if self.action != "retrieve":
            organizations = Organization.objects.public()
            wanted = self.filtered_by()
            if kind := wanted.get("kind"):
                organizations = organizations.filter(kind=kind)
            if country := wanted.get("country"):
                organizations = organizations.filter(country__iexact=country)
            return organizations
        # People and partners are filtered by who is public (subqueries, which
        # tag nothing): someone newly reviewed joins with the directory's lists.
        tags.shown(Person.LIST_TAG, Organization.LIST_TAG)
        public = Organization.objects.public()
        return (
            Organization.objects.public()
            .listing(None)
            .prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.current()
                    .filter(person__in=Person.objects.public())
                    .select_related("person")
                    .order_by("person__name", "pk"),
                    to_attr="current_affiliations",
                ),
                Prefetch(
                    "outgoing_relationships",
                    queryset=Relationship.objects.filter(to_organization__in=public).select_related(
                        "to_organization"
                    ),
                ),
                Prefetch(
                    "incoming_relationships",
                    queryset=Relationship.objects.filter(
                        from_organization__in=public
                    ).select_related("from_organization"),
                ),
            )
        )


@extend_schema_view(
    list=extend_schema(summary="People in the directory, by slug"),
    retrieve=extend_schema(
        summary="A person: affiliations and their latest quotes",
        parameters=[slug_example("The person's slug.", "yoshua-bengio")],
    ),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReadOnlyViewSet):
    pagination_class = pagination.BySlug

    def get_serializer_class(self):
        return PersonSerializer if self.action == "retrieve" else PersonSummarySerializer

    def get_queryset(self):
        if self.action != "retrieve":
            return Person.objects.public()
        tags.shown(Organization.LIST_TAG, ARTICLES_LIST)
        return (
            Person.objects.public()
            .listing(None)
            .prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.filter(
                        organization__in=Organization.objects.public()
                    ).select_related("organization"),
                    to_attr="public_affiliations",
                )
            )
        )

    def get_object(self):
        person = super().get_object()
        person.latest_quotes = list(
            quotes().filter(speaker=person).order_by("-pk")[:QUOTES_ON_A_PERSON]
        )
        return person


@extend_schema_view(
    list=extend_schema(
        summary="Quotes from published stories, the newest first",
        parameters=[filters.QuoteFilters],
    ),
)
class QuoteViewSet(mixins.ListModelMixin, ReadOnlyViewSet):
    filters = filters.QuoteFilters
    pagination_class = pagination.NewestQuotesFirst
    serializer_class = QuoteSerializer

    def get_queryset(self):
        # A story going public adds its quotes: the list goes with the stories' lists.
        tags.shown(ARTICLES_LIST)
        found = quotes()
        wanted = self.filtered_by()
        if speaker := wanted.get("speaker"):
            found = found.filter(speaker__slug=speaker)
        if organization := wanted.get("organization"):
            found = found.filter(speaker_organization__slug=organization)
        if article := wanted.get("article"):
            found = found.filter(article__slug=article)
        return found


@extend_schema_view(list=extend_schema(summary="The sections, in the paper's order"))
class SectionViewSet(mixins.ListModelMixin, ReadOnlyViewSet):
    serializer_class = SectionSerializer
    pagination_class = None

    def get_queryset(self):
        tags.shown(Section.LIST_TAG)
        return Section.objects.all()


@extend_schema_view(list=extend_schema(summary="Tags of published stories, by slug"))
class TagViewSet(mixins.ListModelMixin, ReadOnlyViewSet):
    serializer_class = TagSerializer
    pagination_class = pagination.BySlug

    def get_queryset(self):
        # A tag appears when a published story first carries it.
        tags.shown(ARTICLES_LIST)
        return public_tags()
