"""An imported story's language: told from its text, shown on the review, saved on the draft."""

import json
from io import StringIO
from itertools import combinations
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from importing import drafting
from importing.language import FUNCTION_WORDS
from importing.language_detection import MIN_EVIDENCE, detect_language
from importing.layout import parse_story
from importing.reading import decode_text
from tests.factories import SectionFactory
from tests.forms import form_data

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "import_corpus"
IMPORT_URL = reverse("admin:articles_article_import")

ENGLISH = """\
Lakeshore Water Authority opens a free testing lab for private wells

KINGSTON, Ontario, March 4, 2024 – The Lakeshore Water Authority has opened a laboratory \
where rural households can have the water from their wells tested at no cost. Samples can be \
dropped off at any of the authority's six offices, and results are sent by email within ten days.

The lab was built with a grant from the province and will test for bacteria, nitrates and \
lead. It expects to handle about four thousand samples in its first year.

“Most families who drink from a well have never had it tested, because it was too expensive \
or too far away,” said Marion Delacroix, general manager of the Lakeshore Water Authority. \
“We want that to change this spring.”
"""

FRENCH = """\
L'Office des eaux du Lac-Vert ouvre un laboratoire gratuit pour les puits privés

SHERBROOKE, le 4 mars 2024 – L'Office des eaux du Lac-Vert a inauguré un laboratoire où les \
familles des régions rurales peuvent faire analyser sans frais l'eau de leur puits. Les \
échantillons sont reçus dans les six bureaux de l'Office et les résultats sont transmis par \
courriel en moins de dix jours.

Le laboratoire a été construit grâce à une subvention du gouvernement du Québec. Il \
recherchera les bactéries, les nitrates et le plomb dans près de quatre mille échantillons \
dès sa première année.

« La plupart des familles qui boivent l'eau d'un puits ne l'ont jamais fait analyser, parce \
que c'était trop cher ou trop loin », a déclaré Marion Delacroix, directrice générale de \
l'Office des eaux du Lac-Vert. « Nous voulons que cela change dès ce printemps. »
"""

SWEDISH = """\
Sjöstads vattenverk öppnar gratis laboratorium för privata brunnar

SJÖSTAD, 4 mars 2024 – Sjöstads vattenverk har öppnat ett laboratorium där hushåll på \
landsbygden kan få vattnet från sin brunn analyserat utan kostnad. Proverna lämnas på något \
av verkets sex kontor och svaren skickas med e-post inom tio dagar.

Laboratoriet har byggts med stöd från regionen och kommer att testa vattnet för bakterier, \
nitrat och bly. Under det första året räknar verket med att analysera omkring fyratusen prover.

”De flesta familjer som dricker vatten från en egen brunn har aldrig låtit testa det, \
eftersom det har varit för dyrt eller för långt bort. Det vill vi ändra på redan i vår”, \
säger Marion Delacroix, vd för Sjöstads vattenverk.
"""

# An English release that quotes its French-speaking guest in French.
ENGLISH_QUOTING_FRENCH = """\
Harbourview Theatre brings a Quebec troupe to Halifax

HALIFAX, Nova Scotia, May 2, 2024 – The Harbourview Theatre will host Théâtre du Vieux-Quai, \
a company from Quebec City, for six evenings in June. The troupe will perform its new play in \
French, with English surtitles shown above the stage.

Tickets go on sale on Monday at the box office and on the theatre's website.

“Nous sommes très heureux de jouer pour la première fois devant le public d'Halifax, et nous \
avons hâte de découvrir la ville,” said Élodie Martel, the artistic director of the troupe.
"""


@pytest.fixture
def news():
    return SectionFactory(name="News", slug="news")


# Telling the language: no database.


class TestDetectingTheLanguage:
    @pytest.mark.parametrize(
        ("text", "language"),
        [(ENGLISH, "en"), (FRENCH, "fr"), (SWEDISH, "sv")],
        ids=["english", "french", "swedish"],
    )
    def test_a_release_is_recognized_in_its_language(self, text, language):
        story = parse_story(text)

        assert (story.language, story.language_detected) == (language, True)

    def test_an_english_release_quoting_a_french_sentence_stays_english(self):
        story = parse_story(ENGLISH_QUOTING_FRENCH)

        assert story.language == "en"
        # The quote alone is French: the story around it outweighs it.
        assert detect_language(story.quotes[0].text).language == "fr"

    @pytest.mark.parametrize(
        "text",
        ["", "   ", "Nordvik 2024", "Le labo ouvre\n\nIl ouvre demain à Québec.", "Ja!"],
        ids=["empty", "blank", "no-function-words", "short-french", "one-word"],
    )
    def test_too_little_text_falls_back_to_english(self, text):
        detected = detect_language(text)

        assert (detected.language, detected.detected) == ("en", False)
        assert max(detected.counts.values()) < MIN_EVIDENCE

    def test_a_release_in_two_equal_halves_falls_back_to_english(self):
        french_first = detect_language(FRENCH + "\n\n" + ENGLISH)

        assert (french_first.language, french_first.detected) == ("en", False)

    def test_ties_go_to_english(self):
        # Six words of each: “the”, “and”… against « les », « et »…
        detected = detect_language("the and of to with from les et dans pour avec sur")

        assert detected.counts["en"] == detected.counts["fr"] == 6
        assert detected.language == "en"

    def test_french_elisions_count_with_either_apostrophe(self):
        detected = detect_language("l'eau d’un puits qu'il n'a pas, c'est l’Office")

        # Six elisions (l', d', qu', n', c', l’) and « il », « pas », « est ».
        assert detected.counts["fr"] == 9
        assert detected.language == "fr"

    def test_no_function_word_counts_for_two_languages(self):
        for first, second in combinations(FUNCTION_WORDS, 2):
            assert FUNCTION_WORDS[first].isdisjoint(FUNCTION_WORDS[second]), (first, second)

    def test_every_release_of_the_labelled_corpus_is_in_its_language(self):
        wrong = {}
        for path in sorted(CORPUS.glob("*/*.txt")):
            label = json.loads(path.with_suffix(".json").read_text())["language"]
            story = parse_story(decode_text(path.read_bytes()))
            if (story.language, story.language_detected) != (label, True):
                wrong[path.name] = (label, story.language)

        assert len(list(CORPUS.glob("*/*.txt"))) == 40
        assert wrong == {}


# The draft: the database.


@pytest.mark.django_db
class TestTheDraftsLanguage:
    @pytest.mark.parametrize(
        ("text", "language"),
        [(ENGLISH, "en"), (FRENCH, "fr"), (SWEDISH, "sv"), (ENGLISH_QUOTING_FRENCH, "en")],
        ids=["english", "french", "swedish", "english-quoting-french"],
    )
    def test_the_draft_is_saved_in_the_detected_language(self, text, language, news):
        article = drafting.save_draft(drafting.review_story(text)).article

        article.refresh_from_db()
        assert article.language == language
        assert article.status == Article.Status.DRAFT

    def test_a_french_draft_lives_in_the_french_edition(self, news):
        article = drafting.save_draft(drafting.review_story(FRENCH)).article

        assert article.get_absolute_url().startswith("/fr/")

    def test_the_editors_choice_wins_over_the_detected_language(self, news):
        article = drafting.save_draft(drafting.review_story(FRENCH), language="sv").article

        assert Article.objects.get(pk=article.pk).language == "sv"

    def test_the_command_saves_and_prints_the_language(self, tmp_path, news):
        path = tmp_path / "communique.txt"
        path.write_text(FRENCH, encoding="utf-8")
        out = StringIO()

        call_command("import_story", str(path), stdout=out)

        assert Article.objects.get().language == "fr"
        assert "Language: French" in out.getvalue()


def review_form(client, text):
    """The review screen's form as the browser holds it after Preview."""
    response = client.post(IMPORT_URL, {"action": "preview", "text": text})
    assert response.status_code == 200
    return response, form_data(response.text, "import-review")


@pytest.mark.django_db
class TestTheReviewScreen:
    def test_the_detected_language_is_shown_chosen_and_saved(self, admin_client, news):
        response, form = review_form(admin_client, FRENCH)

        assert form["language"] == "fr"
        assert "Detected from the text: French." in response.text
        assert '<label for="id_language">Language</label>' in response.text
        assert not Article.objects.exists()

        saved = admin_client.post(IMPORT_URL, {**form, "action": "save"})

        article = Article.objects.get()
        assert saved.url == reverse("admin:articles_article_change", args=[article.pk])
        assert article.language == "fr"

    def test_the_editor_changes_the_language_before_saving(self, admin_client, news):
        _response, form = review_form(admin_client, ENGLISH_QUOTING_FRENCH)
        assert form["language"] == "en"

        admin_client.post(IMPORT_URL, {**form, "language": "fr", "action": "save"})

        assert Article.objects.get().language == "fr"

    def test_a_short_text_says_english_is_a_default(self, admin_client, news):
        response, form = review_form(admin_client, "Lab opens\n\nThe lab opens today.")

        assert form["language"] == "en"
        assert "The text does not say clearly: English unless you choose another." in (
            response.text
        )

    def test_a_language_the_site_does_not_have_is_refused_and_nothing_saved(
        self, admin_client, news
    ):
        _response, form = review_form(admin_client, SWEDISH)

        response = admin_client.post(IMPORT_URL, {**form, "language": "de", "action": "save"})

        assert response.status_code == 200
        assert "Select a valid choice." in response.text
        assert "The draft was not saved" in response.text
        assert not Article.objects.exists()
