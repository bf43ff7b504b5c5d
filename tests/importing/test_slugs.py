"""The slugs an import gives its draft and the people and organizations it adds."""

import pytest

from articles.models import Article
from importing.directory import add_organization, add_person, slug_words, unique_slug
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "headline",
    [
        "Swedish–Canadian lab opens",  # en dash
        "Swedish—Canadian lab opens",  # em dash
        "Swedish‐Canadian lab opens",  # hyphen
        "Swedish‑Canadian lab opens",  # non-breaking hyphen
        "Swedish−Canadian lab opens",  # minus sign
        "Swedish/Canadian lab opens",
        "Swedish-Canadian lab opens",
        "Swedish – Canadian lab opens",
    ],
)
def test_dashes_and_slashes_keep_the_words_they_join_apart(headline):
    assert slug_words(headline) == "swedish-canadian-lab-opens"


def test_an_imported_story_is_addressed_by_its_headline_words():
    assert unique_slug(Article, "Swedish–Canadian lab opens", 250) == "swedish-canadian-lab-opens"


def test_a_taken_address_is_numbered_after_the_separated_words():
    ArticleFactory(slug="swedish-canadian-lab-opens")

    assert unique_slug(Article, "Swedish–Canadian lab opens", 250) == "swedish-canadian-lab-opens-2"


def test_added_people_and_organizations_keep_their_name_parts_apart():
    assert add_person("Anna Lind–Berg").slug == "anna-lind-berg"
    assert add_organization("AI/ML Institute").slug == "ai-ml-institute"
