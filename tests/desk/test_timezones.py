"""The desk shows and reads times in the editor's own time zone; they are stored in UTC."""

import datetime

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, BylineFactory
from tests.helpers import admin_url, member_of, open_form

pytestmark = pytest.mark.django_db

MONTREAL = "America/Montreal"


@pytest.fixture
def editor():
    return member_of("Editor", username="ada")


def test_a_time_typed_in_montreal_is_stored_in_utc(client, editor, frozen_now):
    article = ArticleFactory(headline="A scheduled story")
    BylineFactory(article=article)
    client.cookies["desk_tz"] = MONTREAL
    client.force_login(editor)
    url = admin_url("articles.article", "change", article.pk)
    form = open_form(client, url, "article_form")

    response = client.post(
        url,
        {
            **form,
            "published_at_0": "2030-06-01",
            "published_at_1": "09:00:00",
            "_schedule": "1",
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    # 9 a.m. in Montréal in June is 13:00 UTC (daylight saving time).
    assert article.published_at == datetime.datetime(2030, 6, 1, 13, 0, tzinfo=datetime.UTC)


def test_the_form_names_the_editors_zone(client, editor):
    article = ArticleFactory()
    client.cookies["desk_tz"] = MONTREAL
    client.force_login(editor)

    page = client.get(admin_url("articles.article", "change", article.pk)).content.decode()

    assert f"Times are in your time zone, {MONTREAL}." in page


@pytest.mark.parametrize("cookie", ["Mars/Olympus_Mons", "../../etc/passwd", "x" * 200, ""])
def test_an_unknown_zone_leaves_the_sites(client, editor, settings, cookie):
    client.cookies["desk_tz"] = cookie
    client.force_login(editor)

    page = client.get(admin_url("articles.article", "add")).content.decode()

    assert f"Times are in your time zone, {settings.TIME_ZONE}." in page


def test_reader_pages_keep_the_sites_zone(client, settings):
    client.cookies["desk_tz"] = MONTREAL

    response = client.get("/")

    assert response.status_code == 200
    assert MONTREAL not in response.content.decode()
