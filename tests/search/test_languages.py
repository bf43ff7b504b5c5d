"""
Search in each story's language: on PostgreSQL a story's document is
parsed with its language's stemmer and stop words, accents folded, and a
query is parsed the same way for each story it is matched against.
"""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection
from django.urls import reverse

from search.backends.postgres import ENGLISH_CONFIG, LANGUAGE_CONFIGS
from search.highlight import highlight_pattern, mark_matches
from search.matching import search_articles
from tests.factories import published_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stemming and accent folding per language are PostgreSQL's; SQLite matches substrings",
)


def headlines(query):
    return [article.headline for article in search_articles(query)]


@on_postgresql
class TestEachLanguageIsReadAsItself:
    @pytest.mark.parametrize("query", ["équipes", "equipe", "EQUIPES", "recherches"])
    def test_french_story_found_by_french_forms_with_or_without_accents(self, query):
        published_article(
            language="fr",
            headline="Les équipes de recherche s'associent",
            dek="",
            body="<p>Un accord entre deux laboratoires.</p>",
        )

        assert headlines(query) == ["Les équipes de recherche s'associent"]

    @pytest.mark.parametrize("query", ["samarbete", "forskare", "forskning"])
    def test_swedish_story_found_by_other_inflections(self, query):
        # PostgreSQL's Swedish stemmer leaves "-et" alone ("samarbetet" stays
        # whole), so the inflections here are ones it reduces.
        published_article(
            language="sv",
            headline="Forskarna samarbetar",
            dek="",
            body="<p>Forskningen vid Chalmers får nya pengar.</p>",
        )

        assert headlines(query) == ["Forskarna samarbetar"]

    def test_a_stop_word_of_the_story_s_language_is_not_required(self):
        # "på" is a Swedish stop word; were accents folded before stop words
        # were dropped, it would be indexed as "pa" and the query would need it.
        published_article(language="sv", headline="Forskningen vid Chalmers", dek="", body="")

        assert headlines("forskning på Chalmers") == ["Forskningen vid Chalmers"]

    def test_english_story_still_found_by_english_stemming(self):
        published_article(headline="A research partnership in Montréal", dek="", body="")

        assert headlines("partnerships") == ["A research partnership in Montréal"]
        assert headlines("Montreal") == ["A research partnership in Montréal"]

    def test_accents_in_the_query_find_a_story_written_without_them(self):
        published_article(headline="A new office in Montreal", dek="", body="")
        published_article(language="fr", headline="Une equipe a Quebec", dek="", body="")

        assert headlines("Montréal") == ["A new office in Montreal"]
        assert headlines("équipe Québec") == ["Une equipe a Quebec"]

    def test_each_story_is_matched_in_its_own_language(self):
        # "nouvelles" stems to "nouvel" in French and "nouvell" in English and
        # Swedish: each story matches the query parsed as its language reads it.
        published_article(language="fr", headline="Nouvelles bourses", dek="", body="")
        published_article(language="en", headline="Nouvelles, a café", dek="", body="")
        published_article(language="sv", headline="Nouvelles i Stockholm", dek="", body="")

        assert set(headlines("nouvelles")) == {
            "Nouvelles bourses",
            "Nouvelles, a café",
            "Nouvelles i Stockholm",
        }

    def test_a_story_is_not_matched_by_another_language_s_reading(self):
        # Read as French, "nouvelles" is "nouvel", which the English story has;
        # read as English, the story's language, it is "nouvell", which it has not.
        published_article(headline="Jean Nouvel designs a museum", dek="", body="")

        assert headlines("nouvelles") == []

    def test_rank_reads_the_query_in_the_story_s_language(self):
        # The body-only match is newer: the date cannot be what puts the headline first.
        published_article(
            language="fr",
            headline="Les bourses de l'année",
            dek="",
            body="<p>Des nouvelles du conseil.</p>",
            published_at=NOW - DAY,
        )
        published_article(
            language="fr", headline="Nouvelles bourses", dek="", body="", published_at=NOW - 5 * DAY
        )

        found = list(search_articles("nouvelles"))

        assert [article.headline for article in found] == [
            "Nouvelles bourses",
            "Les bourses de l'année",
        ]
        assert all(article.rank > 0 for article in found)

    @pytest.mark.parametrize(
        "query", ["l'équipe", "« recherches »", "équipes -recherche", "où été", "å ä ö"]
    )
    def test_french_or_swedish_query_on_english_stories_finds_nothing_and_never_fails(
        self, client, query
    ):
        published_article(headline="Quantum sensing", body="<p>Photonics research.</p>")

        response = client.get(reverse("search"), {"q": query})

        assert response.status_code == 200
        assert [result.article.headline for result in response.context["results"]] == []

    def test_the_results_page_marks_a_match_found_without_its_accents(self, client):
        published_article(
            language="fr", headline="Les équipes de Montréal", dek="", body="<p>Un accord.</p>"
        )

        response = client.get(reverse("search"), {"q": "equipes montreal"})

        (result,) = response.context["results"]
        assert result.headline == "Les <mark>équipes</mark> de <mark>Montréal</mark>"


@on_postgresql
class TestDocumentsAndQueriesAgree:
    @pytest.mark.parametrize(("language", "name"), settings.LANGUAGES)
    def test_the_stored_document_uses_the_configuration_search_parses_with(self, language, name):
        # Migration 0015 builds the column; search.backends.postgres names the
        # configurations again. Words chosen to be read differently by each.
        article = published_article(
            language=language,
            headline="Nouvelles équipes samarbetar",
            dek="Forskarna researching",
            body="<p>Les recherches continuent.</p>",
        )
        config = LANGUAGE_CONFIGS.get(language, ENGLISH_CONFIG)

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_document::text,"
                " (setweight(to_tsvector(%s::regconfig, headline), 'A')"
                " || setweight(to_tsvector(%s::regconfig, dek), 'B')"
                " || setweight(to_tsvector(%s::regconfig, body), 'C'))::text"
                " FROM articles_article WHERE id = %s",
                [config, config, config, article.pk],
            )
            stored, expected = cursor.fetchone()

        assert stored == expected

    def test_every_configuration_folds_accents(self):
        configs = [ENGLISH_CONFIG, *LANGUAGE_CONFIGS.values()]
        with connection.cursor() as cursor:
            for config in configs:
                cursor.execute("SELECT to_tsvector(%s::regconfig, 'Montréal')::text", [config])
                assert cursor.fetchone() == ("'montreal':1",), config


migration = importlib.import_module("articles.migrations.0015_search_in_each_language")


class FakeSchemaEditor:
    """Enough of a schema editor for `create_unaccent`, on a server as described."""

    def __init__(self, available_row, create_error=None):
        self.executed = []
        self.create_error = create_error

        class Cursor:
            def __enter__(self):
                return self

            def __exit__(self, *exc_info):
                return False

            def execute(self, sql, params=None):
                pass

            def fetchone(self):
                return available_row

        self.connection = SimpleNamespace(
            alias=connection.alias, settings_dict={"NAME": "newsroom_live"}, cursor=Cursor
        )

    def execute(self, sql, params=None):
        if self.create_error:
            raise self.create_error
        self.executed.append(sql)


class TestTheMigrationFailsLoudlyWithoutUnaccent:
    def test_a_server_without_the_extension_says_which_package_to_install(self):
        with pytest.raises(ImproperlyConfigured, match="postgresql-contrib"):
            migration.create_unaccent(FakeSchemaEditor(available_row=None))

    def test_a_user_who_may_not_create_it_is_told_what_a_superuser_must_run(self):
        editor = FakeSchemaEditor(
            available_row=(None,),
            create_error=DatabaseError('permission denied to create extension "unaccent"'),
        )

        with pytest.raises(ImproperlyConfigured) as raised:
            migration.create_unaccent(editor)

        assert "CREATE EXTENSION unaccent; there" in str(raised.value)
        assert '"newsroom_live"' in str(raised.value)
        assert "permission denied" in str(raised.value)

    def test_an_installed_extension_is_left_alone(self):
        editor = FakeSchemaEditor(available_row=("1.1",))

        migration.create_unaccent(editor)

        assert editor.executed == []

    def test_an_available_extension_is_created(self):
        editor = FakeSchemaEditor(available_row=(None,))

        migration.create_unaccent(editor)

        assert editor.executed == ["CREATE EXTENSION IF NOT EXISTS unaccent"]


class TestMarkingIgnoresAccents:
    @pytest.mark.parametrize(
        ("query", "text", "marked"),
        [
            ("equipe", "Les équipes", "Les <mark>équipes</mark>"),
            ("Montreal", "Office in Montréal", "Office in <mark>Montréal</mark>"),
            ("Montréal", "Office in Montreal", "Office in <mark>Montreal</mark>"),
            (
                "Göteborg",
                "I GÖTEBORG och Goteborg",
                "I <mark>GÖTEBORG</mark> och <mark>Goteborg</mark>",
            ),
        ],
    )
    def test_a_word_is_marked_with_or_without_accents(self, query, text, marked):
        assert mark_matches(text, highlight_pattern(query)) == marked

    def test_only_accents_are_ignored_not_other_letters(self):
        assert mark_matches("Les équipes", highlight_pattern("aquipe")) == "Les équipes"


class TestSQLiteKeepsItsFallback:
    @pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's behaviour")
    def test_a_french_story_is_found_by_the_words_it_contains(self):
        published_article(language="fr", headline="Les équipes de recherche s'associent")

        assert headlines("équipes recherche") == ["Les équipes de recherche s'associent"]
