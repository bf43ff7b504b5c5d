"""
Relationship maps: who partners with, funds and hosts whom.

`neighbourhood()` gathers the organizations one or two relationships away
from one (a profile's map), `directory_graph()` the whole directory's web
(`/organizations/map/`). Both read only what readers may see
(`Organization.objects.public()`), in a few queries whatever the size, and
keep the picture readable by capping it: the closest and most connected
organizations stay, and the `Graph` says how many were left out.

A `Graph` is plain data: `as_json()` is what the Content API can serve, and
`render_svg()` (from `organizations.map_drawing`) draws it with Graphviz.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from organizations.caching import RELATIONSHIPS_TAG
from organizations.dates import format_partial_date, has_ended
from organizations.map_drawing import render_svg
from organizations.models import Organization, Relationship

__all__ = [
    "Graph",
    "MapEdge",
    "MapNode",
    "directory_graph",
    "neighbourhood",
    "render_svg",
]

# A profile's map: the organization and up to 59 others around it.
PROFILE_NODES = 60
# The directory's map: much beyond this many organizations it is a hairball
# (150 already crowded the middle of a 2,000-organization benchmark corpus).
DIRECTORY_NODES = 100

_EDGE_FIELDS = (
    "pk",
    "from_organization_id",
    "to_organization_id",
    "kind",
    "since",
    "since_precision",
    "until",
    "until_precision",
)


@dataclass(frozen=True)
class MapNode:
    """An organization on a map; `hops` is its distance from the centre (None off a profile)."""

    id: int
    name: str
    display_name: str
    kind: str
    url: str
    hops: int | None = None


@dataclass(frozen=True)
class MapEdge:
    """A relationship as it reads from `source` to `target`: “Vinnova funds AI Sweden”."""

    id: int
    source: int
    target: int
    kind: str
    phrase: str
    since_display: str = ""
    until_display: str = ""
    ended: bool = False

    @property
    def dates(self):
        """“since fall 2021”, “ended 2020”, “since 2015, ended 2020”, or ""."""
        parts = []
        if self.since_display:
            parts.append(gettext("since %(date)s") % {"date": self.since_display})
        if self.until_display:
            template = gettext("ended %(date)s") if self.ended else gettext("until %(date)s")
            parts.append(template % {"date": self.until_display})
        return ", ".join(parts)


@dataclass(frozen=True)
class Graph:
    """
    Organizations (`nodes`, by id) and relationships among them (`edges`, by id).

    `omitted` counts what the cap left out: organizations within reach that
    are not drawn, and relationships of theirs the map looked at.
    """

    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    center: int | None = None
    omitted: dict = field(default_factory=lambda: {"organizations": 0, "relationships": 0})

    @cached_property
    def nodes_by_id(self):
        return {node.id: node for node in self.nodes}

    def as_json(self):
        """Nodes and edges as JSON-ready dicts (the Content API's shape)."""
        return {
            "center": self.center,
            "nodes": [
                {
                    "id": node.id,
                    "name": node.name,
                    "display_name": node.display_name,
                    "kind": node.kind,
                    "url": node.url,
                    "hops": node.hops,
                }
                for node in self.nodes
            ],
            "edges": [
                {
                    "id": edge.id,
                    "from": edge.source,
                    "to": edge.target,
                    "kind": edge.kind,
                    "phrase": edge.phrase,
                    "since_display": edge.since_display,
                    "until_display": edge.until_display,
                    "ended": edge.ended,
                }
                for edge in self.edges
            ],
            "omitted": dict(self.omitted),
        }

    @cached_property
    def signature(self):
        """A digest of everything drawn: equal for equal maps, in the same language."""
        content = json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(content.encode()).hexdigest()

    def cache_tags(self):
        """The page cache's tags of what the map shows (`organizations.caching`)."""
        return [
            Organization.LIST_TAG,
            RELATIONSHIPS_TAG,
            *(f"o{node.id}" for node in self.nodes),
        ]

    def legend(self):
        """The kinds of relationship drawn, for a legend: (kind, label, CSS class)."""
        labels = dict(Relationship.Kind.choices)
        drawn = {edge.kind for edge in self.edges}
        return [(kind, labels[kind], f"map-edge--{kind}") for kind in labels if kind in drawn] + (
            [("ended", gettext("Ended"), "map-edge--ended")]
            if any(edge.ended for edge in self.edges)
            else []
        )


def neighbourhood(organization, hops=1, kinds=None, limit=PROFILE_NODES):
    """
    The organizations within `hops` (1 or 2) relationships of `organization`
    and every relationship among them, of the relationship `kinds` given
    (default all). At most `limit` organizations, the centre included: the
    nearest first, then the most connected. Four queries at most, however
    large the directory.
    """
    if hops not in (1, 2):
        raise ValueError("A map reaches one or two relationships out.")
    kinds = _checked(kinds, Relationship.Kind, "relationship")
    center = organization.pk
    # One query: every relationship touching the centre or one of its
    # neighbours (a subquery however many), which gives the neighbours, the
    # organizations one step further, and how connected each is.
    around = _relationships(kinds).filter(Q(from_organization=center) | Q(to_organization=center))
    near = (
        Q(from_organization=center)
        | Q(to_organization=center)
        | Q(from_organization__in=around.values("from_organization"))
        | Q(from_organization__in=around.values("to_organization"))
        | Q(to_organization__in=around.values("from_organization"))
        | Q(to_organization__in=around.values("to_organization"))
    )
    discovered = _relationships(kinds).filter(near)
    rows = {row[0]: row for row in discovered.values_list(*_EDGE_FIELDS)}
    # Which of those organizations readers may see: a second query on the same
    # subquery. (Filtering both ends by `public()` in SQL makes SQLite probe
    # every pair of public organizations.)
    public = {center}
    public.update(
        Organization.objects.public()
        .filter(
            Q(pk__in=discovered.values("from_organization"))
            | Q(pk__in=discovered.values("to_organization"))
        )
        .values_list("pk", flat=True)
    )
    rows = {pk: row for pk, row in rows.items() if row[1] in public and row[2] in public}

    distance = {center: 0}
    for _pk, source, target, *_rest in rows.values():
        if center in (source, target):
            distance.setdefault(source, 1)
            distance.setdefault(target, 1)
    if hops == 2:
        first = set(distance)
        for _pk, source, target, *_rest in rows.values():
            if source in first or target in first:
                distance.setdefault(source, 2)
                distance.setdefault(target, 2)
    # How connected each is counts relationships beyond the map's reach too.
    degree = _degrees(rows.values())
    rows = {pk: row for pk, row in rows.items() if row[1] in distance and row[2] in distance}
    ranked = sorted(distance, key=lambda pk: (distance[pk], -degree[pk], pk))
    kept = set(ranked[:limit])
    outer = [pk for pk in kept if distance[pk] == 2]
    if len(outer) > 1:
        # Relationships between two organizations two steps out: the one query
        # above only saw those touching the centre's neighbours.
        among = _relationships(kinds).filter(from_organization__in=outer, to_organization__in=outer)
        rows.update((row[0], row) for row in among.values_list(*_EDGE_FIELDS))

    others = Organization.objects.filter(pk__in=kept - {center}).only(*_NODE_FIELDS)
    organizations = [organization, *others]
    return _graph(organizations, rows.values(), distance, center, reach=len(distance))


def directory_graph(kinds=None, relationship_kinds=None, limit=DIRECTORY_NODES):
    """
    The directory's relationships among organizations of `kinds` (both ends
    of each; default every kind), of `relationship_kinds` (default all): at
    most `limit` organizations, those with the most relationships, each with
    at least one relationship drawn. Three queries.
    """
    kinds = _checked(kinds, Organization.Kind, "organization")
    relationship_kinds = _checked(relationship_kinds, Relationship.Kind, "relationship")
    public = Organization.objects.public()
    if kinds:
        public = public.filter(kind__in=kinds)
    public = set(public.values_list("pk", flat=True))
    rows = [
        row
        for row in _relationships(relationship_kinds).values_list(*_EDGE_FIELDS)
        if row[1] in public and row[2] in public
    ]
    degree = _degrees(rows)
    ranked = sorted(degree, key=lambda pk: (-degree[pk], pk))
    kept = set(ranked[:limit])
    # One with all its relationships to organizations left out would float
    # alone: give its place to the next one joined to the picture.
    connected = {end for row in rows if row[1] in kept and row[2] in kept for end in row[1:3]}
    partners = {}
    for row in rows:
        partners.setdefault(row[1], set()).add(row[2])
        partners.setdefault(row[2], set()).add(row[1])
    for pk in ranked[limit:]:
        if len(connected) >= limit:
            break
        if partners[pk] & connected:
            connected.add(pk)
    organizations = Organization.objects.filter(pk__in=connected).only(*_NODE_FIELDS)
    return _graph(list(organizations), rows, None, None, reach=len(degree))


def _checked(values, choices, what):
    """The chosen kinds as a list, or None for all; an unknown kind is a ValueError."""
    if not values:
        return None
    values = sorted(set(values))
    unknown = set(values) - set(choices.values)
    if unknown:
        raise ValueError(f"Unknown {what} kind: {', '.join(sorted(unknown))}.")
    return values


_NODE_FIELDS = ("pk", "name", "short_name", "slug", "kind", "updated_at")


def _relationships(kinds):
    """Relationships of `kinds` (default all), unordered; `public()` is applied apart."""
    relationships = Relationship.objects.order_by()
    if kinds:
        relationships = relationships.filter(kind__in=kinds)
    return relationships


def _degrees(rows):
    degree = Counter()
    for row in rows:
        degree[row[1]] += 1
        degree[row[2]] += 1
    return degree


def _graph(organizations, rows, distance, center, *, reach):
    """A Graph of `organizations` (loaded) and the `rows` joining two of them."""
    today = timezone.localdate()
    nodes = {
        organization.pk: MapNode(
            id=organization.pk,
            name=organization.name,
            display_name=organization.display_name,
            kind=organization.kind,
            url=organization.get_absolute_url(),
            hops=distance[organization.pk] if distance else None,
        )
        for organization in organizations
    }
    rows = list(rows)
    edges = [_edge(row, today) for row in rows if row[1] in nodes and row[2] in nodes]
    return Graph(
        nodes=tuple(sorted(nodes.values(), key=lambda node: node.id)),
        edges=tuple(sorted(edges, key=lambda edge: edge.id)),
        center=center,
        omitted={
            "organizations": reach - len(nodes),
            "relationships": len(rows) - len(edges),
        },
    )


def _edge(row, today):
    pk, source, target, kind, since, since_precision, until, until_precision = row
    phrases = Relationship.PHRASES.get(kind)
    return MapEdge(
        id=pk,
        source=source,
        target=target,
        kind=kind,
        phrase=str(phrases[0]) if phrases else kind,
        since_display=format_partial_date(since, since_precision),
        until_display=format_partial_date(until, until_precision),
        ended=has_ended(until, until_precision, today),
    )
