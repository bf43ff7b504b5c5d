"""Relationship maps on profiles and at /organizations/map/: drawn, linked, filtered, listed."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils.text import capfirst
from lxml import etree

from organizations.models import Organization, Relationship
from tests.factories import OrganizationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def svg_of(html):
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no map on the page"
    return etree.fromstring(match.group(0).encode())


def map_links(html):
    return {link.get("href") for link in svg_of(html).iter(f"{SVG}a")}


def drawn_sentences(html):
    """The relationships the map draws, from each line's tooltip ("Mila hosts AI Sweden, …")."""
    root = svg_of(html)
    return {
        group.find(f"{SVG}title").text.split(", ")[0]
        for group in root.iter(f"{SVG}g")
        if "map-edge" in group.get("class", "").split()
    }


class TestProfileMap:
    def test_mila_profile_draws_ai_sweden_and_astrazeneca_each_linked(self, client, demo):
        html = client.get("/organizations/mila/").content.decode()

        links = map_links(html)
        assert {"/organizations/ai-sweden/", "/organizations/astrazeneca/"} <= links
        assert "/organizations/vinnova/" not in links
        assert 'href="?hops=2#map-heading">Show two steps out</a>' in html

    def test_two_steps_out_reach_vinnova(self, client, demo):
        html = client.get("/organizations/mila/?hops=2").content.decode()

        assert "/organizations/vinnova/" in map_links(html)
        assert "Show one step</a>" in html
        # Vinnova funds AI Sweden is not Mila's own: it is listed under the map.
        assert re.search(
            r'<a href="/organizations/vinnova/">Vinnova</a> funds '
            r'<a href="/organizations/ai-sweden/">AI Sweden</a>',
            html,
        )

    def test_french_profile_map_links_french_profiles(self, client, demo):
        html = client.get("/fr/organizations/mila/?hops=2").content.decode()

        links = map_links(html)
        assert "/fr/organizations/ai-sweden/" in links
        assert all(link.startswith("/fr/organizations/") for link in links)

    def test_every_relationship_drawn_is_also_in_words(self, client, demo):
        response = client.get("/organizations/mila/?hops=2")
        html = response.content.decode()
        graph = response.context["map"]["graph"]
        mila = Organization.objects.get(slug="mila").pk

        assert len(drawn_sentences(html)) == len(graph.edges) == 4
        for edge in graph.edges:
            source, target = graph.nodes_by_id[edge.source], graph.nodes_by_id[edge.target]
            if edge.source == mila:  # Mila's own, beside the map as they read from Mila
                assert f'{capfirst(edge.phrase)}</span> <a href="{target.url}">' in html
            elif edge.target == mila:
                inverse = Relationship.PHRASES[edge.kind][1]
                assert f'{capfirst(inverse)}</span> <a href="{source.url}">' in html
            else:
                assert (
                    f'<a href="{source.url}">{source.display_name}</a> {edge.phrase} '
                    f'<a href="{target.url}">{target.display_name}</a>'
                ) in html

    def test_legend_names_the_kinds_drawn(self, client, demo):
        html = client.get("/organizations/mila/").content.decode()

        legend = re.search(r'<ul class="map-legend".*?</ul>', html, re.S).group(0)
        assert "map-edge--hosts" in legend and "map-edge--partner" in legend
        assert "map-edge--funder" not in legend

    def test_no_relationships_no_map(self, client):
        loner = OrganizationFactory()

        html = client.get(loner.get_absolute_url()).content.decode()

        assert "<svg" not in html
        assert "No relationships recorded." in html

    def test_a_wide_map_scrolls_in_a_focusable_region_on_phones(self, client):
        hub = OrganizationFactory()
        partners = OrganizationFactory.create_batch(40)
        # 79 relationships, past the 60 drawn with their words: a ring around the hub.
        for partner, neighbour in zip(partners, [*partners[1:], None], strict=True):
            RelationshipFactory(from_organization=hub, to_organization=partner)
            if neighbour:
                RelationshipFactory(from_organization=partner, to_organization=neighbour)

        html = client.get(hub.get_absolute_url()).content.decode()

        frame = re.search(r'<div class="map-frame map-frame--(\w+)"([^>]*)>', html)
        assert frame.group(1) in ("medium", "large")
        assert 'tabindex="0" role="region" aria-label="Relationship map, scrolls sideways"' in (
            frame.group(2)
        )

    def test_without_graphviz_the_list_stays(self, client, demo, monkeypatch, tmp_path):
        monkeypatch.setenv("PATH", str(tmp_path))

        response = client.get("/organizations/mila/")

        html = response.content.decode()
        assert response.status_code == 200
        assert "<svg" not in html
        assert 'Hosts</span> <a href="/organizations/ai-sweden/">AI Sweden</a>' in html

    def test_a_new_relationship_redraws_the_map(
        self, client, demo, django_capture_on_commit_callbacks
    ):
        client.get("/organizations/mila/")
        mila = Organization.objects.get(slug="mila")
        newco = OrganizationFactory(name="Newco")
        with django_capture_on_commit_callbacks(execute=True):
            RelationshipFactory(from_organization=mila, to_organization=newco)

        html = client.get("/organizations/mila/").content.decode()

        assert any(title.text == "Newco" for title in svg_of(html).iter(f"{SVG}title")), (
            "the cached graph was kept"
        )


class TestDirectoryMap:
    def test_serves_the_directory_map_with_its_filters(self, client, demo):
        response = client.get("/organizations/map/")

        html = response.content.decode()
        assert response.status_code == 200
        assert {"/organizations/mila/", "/organizations/vinnova/"} <= map_links(html)
        assert 'name="kind" value="company"' in html
        assert 'name="relationship" value="funder"' in html

    def test_directory_links_to_its_map(self, client, demo):
        html = client.get("/organizations/").content.decode()

        assert 'href="/organizations/map/"' in html

    def test_french_directory_map(self, client, demo):
        response = client.get("/fr/organizations/map/")

        assert response.status_code == 200
        assert "/fr/organizations/mila/" in map_links(response.content.decode())

    def test_filters_keep_only_the_kinds_asked_for(self, client, demo):
        html = client.get("/organizations/map/?relationship=funder").content.decode()

        assert drawn_sentences(html) == {"Vinnova funds AI Sweden"}
        assert 'value="funder" id="id_relationship_1" checked' in html

    @pytest.mark.parametrize(
        "query",
        [
            "?kind=nonsense",
            "?relationship=enemy&relationship=funder",
            "?kind=&relationship=",
            "?kind=%00",
            "?kind=company&kind=company&relationship=" + "x" * 500,
        ],
    )
    def test_bad_filters_are_ignored_never_an_error(self, client, demo, query):
        response = client.get("/organizations/map/" + query)

        assert response.status_code == 200

    def test_the_list_names_every_relationship_drawn(self, client, demo):
        response = client.get("/organizations/map/")
        html = response.content.decode()
        graph = response.context["graph"]

        assert len(drawn_sentences(html)) == len(graph.edges) == Relationship.objects.count()
        for edge in graph.edges:
            source, target = graph.nodes_by_id[edge.source], graph.nodes_by_id[edge.target]
            assert (
                f'<a href="{source.url}">{source.display_name}</a> {edge.phrase} '
                f'<a href="{target.url}">{target.display_name}</a>'
            ) in html


def grow(size):
    """`size` more organizations, each partnering Mila's partner AstraZeneca and another."""
    astrazeneca = Organization.objects.get(slug="astrazeneca")
    for _ in range(size):
        organization = OrganizationFactory()
        RelationshipFactory(from_organization=organization, to_organization=astrazeneca)
        RelationshipFactory(from_organization=organization)


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        # From a cold cache: the profile's own queries, with the section menu
        # and its counts, + the map's graph: the relationships around,
        # which of their ends are public, the organizations drawn
        # (+ those between two organizations two steps out).
        ("/organizations/mila/", 13),
        ("/organizations/mila/?hops=2", 14),
        # Public organizations, relationships, those drawn; the menu and its counts.
        ("/organizations/map/", 5),
    ],
)
def test_map_pages_make_as_many_queries_however_big_the_directory(
    client, demo, django_assert_max_num_queries, django_capture_on_commit_callbacks, path, budget
):
    def redraw():
        """The page's queries from a cold cache (a full one evicts at random), graph and all."""
        with django_capture_on_commit_callbacks(execute=True):
            RelationshipFactory()
        cache.clear()
        with django_assert_max_num_queries(budget) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    counts = []
    for size in (1, 20):  # then 20 more
        with django_capture_on_commit_callbacks(execute=True):
            grow(size)
        # Guards an N+1 over the organizations and relationships the map draws.
        counts.append(redraw())
        # Once drawn, the graph is kept until something changes.
        with django_assert_max_num_queries(budget - (4 if "hops" in path else 3)):
            client.get(path)
    assert counts[0] == counts[1]
