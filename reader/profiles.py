"""
Public pages for the organizations and people the newsroom covers.

They live in the reader app rather than in `organizations` because each
one shows coverage and quotes, which are articles' business;
`organizations` knows nothing of articles. The root URLconf mounts
`urlpatterns` under the `organizations` namespace, so the models'
`get_absolute_url` stays `organizations:detail` and `organizations:person`.
"""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import translation
from django.views.generic import ListView

from articles.models import Article, Quote, published_condition
from articles.pagination import ForgivingPaginationMixin
from organizations import structured_data
from organizations.models import Affiliation, Organization, Person, Relationship
from pagecache import tags
from reader.maps import DirectoryMapView, profile_map

QUOTES_SHOWN = 6


def published_quotes():
    """Quotes from published articles only, newest article first."""
    edition = Article.objects.published().in_edition(translation.get_language())
    return (
        Quote.objects.filter(published_condition("article__"), article__in=edition)
        .select_related("speaker", "speaker_organization", "article")
        .order_by("-article__published_at", "position", "pk")
    )


class DirectoryView(ListView):
    """Every organization, grouped by kind."""

    template_name = "reader/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return Organization.objects.public().order_by("kind", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = dict(Organization.Kind.choices)
        groups = {}
        for organization in context["organizations"]:
            groups.setdefault(organization.kind, []).append(organization)
        order = list(labels)
        context["groups"] = [
            (labels[kind], members)
            for kind, members in sorted(groups.items(), key=lambda item: order.index(item[0]))
        ]
        return context


class OrganizationDetailView(ForgivingPaginationMixin, ListView):
    """A profile, with its coverage as the paginated list."""

    template_name = "reader/organization_detail.html"
    context_object_name = "coverage"
    paginate_by = 10

    def get_queryset(self):
        # Its people and relationships are filtered by who is public (subqueries,
        # which tag nothing): someone newly reviewed joins the page with the lists.
        tags.shown(Person.LIST_TAG, Organization.LIST_TAG)
        self.organization = get_object_or_404(
            Organization.objects.public()
            .listing(None)
            .prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.current()
                    .filter(person__in=Person.objects.public())
                    .select_related("person")
                    .order_by("person__name"),
                    to_attr="current_affiliations",
                ),
                # Only relationships with organizations readers may see.
                Prefetch(
                    "outgoing_relationships",
                    queryset=Relationship.objects.filter(
                        to_organization__in=Organization.objects.public()
                    ).select_related("to_organization"),
                ),
                Prefetch(
                    "incoming_relationships",
                    queryset=Relationship.objects.filter(
                        from_organization__in=Organization.objects.public()
                    ).select_related("from_organization"),
                ),
            ),
            slug=self.kwargs["slug"],
        )
        return (
            Article.objects.published()
            .in_edition(translation.get_language())
            .filter(organizations=self.organization)
            .prefetch_related("section")
            .newest_first()
        )

    def get_context_data(self, **kwargs):
        organization = self.organization
        quotes = published_quotes().filter(
            Q(speaker_organization=organization)
            | Q(speaker__in=Person.objects.filter(affiliations__organization=organization))
        )
        # Both directions, as each reads from this organization: the text the
        # relationship map draws around it.
        relationships = [
            (relationship.phrase, relationship.to_organization, relationship)
            for relationship in organization.outgoing_relationships.all()
        ] + [
            (relationship.inverse_phrase, relationship.from_organization, relationship)
            for relationship in organization.incoming_relationships.all()
        ]
        relationships = [(*row, row[2].ended) for row in relationships]
        return super().get_context_data(
            organization=organization,
            relationships=relationships,
            map=profile_map(self.request, organization),
            quotes=list(quotes[:QUOTES_SHOWN]),
            structured_data=structured_data.organization(self.request, organization),
            **kwargs,
        )


class PersonDetailView(ForgivingPaginationMixin, ListView):
    """A person: roles, what they said, and stories about them."""

    template_name = "reader/person_detail.html"
    context_object_name = "coverage"
    paginate_by = 10

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.public().listing(None), slug=self.kwargs["slug"]
        )
        return (
            Article.objects.published()
            .in_edition(translation.get_language())
            .filter(Q(people=self.person) | Q(bylines__person=self.person))
            .distinct()
            .prefetch_related("section")
            .newest_first()
        )

    def get_context_data(self, **kwargs):
        person = self.person
        # Affiliations show only public organizations (a subquery, which tags nothing).
        tags.shown(Organization.LIST_TAG)
        affiliations = list(
            person.affiliations.filter(
                organization__in=Organization.objects.public()
            ).select_related("organization")
        )
        return super().get_context_data(
            person=person,
            affiliations=affiliations,
            quotes=list(published_quotes().filter(speaker=person)[:QUOTES_SHOWN]),
            structured_data=structured_data.person(self.request, person, affiliations),
            **kwargs,
        )


urlpatterns = [
    path("organizations/", DirectoryView.as_view(), name="directory"),
    path("organizations/map/", DirectoryMapView.as_view(), name="map"),
    path("organizations/<slug:slug>/", OrganizationDetailView.as_view(), name="detail"),
    path("people/<slug:slug>/", PersonDetailView.as_view(), name="person"),
]
