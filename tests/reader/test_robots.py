from urllib.robotparser import RobotFileParser

import pytest

pytestmark = pytest.mark.django_db


def robots(client, **extra):
    """robots.txt as a crawler reads it."""
    response = client.get("/robots.txt", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


def test_names_both_sitemaps_by_absolute_address(client):
    assert robots(client).site_maps() == [
        "http://testserver/sitemap.xml",
        "http://testserver/news-sitemap.xml",
    ]


def test_sitemap_addresses_follow_the_request_protocol(client):
    assert robots(client, secure=True).site_maps() == [
        "https://testserver/sitemap.xml",
        "https://testserver/news-sitemap.xml",
    ]


def test_named_sitemaps_are_served(client):
    for address in robots(client).site_maps():
        response = client.get(address.removeprefix("http://testserver"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml"


def test_keeps_crawlers_out_of_the_desk_but_not_the_stories(client):
    parser = robots(client)

    assert not parser.can_fetch("Googlebot", "/admin/")
    assert not parser.can_fetch("*", "/admin/articles/article/")
    assert parser.can_fetch("Googlebot", "/articles/mila-partners-with-ai-sweden/")
    assert parser.can_fetch("Googlebot", "/feed/")
    assert not parser.can_fetch("Googlebot", "/api/v1/articles/")  # the stories as JSON


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
