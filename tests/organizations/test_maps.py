import datetime
from types import SimpleNamespace

import graphviz
import pytest
from lxml import etree

from organizations import map_drawing
from organizations.dates import DatePrecision
from organizations.maps import DIRECTORY_NODES, directory_graph, neighbourhood, render_svg
from organizations.models import Organization, Relationship
from tests.factories import OrganizationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Acme "Robots" <script>alert(1)</script> & Sons \\'


@pytest.fixture
def story():
    """The founding story's directory: Mila, AI Sweden, AstraZeneca and Vinnova."""
    mila = OrganizationFactory(
        name="Mila – Quebec Artificial Intelligence Institute", short_name="Mila", slug="mila"
    )
    ai_sweden = OrganizationFactory(
        name="AI Sweden", slug="ai-sweden", kind=Organization.Kind.NATIONAL_AI_CENTRE
    )
    astrazeneca = OrganizationFactory(
        name="AstraZeneca", slug="astrazeneca", kind=Organization.Kind.COMPANY
    )
    vinnova = OrganizationFactory(
        name="Vinnova", slug="vinnova", kind=Organization.Kind.GOVERNMENT_AGENCY
    )
    RelationshipFactory(
        from_organization=mila,
        to_organization=ai_sweden,
        kind=Relationship.Kind.HOSTS,
        since=datetime.date(2021, 9, 1),
        since_precision=DatePrecision.SEASON,
    )
    RelationshipFactory(from_organization=mila, to_organization=ai_sweden)
    RelationshipFactory(from_organization=mila, to_organization=astrazeneca)
    RelationshipFactory(
        from_organization=vinnova, to_organization=ai_sweden, kind=Relationship.Kind.FUNDER
    )
    return SimpleNamespace(mila=mila, ai_sweden=ai_sweden, astrazeneca=astrazeneca, vinnova=vinnova)


def names(graph):
    return {node.display_name for node in graph.nodes}


def sentences(graph):
    by_id = graph.nodes_by_id
    return {
        f"{by_id[edge.source].display_name} {edge.phrase} {by_id[edge.target].display_name}"
        for edge in graph.edges
    }


def parse(svg):
    return etree.fromstring(str(svg).encode())


class TestNeighbourhood:
    def test_mila_map_shows_whom_it_hosts_and_partners_with(self, story):
        graph = neighbourhood(story.mila)

        assert names(graph) == {"Mila", "AI Sweden", "AstraZeneca"}
        assert sentences(graph) == {
            "Mila hosts AI Sweden",
            "Mila partners with AI Sweden",
            "Mila partners with AstraZeneca",
        }
        hosting = next(edge for edge in graph.edges if edge.kind == "hosts")
        assert hosting.dates == "since fall 2021"
        assert graph.center == story.mila.pk
        assert {node.display_name: node.hops for node in graph.nodes}["Mila"] == 0

    def test_two_steps_out_reach_vinnova_which_funds_ai_sweden(self, story):
        graph = neighbourhood(story.mila, hops=2)

        assert names(graph) == {"Mila", "AI Sweden", "AstraZeneca", "Vinnova"}
        assert "Vinnova funds AI Sweden" in sentences(graph)
        assert graph.nodes_by_id[story.vinnova.pk].hops == 2
        assert graph.omitted == {"organizations": 0, "relationships": 0}

    def test_relationships_between_two_outer_organizations_are_drawn(self, story):
        RelationshipFactory(from_organization=story.vinnova, to_organization=story.astrazeneca)

        graph = neighbourhood(story.ai_sweden, hops=2)

        assert "Vinnova partners with AstraZeneca" in sentences(graph)

    def test_unreviewed_organization_stays_off_the_map(self, story):
        proposal = OrganizationFactory(name="Proposed By Import", needs_review=True)
        RelationshipFactory(from_organization=story.mila, to_organization=proposal)
        RelationshipFactory(from_organization=proposal, to_organization=story.vinnova)

        for hops in (1, 2):
            graph = neighbourhood(story.mila, hops=hops)
            assert "Proposed By Import" not in names(graph)
            assert graph.omitted["organizations"] == 0

    def test_only_the_kinds_of_relationship_asked_for(self, story):
        graph = neighbourhood(story.ai_sweden, kinds=[Relationship.Kind.FUNDER])

        assert sentences(graph) == {"Vinnova funds AI Sweden"}

    def test_unknown_kind_or_reach_is_refused(self, story):
        with pytest.raises(ValueError):
            neighbourhood(story.mila, kinds=["enemy"])
        with pytest.raises(ValueError):
            neighbourhood(story.mila, hops=3)

    def test_relationship_ended_when_its_last_known_period_is_over(self, story, time_machine):
        time_machine.move_to(NOW, tick=False)
        Relationship.objects.filter(to_organization=story.astrazeneca).update(
            until=datetime.date(2020, 1, 1), until_precision=DatePrecision.YEAR
        )
        Relationship.objects.filter(kind="hosts").update(
            until=datetime.date(2024, 1, 1), until_precision=DatePrecision.YEAR
        )

        edges = {edge.kind: edge for edge in neighbourhood(story.mila).edges if edge.ended}
        lasting = next(edge for edge in neighbourhood(story.mila).edges if edge.kind == "hosts")

        assert list(edges) == ["partner"]
        assert edges["partner"].dates == "ended 2020"
        assert not lasting.ended
        assert lasting.dates == "since fall 2021, until 2024"

    def test_a_big_hub_keeps_its_most_connected_neighbours_and_counts_the_rest(self):
        hub = OrganizationFactory()
        partners = OrganizationFactory.create_batch(65)
        for partner in partners:
            RelationshipFactory(from_organization=hub, to_organization=partner)
        # The last five by id would be cut first, but they are the best connected.
        for partner in partners[-5:]:
            RelationshipFactory(from_organization=partner, to_organization=OrganizationFactory())

        graph = neighbourhood(hub)

        assert len(graph.nodes) == 60
        assert {partner.pk for partner in partners[-5:]} <= set(graph.nodes_by_id)
        assert graph.omitted == {"organizations": 6, "relationships": 6}

    @pytest.mark.parametrize("extra", [5, 50])
    def test_queries_do_not_grow_with_the_directory(
        self, story, extra, django_assert_max_num_queries
    ):
        for _ in range(extra):
            partner = RelationshipFactory(from_organization=story.mila).to_organization
            RelationshipFactory(from_organization=partner)

        # Guards an N+1 over neighbours: the relationships around, which of their
        # organizations are public, those between outer ones, the ones drawn.
        with django_assert_max_num_queries(4):
            graph = neighbourhood(story.mila, hops=2)

        assert len(graph.nodes) == min(4 + 2 * extra, 60)

    def test_as_json_lists_nodes_and_edges(self, story):
        data = neighbourhood(story.mila).as_json()

        assert set(data) == {"center", "nodes", "edges", "omitted"}
        mila = next(node for node in data["nodes"] if node["id"] == story.mila.pk)
        assert mila == {
            "id": story.mila.pk,
            "name": story.mila.name,
            "display_name": "Mila",
            "kind": "research_institute",
            "url": story.mila.get_absolute_url(),
            "hops": 0,
        }
        hosting = next(edge for edge in data["edges"] if edge["kind"] == "hosts")
        assert hosting == {
            "id": hosting["id"],
            "from": story.mila.pk,
            "to": story.ai_sweden.pk,
            "kind": "hosts",
            "phrase": "hosts",
            "since_display": "fall 2021",
            "until_display": "",
            "ended": False,
        }


def directory(size):
    """`size` organizations, the first ten hubs with everyone else partnering one."""
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Organization {n}",
            slug=f"organization-{n}",
            kind=Organization.Kind.COMPANY if n % 2 else Organization.Kind.INITIATIVE,
        )
        for n in range(size)
    )
    hubs, others = organizations[:10], organizations[10:]
    Relationship.objects.bulk_create(
        Relationship(
            from_organization=hubs[n % 10],
            to_organization=other,
            kind=Relationship.Kind.FUNDER if n % 3 else Relationship.Kind.PARTNER,
        )
        for n, other in enumerate(others)
    )
    return hubs


class TestDirectoryGraph:
    def test_a_large_directory_is_capped_and_says_what_it_left_out(
        self, django_assert_max_num_queries
    ):
        hubs = directory(400)

        # Guards an N+1 over organizations: the public ones, relationships, those drawn.
        with django_assert_max_num_queries(3):
            graph = directory_graph()

        assert len(graph.nodes) == DIRECTORY_NODES
        assert {hub.pk for hub in hubs} <= set(graph.nodes_by_id)
        left_out = 400 - DIRECTORY_NODES
        assert graph.omitted == {"organizations": left_out, "relationships": left_out}
        assert len(graph.edges) + graph.omitted["relationships"] == Relationship.objects.count()
        ends = {end for edge in graph.edges for end in (edge.source, edge.target)}
        assert ends == set(graph.nodes_by_id), "no organization floats alone"

    def test_filters_by_kind_of_organization_and_of_relationship(self):
        directory(60)

        graph = directory_graph(
            kinds=[Organization.Kind.COMPANY], relationship_kinds=[Relationship.Kind.FUNDER]
        )

        assert graph.edges
        assert {node.kind for node in graph.nodes} == {"company"}
        assert {edge.kind for edge in graph.edges} == {"funder"}

    def test_unreviewed_organizations_are_not_in_the_directory_map(self, story):
        story.vinnova.needs_review = True
        story.vinnova.save()

        assert "Vinnova" not in names(directory_graph())


class TestRenderSvg:
    def test_map_links_every_organization_and_is_named_and_described(self, story):
        graph = neighbourhood(story.mila, hops=2)

        svg = render_svg(graph, "Mila's relationships", "Whom Mila hosts and partners with.")

        root = parse(svg)
        links = {link.get("href") for link in root.iter(f"{SVG}a")}
        assert links == {
            organization.get_absolute_url()
            for organization in (story.mila, story.ai_sweden, story.astrazeneca, story.vinnova)
        }
        title = root.find(f"{SVG}title")
        description = root.find(f"{SVG}desc")
        assert title.text == "Mila's relationships"
        assert description.text == "Whom Mila hosts and partners with."
        assert root.get("aria-labelledby") == title.get("id")
        assert root.get("aria-describedby") == description.get("id")
        assert root.get("viewBox") and root.get("width") is None and root.get("height") is None

    def test_map_carries_no_styles_scripts_or_graphviz_leftovers(self, story):
        svg = str(render_svg(neighbourhood(story.mila, hops=2), "Map", "A map."))

        for forbidden in ("style=", "<style", "<script", "<?xml", "<!DOCTYPE", "<!--", "xlink"):
            assert forbidden not in svg
        assert 'fill="' not in svg and 'stroke="' not in svg

    def test_classes_say_what_each_shape_is(self, story, time_machine):
        time_machine.move_to(NOW, tick=False)
        Relationship.objects.filter(to_organization=story.astrazeneca).update(
            until=datetime.date(2020, 1, 1), until_precision=DatePrecision.YEAR
        )

        root = parse(render_svg(neighbourhood(story.mila, hops=2), "Map", "A map."))

        assert root.get("class") == "map map--profile map--small"
        classes = [group.get("class") for group in root.iter(f"{SVG}g")]
        assert "map-node map-kind-research_institute map-node--center" in classes
        assert "map-node map-kind-government_agency map-node--hop-2" in classes
        assert "map-edge map-edge--funder" in classes
        assert "map-edge map-edge--partner map-edge--ended" in classes
        labels = [text.text for text in root.iter(f"{SVG}text")]
        assert "since fall 2021" in labels and "ended 2020" in labels

    def test_same_map_draws_the_same_bytes(self, story):
        graph = neighbourhood(story.mila, hops=2)

        first = map_drawing.draw(graph, "Map", "A map.", story.mila.pk)
        second = map_drawing.draw(neighbourhood(story.mila, hops=2), "Map", "A map.", story.mila.pk)

        assert first == second

    @pytest.mark.parametrize(
        "hostile",
        [
            HOSTILE,
            "AT&amp;T &nbsp; &#60;script&#62; &bogus;",
            "<<b>Bold</b>>",
            'Escapes \\N \\G \\l and a quote" at the end\\"',
        ],
    )
    def test_hostile_name_is_only_ever_text(self, story, hostile):
        story.vinnova.name = hostile
        story.vinnova.save()

        svg = str(render_svg(neighbourhood(story.mila, hops=2), "Map", "A map."))

        assert "<script" not in svg
        root = parse(svg)
        node = next(
            group
            for group in root.iter(f"{SVG}g")
            if "map-kind-government_agency" in group.get("class", "")
        )
        link = node.find(f"{SVG}a")
        assert link.find(f"{SVG}title").text == hostile
        assert " ".join(text.text for text in link.iter(f"{SVG}text")) == hostile
        edge_titles = [title.text for title in root.iter(f"{SVG}title")]
        assert f"{hostile} funds AI Sweden" in edge_titles

    def test_large_maps_are_drawn_unlabelled(self, monkeypatch):
        monkeypatch.setattr(map_drawing, "LABELLED_EDGES", 10)
        hubs = directory(200)

        root = parse(render_svg(neighbourhood(hubs[0]), "Map", "A map."))

        assert len(list(root.iter(f"{SVG}a"))) == 20
        assert not [
            text for text in root.iter(f"{SVG}text") if text.get("class") != "map-node-label"
        ]

    def test_a_drawn_map_is_cached(self, story, monkeypatch):
        graph = neighbourhood(story.mila)
        first = render_svg(graph, "Map", "A map.")

        monkeypatch.setattr(map_drawing, "draw", fail)

        assert render_svg(neighbourhood(story.mila), "Map", "A map.") == first

    def test_missing_graphviz_leaves_the_list_alone(self, story, monkeypatch, tmp_path, caplog):
        monkeypatch.setenv("PATH", str(tmp_path))

        assert render_svg(neighbourhood(story.mila), "Map", "A map.") is None
        assert "could not be drawn" in caplog.text

    def test_graphviz_failing_leaves_the_list_alone(self, story, monkeypatch):
        monkeypatch.setattr(graphviz.Digraph, "pipe", fail)

        assert render_svg(neighbourhood(story.mila), "Map", "A map.") is None

    def test_nothing_to_draw_without_relationships(self):
        assert render_svg(neighbourhood(OrganizationFactory()), "Map", "A map.") is None


def fail(*args, **kwargs):
    raise graphviz.ExecutableNotFound(["dot"])
