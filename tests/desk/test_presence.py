"""Presence: opening a story someone else is editing says who, and since when."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from desk import presence
from desk.models import EditingSession
from tests.factories import ArticleFactory
from tests.helpers import admin_url, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return member_of("Editor", username="ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def grace():
    return member_of("Editor", username="grace", first_name="Grace", last_name="Hopper")


def presence_url(article):
    return admin_url("articles.article", "presence", article.pk)


def test_the_second_editor_is_told_who_has_the_story_open(client, ada, grace):
    article = ArticleFactory()
    client.force_login(ada)
    client.get(admin_url("articles.article", "change", article.pk))
    client.force_login(grace)

    page = client.get(admin_url("articles.article", "change", article.pk)).content.decode()

    assert "Ada Lovelace has had this story open since" in page


def test_the_heartbeat_names_the_others_and_not_oneself(client, ada, grace):
    article = ArticleFactory()
    presence.arrive(ada, Article, article.pk)
    client.force_login(grace)

    answer = client.post(presence_url(article)).json()

    assert [other["name"] for other in answer["others"]] == ["Ada Lovelace"]
    assert presence.others(ada, Article, article.pk)[0].user == grace


def test_leaving_and_going_quiet_end_presence(client, ada, grace, time_machine):
    article = ArticleFactory()
    presence.arrive(ada, Article, article.pk)
    presence.arrive(grace, Article, article.pk)
    client.force_login(grace)

    client.post(presence_url(article), {"leave": "1"})
    assert presence.others(ada, Article, article.pk) == []

    time_machine.move_to(timezone.now() + presence.ACTIVE + datetime.timedelta(seconds=1))
    assert presence.others(grace, Article, article.pk) == []


def test_coming_back_after_a_while_starts_a_new_stretch(ada, time_machine):
    article = ArticleFactory()
    first = presence.arrive(ada, Article, article.pk).started_at

    time_machine.move_to(timezone.now() + 2 * presence.ACTIVE)
    again = presence.arrive(ada, Article, article.pk)

    assert again.started_at > first
    assert EditingSession.objects.count() == 1
