"""
The relationship maps as data (`organizations.maps`): an organization's
neighbourhood one or two steps out, and the directory's map, as nodes and
edges a client can draw itself. The same graphs, caps and cache tags as the
pages' maps.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import absolute
from organizations.maps import directory_graph, neighbourhood
from organizations.models import Organization, Relationship
from pagecache import tags

GRAPH = inline_serializer(
    "RelationshipGraph",
    fields={
        "center": serializers.IntegerField(allow_null=True),
        "nodes": serializers.ListField(
            child=inline_serializer(
                "RelationshipGraphNode",
                fields={
                    "id": serializers.IntegerField(),
                    "name": serializers.CharField(),
                    "display_name": serializers.CharField(),
                    "kind": serializers.CharField(),
                    "url": serializers.URLField(),
                    "hops": serializers.IntegerField(allow_null=True),
                },
            )
        ),
        "edges": serializers.ListField(
            child=inline_serializer(
                "RelationshipGraphEdge",
                fields={
                    "id": serializers.IntegerField(),
                    "from": serializers.IntegerField(),
                    "to": serializers.IntegerField(),
                    "kind": serializers.CharField(),
                    "phrase": serializers.CharField(help_text="How it reads from → to."),
                    "since_display": serializers.CharField(),
                    "until_display": serializers.CharField(),
                    "ended": serializers.BooleanField(),
                },
            )
        ),
        "omitted": serializers.DictField(
            child=serializers.IntegerField(), help_text="What the cap left out, by what."
        ),
    },
)


class NeighbourhoodFilters(serializers.Serializer):
    hops = serializers.ChoiceField(
        choices=[1, 2], required=False, default=1, help_text="How many steps out."
    )


class DirectoryFilters(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Organization.Kind.choices, required=False, help_text="Organizations of this kind."
    )
    relationship = serializers.ChoiceField(
        choices=Relationship.Kind.choices, required=False, help_text="Relationships of this kind."
    )


def graph_response(request, graph):
    """The graph as JSON, its links absolute, the response tagged with what it shows."""
    tags.shown(*graph.cache_tags())
    data = graph.as_json()
    for node in data["nodes"]:
        node["url"] = absolute({"request": request}, node["url"])
    return Response(data)


def organization_map(view, request, organization):
    found = NeighbourhoodFilters(data=request.query_params)
    found.is_valid(raise_exception=True)
    return graph_response(request, neighbourhood(organization, hops=found.validated_data["hops"]))


class DirectoryMapView(APIView):
    metadata_class = None

    @extend_schema(
        summary="The directory's relationship map: the most connected organizations",
        parameters=[DirectoryFilters],
        responses=GRAPH,
    )
    def get(self, request):
        found = DirectoryFilters(data=request.query_params)
        found.is_valid(raise_exception=True)
        wanted = found.validated_data
        graph = directory_graph(
            kinds=[wanted["kind"]] if wanted.get("kind") else None,
            relationship_kinds=[wanted["relationship"]] if wanted.get("relationship") else None,
        )
        return graph_response(request, graph)
