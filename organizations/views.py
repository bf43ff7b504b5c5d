from django.db.models import Prefetch
from django.views.generic import DetailView

from organizations.models import Affiliation, Organization, Person, Relationship


class OrganizationDetailView(DetailView):
    model = Organization
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return Organization.objects.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.current().select_related("person"),
                to_attr="current_affiliations",
            ),
            Prefetch(
                "outgoing_relationships",
                queryset=Relationship.objects.select_related("to_organization"),
            ),
            Prefetch(
                "incoming_relationships",
                queryset=Relationship.objects.select_related("from_organization"),
            ),
        )


class PersonDetailView(DetailView):
    model = Person
    template_name = "organizations/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization"))
        )
