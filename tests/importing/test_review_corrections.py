"""Correcting a quote's speaker, title and organization on the import's review screen."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article
from importing import drafting
from importing.reading import decode_text
from organizations.models import Organization, Person
from tests.factories import OrganizationFactory, PersonFactory, SectionFactory
from tests.forms import form_data
from tests.helpers import member_of
from tests.html_checker import html_errors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
# Ingrid Solberg (in the directory) of the Nordvik Institute (its alias), Tomas
# Ekholm (not in it) of Harbour University, Lea Marchetti (not in it) of the
# Coastal Research Fund (nor that).
TEXT = decode_text((FIXTURES / "says-name-title.txt").read_bytes())


@pytest.fixture
def directory():
    return {
        "nordvik": OrganizationFactory(
            name="Nordvik Institute for Marine Science",
            short_name="Nordvik",
            aliases="Nordvik Institute",
        ),
        "harbour": OrganizationFactory(name="Harbour University", short_name=""),
        "fund": OrganizationFactory(
            name="Fund for Coastal Research", short_name="", aliases="Coastal Fund\nFCR"
        ),
        "solberg": PersonFactory(name="Ingrid Solberg"),
        "lindqvist": PersonFactory(name="Åsa Lindqvist"),
    }


@pytest.fixture(autouse=True)
def news():
    return SectionFactory(name="News", slug="news")


@pytest.fixture
def editor():
    return member_of("Editor")


@pytest.fixture
def contributor():
    return member_of("Contributor")


def preview(client, text=TEXT):
    return client.post(
        reverse("admin:articles_article_import"), {"action": "preview", "text": text}
    )


def review_form(client, text=TEXT):
    """The review screen's form as the browser holds it after Preview."""
    response = preview(client, text)
    assert response.status_code == 200
    return form_data(response.text, "import-review")


def save(client, form, changes=None, **fields):
    """Press Save draft on `form` with `changes` ({"quote-0-speaker": ...}) typed in."""
    data = {**form, **(changes or {}), **fields, "action": "save"}
    return client.post(reverse("admin:articles_article_import"), data)


def saved_quotes():
    quotes = Article.objects.get().quotes.select_related("speaker", "speaker_organization")
    return [(q.speaker.name, q.speaker_title, q.speaker_organization) for q in quotes]


def flagged_people():
    return set(Person.objects.filter(needs_review=True).values_list("name", flat=True))


@pytest.mark.django_db
class TestTheReviewScreen:
    def test_each_quote_shows_its_speaker_title_and_organization_prefilled(
        self, client, editor, directory
    ):
        client.force_login(editor)

        response = preview(client)
        form = form_data(response.text, "import-review")

        shown = [
            (form[f"quote-{n}-speaker"], form[f"quote-{n}-title"], form[f"quote-{n}-organization"])
            for n in range(3)
        ]
        assert shown == [
            # The directory's names, not the text's ("Nordvik Institute").
            ("Ingrid Solberg", "Director of Research", "Nordvik Institute for Marine Science"),
            ("Tomas Ekholm", "Dean of Science", "Harbour University"),
            # Not in the directory: the name as the text gives it.
            ("Lea Marchetti", "Director General", "Coastal Research Fund"),
        ]
        page = response.text
        for field, label in (
            ("speaker", "Speaker"),
            ("title", "Title"),
            ("organization", "Organization"),
        ):
            assert f'<label for="id_quote-0-{field}">{label}' in page
            assert f'id="id_quote-0-{field}"' in page
        assert 'maxlength="200"' in page
        assert not Article.objects.exists()


@pytest.mark.django_db
class TestCorrectingTheSpeaker:
    def test_a_speaker_corrected_to_a_directory_person_is_linked_and_no_one_is_added(
        self, client, editor, directory
    ):
        client.force_login(editor)

        response = save(client, review_form(client), {"quote-1-speaker": "asa LINDQVIST"})

        assert response.status_code == 302
        article = Article.objects.get()
        quote = article.quotes.get(position=2)
        assert quote.speaker == directory["lindqvist"]
        assert directory["lindqvist"] in article.people.all()
        # Only the speaker left as recognized is new.
        assert flagged_people() == {"Lea Marchetti"}
        assert not Person.objects.filter(name="Tomas Ekholm").exists()

    def test_a_speaker_corrected_to_an_unknown_name_is_added_flagged_for_review(
        self, client, editor, directory
    ):
        client.force_login(editor)

        save(client, review_form(client), {"quote-0-speaker": "  Maren   Holt "})

        holt = Person.objects.get(name="Maren Holt")
        assert holt.needs_review
        assert Article.objects.get().quotes.get(position=1).speaker == holt
        assert holt in Article.objects.get().people.all()

    def test_without_leave_to_add_people_a_speaker_corrected_to_an_unknown_name_stays_in_the_text(
        self, client, contributor, directory
    ):
        client.force_login(contributor)

        save(client, review_form(client), {"quote-0-speaker": "Maren Holt"})

        article = Article.objects.get()
        # Quote 0 had the only speaker in the directory; the others were never saveable.
        assert not article.quotes.exists()
        assert "Bringing them under one roof" in article.body
        assert not Person.objects.filter(needs_review=True).exists()

    def test_without_leave_to_add_people_a_speaker_corrected_to_a_directory_person_is_saved(
        self, client, contributor, directory
    ):
        client.force_login(contributor)

        save(client, review_form(client), {"quote-1-speaker": "Åsa Lindqvist"})

        assert saved_quotes() == [
            ("Ingrid Solberg", "Director of Research", directory["nordvik"]),
            ("Åsa Lindqvist", "Dean of Science", directory["harbour"]),
        ]
        assert not Person.objects.filter(needs_review=True).exists()

    def test_an_emptied_speaker_saves_no_quote_and_keeps_the_words(self, client, editor, directory):
        client.force_login(editor)

        save(client, review_form(client), {"quote-2-speaker": "   "})

        article = Article.objects.get()
        assert [name for name, _title, _org in saved_quotes()] == ["Ingrid Solberg", "Tomas Ekholm"]
        assert "Long-lived infrastructure" in article.body
        assert not Person.objects.filter(name="Lea Marchetti").exists()

    def test_a_correction_naming_an_unticked_namesake_credits_a_new_person(
        self, client, editor, directory
    ):
        client.force_login(editor)
        form = review_form(client)
        form["keep"] = [key for key in form["keep"] if key != f"person-{directory['solberg'].pk}"]

        save(client, form, {"quote-1-speaker": "Ingrid Solberg"})

        quotes = Article.objects.get().quotes.all()
        # The editor said the directory's Ingrid Solberg is someone else: one new one, for both.
        assert quotes[0].speaker == quotes[1].speaker != directory["solberg"]
        assert quotes[0].speaker.needs_review
        assert Person.objects.filter(name="Ingrid Solberg").count() == 2


@pytest.mark.django_db
class TestCorrectingTheOrganization:
    def test_an_organization_corrected_to_a_directory_alias_links_that_organization(
        self, client, editor, directory
    ):
        client.force_login(editor)

        save(client, review_form(client), {"quote-2-organization": "the coastal fund"})

        article = Article.objects.get()
        assert saved_quotes()[2] == ("Lea Marchetti", "Director General", directory["fund"])
        assert directory["fund"] in article.organizations.all()
        assert not Organization.objects.filter(needs_review=True).exists()

    def test_an_unknown_organization_is_added_flagged_for_review_for_an_editor(
        self, client, editor, directory
    ):
        client.force_login(editor)

        response = save(
            client,
            review_form(client),
            {
                "quote-1-organization": "Harbour Marine Station",
                "quote-2-organization": "harbour marine station",
            },
        )

        station = Organization.objects.get(name="Harbour Marine Station")
        assert station.needs_review
        assert saved_quotes()[1:] == [
            ("Tomas Ekholm", "Dean of Science", station),
            ("Lea Marchetti", "Director General", station),
        ]
        assert station in Article.objects.get().organizations.all()
        page = client.get(response.url).text
        assert "New organizations, flagged for review in the directory: Harbour Marine" in page

    def test_without_leave_to_add_organizations_an_unknown_one_stays_in_the_title(
        self, client, contributor, directory
    ):
        # May add people (so Tomas Ekholm's quote is saved), not organizations.
        contributor.user_permissions.add(Permission.objects.get(codename="add_person"))
        client.force_login(contributor)

        save(client, review_form(client), {"quote-1-organization": "Harbour Marine Station"})

        assert saved_quotes()[1] == (
            "Tomas Ekholm",
            "Dean of Science, Harbour Marine Station",
            None,
        )
        assert not Organization.objects.filter(name="Harbour Marine Station").exists()

    def test_an_emptied_organization_leaves_the_quote_with_none(self, client, editor, directory):
        client.force_login(editor)

        save(client, review_form(client), {"quote-0-organization": ""})

        # Not the title as printed, “the Nordvik Institute's Director of Research”.
        assert saved_quotes()[0] == ("Ingrid Solberg", "Director of Research", None)


@pytest.mark.django_db
class TestCorrectingTheTitle:
    def test_a_corrected_title_is_saved_as_the_speakers_title(self, client, editor, directory):
        client.force_login(editor)

        save(client, review_form(client), {"quote-0-title": "Head of Ocean Data"})

        assert saved_quotes()[0] == ("Ingrid Solberg", "Head of Ocean Data", directory["nordvik"])

    def test_a_corrected_title_names_an_organization_that_is_not_linked(
        self, client, editor, directory
    ):
        client.force_login(editor)

        save(client, review_form(client), {"quote-2-title": "Director-General"})

        assert saved_quotes()[2] == (
            "Lea Marchetti",
            "Director-General, Coastal Research Fund",
            None,
        )


@pytest.mark.django_db
class TestFieldsLeftAsShown:
    def test_saving_the_review_unchanged_saves_what_was_recognized(self, client, editor, directory):
        client.force_login(editor)

        save(client, review_form(client))

        assert saved_quotes() == [
            ("Ingrid Solberg", "Director of Research", directory["nordvik"]),
            ("Tomas Ekholm", "Dean of Science", directory["harbour"]),
            ("Lea Marchetti", "Coastal Research Fund's Director General", None),
        ]
        assert flagged_people() == {"Tomas Ekholm", "Lea Marchetti"}

    def test_an_unticked_organization_left_as_shown_is_not_linked(self, client, editor, directory):
        client.force_login(editor)
        form = review_form(client)
        harbour = f"organization-{directory['harbour'].pk}"
        form["keep"] = [key for key in form["keep"] if key != harbour]

        save(client, form)

        assert saved_quotes()[1] == (
            "Tomas Ekholm",
            "Dean of Science at Harbour University",
            None,
        )


@pytest.mark.django_db
class TestBadInput:
    def test_a_title_over_200_characters_shows_the_review_again_with_the_input_kept(
        self, client, editor, directory
    ):
        client.force_login(editor)
        form = review_form(client)
        harbour = f"organization-{directory['harbour'].pk}"
        form["keep"] = [key for key in form["keep"] if key != harbour]
        title = ("Director of Research and Data " * 10).strip()
        assert len(title) == 299

        response = save(client, form, {"quote-0-title": title, "quote-1-speaker": "Åsa Lindqvist"})

        assert response.status_code == 200
        assert "importing/review.html" in [t.name for t in response.templates]
        page = response.text
        assert "The draft was not saved: correct the field marked below." in page
        assert "At most 200 characters (this has 299): shorten it." in page
        assert 'aria-invalid="true"' in page
        shown_again = form_data(page, "import-review")
        assert shown_again["quote-0-title"] == title
        assert shown_again["quote-1-speaker"] == "Åsa Lindqvist"
        assert harbour not in shown_again["keep"]
        assert sorted(shown_again["keep"]) == sorted(form["keep"])
        assert shown_again["text"] == form["text"]
        assert not Article.objects.exists()

    def test_names_over_200_characters_are_errors_and_nothing_is_saved(
        self, client, editor, directory
    ):
        client.force_login(editor)

        response = save(
            client,
            review_form(client),
            {"quote-1-speaker": "Tomas " * 40, "quote-2-organization": "Fund " * 50},
        )

        assert response.status_code == 200
        assert "correct the fields marked below" in response.text
        assert response.text.count("At most 200 characters") == 2
        assert not Article.objects.exists()
        assert not Person.objects.filter(needs_review=True).exists()
        assert not Organization.objects.filter(needs_review=True).exists()

    def test_the_review_shown_again_is_valid_html(self, client, editor, directory, tmp_path):
        client.force_login(editor)

        response = save(client, review_form(client), {"quote-0-title": "x" * 300})

        assert response.status_code == 200
        assert html_errors({"review-errors": response.content}, tmp_path) == []
        assert " style=" not in response.text


@pytest.mark.django_db
class TestReviewSize:
    # The story posts 6 recognized boxes, 2 proposals and 3 fields for each of its 3 quotes:
    # 17, with 10 more for the text, the token and the buttons.
    def test_each_quotes_fields_count_towards_what_one_review_can_take(
        self, client, editor, directory, settings
    ):
        client.force_login(editor)
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 26

        response = preview(client)

        message = " ".join(response.context["form"].non_field_errors())
        assert "17 boxes and fields in all" in message
        assert "one review takes at most 16" in message

    def test_a_review_at_the_limit_can_be_saved_with_every_box_ticked(
        self, client, editor, directory, settings
    ):
        client.force_login(editor)
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 27
        form = review_form(client)
        form["create"] = [p.key for p in drafting.review_story(TEXT).proposals]

        response = save(client, form, {"quote-0-title": "Head of Ocean Data"})

        assert response.status_code == 302
        assert Organization.objects.filter(name="Coastal Research Fund").exists()


@pytest.mark.django_db
class TestSavingWithCorrections:
    def test_save_draft_applies_corrections_by_quote_key(self, directory):
        review = drafting.review_story(TEXT)

        saved = drafting.save_draft(
            review,
            add_organizations=False,
            corrections={
                "quote-1": {"speaker": "Åsa Lindqvist", "organization": "Harbour Marine Station"},
                "quote-2": {"speaker": "Lea Marchetti", "title": "Director General"},
            },
        )

        assert saved_quotes() == [
            ("Ingrid Solberg", "Director of Research", directory["nordvik"]),
            ("Åsa Lindqvist", "Dean of Science, Harbour Marine Station", None),
            # Values as recognized change nothing.
            ("Lea Marchetti", "Coastal Research Fund's Director General", None),
        ]
        assert [person.name for person in saved.new_people] == ["Lea Marchetti"]
        assert saved.new_organizations == []
