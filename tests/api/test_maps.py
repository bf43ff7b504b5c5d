"""The relationship maps as nodes and edges in the Content API."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def named(graph):
    by_id = {node["id"]: node["name"] for node in graph["nodes"]}
    return set(by_id.values()), {
        (by_id[edge["from"]], edge["phrase"], by_id[edge["to"]]) for edge in graph["edges"]
    }


def test_an_organization_map_reaches_one_step_then_two(client, demo):
    one = client.get("/api/v1/organizations/mila/map/")
    two = client.get("/api/v1/organizations/mila/map/?hops=2").json()

    assert one.status_code == 200
    names, edges = named(one.json())
    assert names == {"Mila", "AI Sweden", "AstraZeneca"}
    assert ("Mila", "hosts", "AI Sweden") in edges
    names, edges = named(two)
    assert "Vinnova" in names
    assert ("Vinnova", "funds", "AI Sweden") in edges
    assert all(node["url"].startswith("http://testserver/organizations/") for node in two["nodes"])
    assert "o" + str(two["center"]) in one["Surrogate-Key"].split()


def test_the_directory_map_filters_by_kind(client, demo):
    everything = client.get("/api/v1/map/").json()
    funding = client.get("/api/v1/map/?relationship=funder").json()

    assert {"Mila", "Vinnova"} <= named(everything)[0]
    assert {edge["kind"] for edge in funding["edges"]} == {"funder"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organizations/mila/map/?hops=3",
        "/api/v1/map/?kind=castle",
        "/api/v1/map/?relationship=x",
    ],
)
def test_bad_parameters_are_a_400_problem(client, demo, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_organization_has_no_map(client, db):
    assert client.get("/api/v1/organizations/nobody/map/").status_code == 404
