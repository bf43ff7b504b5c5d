"""
Relationship maps on the reader site: on each organization's profile and
for the whole directory at `/organizations/map/`.

The graphs come from `organizations.maps` and are drawn by
`organizations.map_drawing`; this module picks what to draw from the
request (how far out, which kinds), keeps the graph until an organization or
a relationship changes (`pagecache.tags.cached`), and tags the page with
everything it shows. Every map has its words beside it: the profile's list
of relationships, or the directory map's list, for screen readers and for
anyone who prefers text, and for when Graphviz is missing.
"""

import re

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from organizations.caching import RELATIONSHIPS_TAG
from organizations.maps import directory_graph, neighbourhood, render_svg
from organizations.models import Organization, Relationship
from pagecache import tags

# A graph stays cached until the directory or a relationship changes.
GRAPH_TAGS = (Organization.LIST_TAG, RELATIONSHIPS_TAG)


def hops_of(request):
    """How far out a profile's map reaches: `?hops=2` for two steps, else one."""
    return 2 if request.GET.get("hops") == "2" else 1


def _cached_graph(name, compute):
    # The date is in the key because a relationship ends with the day, the
    # language because names, phrases and links are in it.
    key = f"map:{name}:{translation.get_language()}:{timezone.localdate().isoformat()}"
    graph = tags.cached(key, GRAPH_TAGS, compute)
    tags.shown(*graph.cache_tags())
    return graph


def _size(svg):
    match = re.search(r'class="map [^"]*map--(small|medium|large)', svg or "")
    return match.group(1) if match else "small"


def omitted_caption(omitted):
    """What the cap left out, as a sentence; "" when nothing was."""
    organizations, relationships = omitted["organizations"], omitted["relationships"]
    if not organizations and not relationships:
        return ""
    parts = []
    if organizations:
        parts.append(
            ngettext("%(count)d organization", "%(count)d organizations", organizations)
            % {"count": organizations}
        )
    if relationships:
        parts.append(
            ngettext("%(count)d relationship", "%(count)d relationships", relationships)
            % {"count": relationships}
        )
    return gettext("To stay readable, the map leaves out %(what)s.") % {
        "what": gettext(" and ").join(parts)
    }


def _edges_as_text(graph, skip_center=False):
    """The relationships drawn as (source node, edge, target node), in reading order."""
    nodes = graph.nodes_by_id
    rows = [
        (nodes[edge.source], edge, nodes[edge.target])
        for edge in graph.edges
        if not (skip_center and graph.center in (edge.source, edge.target))
    ]
    return sorted(rows, key=lambda row: (row[0].display_name, row[1].phrase, row[2].display_name))


def profile_map(request, organization):
    """The context a profile needs for its map (`reader/includes/relationship_map.html`)."""
    hops = hops_of(request)
    graph = _cached_graph(
        f"o{organization.pk}:{hops}", lambda: neighbourhood(organization, hops=hops)
    )
    if not graph.edges:
        return {"hops": hops, "graph": None}
    name = organization.display_name
    svg = render_svg(
        graph,
        gettext("Relationship map of %(name)s") % {"name": organization.name},
        ngettext(
            "%(name)s and the organizations one relationship away; "
            "the list of relationships follows the map.",
            "%(name)s and the organizations up to %(hops)d relationships away; "
            "the list of relationships follows the map.",
            hops,
        )
        % {"name": name, "hops": hops},
    )
    ended = {edge.id for edge in graph.edges if edge.ended}
    return {
        "hops": hops,
        "graph": graph,
        "svg": svg,
        "size": _size(svg),
        "legend": graph.legend(),
        "omitted": omitted_caption(graph.omitted),
        "ended_ids": ended,
        # The organization's own relationships are listed beside the map;
        # these are the others it draws, between the organizations around it.
        "other_edges": _edges_as_text(graph, skip_center=True),
    }


class MapFilterForm(forms.Form):
    """The directory map's filters; an unknown value is dropped, never an error."""

    kind = forms.MultipleChoiceField(
        label=_("Kinds of organization"),
        choices=Organization.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    relationship = forms.MultipleChoiceField(
        label=_("Kinds of relationship"),
        choices=Relationship.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, query):
        data = {
            name: [value for value in query.getlist(name) if value in dict(field.choices)]
            for name, field in self.base_fields.items()
        }
        super().__init__(data)

    def kinds(self, name):
        return sorted(self.cleaned_data[name]) if self.is_valid() else []


class DirectoryMapView(TemplateView):
    """The whole directory's relationships, filtered by kind, capped to stay readable."""

    template_name = "reader/organization_map.html"

    def get_context_data(self, **kwargs):
        form = MapFilterForm(self.request.GET)
        kinds, relationship_kinds = form.kinds("kind"), form.kinds("relationship")
        graph = _cached_graph(
            f"directory:{','.join(kinds)}:{','.join(relationship_kinds)}",
            lambda: directory_graph(kinds=kinds, relationship_kinds=relationship_kinds),
        )
        svg = render_svg(
            graph,
            gettext("Map of the directory's relationships"),
            gettext(
                "Organizations in the directory joined by their relationships; "
                "the list of relationships follows the map."
            ),
        )
        return super().get_context_data(
            form=form,
            filtered=bool(kinds or relationship_kinds),
            graph=graph,
            svg=svg,
            size=_size(svg),
            legend=graph.legend(),
            omitted=omitted_caption(graph.omitted),
            edges=_edges_as_text(graph),
            **kwargs,
        )
