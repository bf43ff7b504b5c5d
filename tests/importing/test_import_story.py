"""Importing stories from plain text: parsing, matching the directory, command, desk page."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article, Quote
from demo import content as demo
from importing import drafting
from importing.layout import parse_story
from importing.reading import StoryImportError, content_hash, decode_text
from importing.titles import split_title
from organizations.models import Organization, Person
from richtext.fields import sanitize_html
from tests.factories import OrganizationFactory, PersonFactory, SectionFactory, UserFactory
from tests.helpers import member_of
from tests.html_checker import html_errors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
# The founding story as it arrived, kept beside the project (../shared/corpus)
# rather than in it. NEWSROOM_SHARED names another place for that directory.
FOUNDING_STORY_PLACES = [
    Path(os.environ.get("NEWSROOM_SHARED", Path(settings.BASE_DIR).parent / "shared")),
    Path("/work/shared"),
]
FOUNDING_STORY = next(
    (
        place / "corpus" / "mila-ai-sweden.txt"
        for place in FOUNDING_STORY_PLACES
        if (place / "corpus" / "mila-ai-sweden.txt").exists()
    ),
    FOUNDING_STORY_PLACES[0] / "corpus" / "mila-ai-sweden.txt",
)
IMPORT_URL = "/admin/articles/article/import/"

KNOWN_ORGANIZATIONS = ["Nordvik Institute", "Nordvik", "Harbour University"]
KNOWN_PEOPLE = ["Ingrid Solberg"]


def fixture_text(name):
    return decode_text((FIXTURES / name).read_bytes())


def parse_fixture(name):
    return parse_story(fixture_text(name), KNOWN_ORGANIZATIONS, KNOWN_PEOPLE)


def attributions(story):
    return [(q.speaker, q.title, q.organization) for q in story.quotes]


def everything_printed(story):
    return "\n".join([story.headline, story.dek, *story.paragraphs])


# Parsing: no database.


class TestAttributionForms:
    def test_says_name_title_gives_the_title_and_its_organization(self):
        story = parse_fixture("says-name-title.txt")

        assert attributions(story) == [
            ("Ingrid Solberg", "Director of Research", "Nordvik Institute"),
            ("Tomas Ekholm", "Dean of Science", "Harbour University"),
            ("Lea Marchetti", "Director General", "Coastal Research Fund"),
        ]
        assert story.quotes[0].text == (
            "Ocean records from the last century are scattered across a dozen archives. "
            "Bringing them under one roof is the first step"
        )
        assert story.quotes[2].printed_title == "Coastal Research Fund's Director General"

    def test_said_name_name_said_colon_stated_and_a_surname_on_second_reference(self):
        story = parse_fixture("said-forms.txt")

        # Maren Holt's attributions print no title: the one she was appointed to is kept.
        assert [(q.speaker, q.title) for q in story.quotes] == [
            ("Maren Holt", "director"),
            ("Jonas Berglund", ""),
            ("Anders Lund", "Chair of the Search Committee"),
            ("Maren Holt", "director"),
        ]
        assert story.quotes[1].text == "We wanted someone who knows the instruments by heart."
        assert story.quotes[3].text == "Our first task is to reopen the north telescope"

    def test_straight_quotes_a_split_quote_and_a_quote_over_two_paragraphs(self):
        story = parse_fixture("straight-quotes.txt")

        assert attributions(story) == [
            ("Tomas Ekholm", "Dean of Science", "Harbour University"),
            ("Ingrid Solberg", "", "Nordvik Institute"),
        ]
        # “First part,” said X. “Second part.” is one quote, its comma a full stop again.
        assert story.quotes[0].text == (
            "We collected these numbers with public money, so the public should have them. "
            "Anyone can now download the full archive."
        )
        assert story.quotes[1].text == (
            "The readings start in 2014 and run to last December.\n\n"
            "Every gauge was checked by hand before release"
        )

    def test_a_quote_split_around_its_attribution_runs_on_over_several_paragraphs(self):
        story = parse_fixture("multi-paragraph.txt")

        (quote,) = story.quotes
        assert quote.speaker == "Ingrid Solberg"
        assert quote.text == (
            "These notebooks are the memory of the coast. Some of them were filled in by "
            "lantern light on fishing boats.\n\n"
            "We owe it to those surveyors to make their work readable again.\n\n"
            "Scanning will take two years."
        )
        assert {span.part for span in quote.spans} == {1, 2, 3}

    def test_a_pronoun_credits_the_previous_speaker(self):
        story = parse_story(
            "Harbour University adds a second gauge\n\n"
            "“The first gauge was not enough,” said Tomas Ekholm, Dean of Science.\n\n"
            "“The second one covers the inner harbour,” he added.\n"
        )

        assert [q.speaker for q in story.quotes] == ["Tomas Ekholm", "Tomas Ekholm"]

    def test_quoted_words_without_a_speaker_are_not_quotes(self):
        story = parse_story(
            "A “living archive” for the coast\n\n"
            "The institute calls the project a “living archive” of the shoreline.\n"
        )

        assert story.quotes == []

    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            ("Mila's Founder and Scientific Director", ("Founder and Scientific Director", "Mila")),
            ("Co-Director at AI Sweden", ("Co-Director", "AI Sweden")),
            ("Vinnova's Director General", ("Director General", "Vinnova")),
            ("Director General of Vinnova", ("Director General", "Vinnova")),
            ("Co-Director, AI Sweden", ("Co-Director", "AI Sweden")),
            ("Minister of Finance", ("Minister of Finance", "")),
            ("the institute's Director of Research", ("Director of Research", "the institute")),
        ],
    )
    def test_a_printed_title_names_its_organization(self, printed, expected):
        assert split_title(printed, ["Mila", "AI Sweden", "Vinnova"]) == expected


class TestStoryParts:
    def test_page_boilerplate_is_stripped_and_the_source_kept(self):
        story = parse_fixture("page-boilerplate.txt")

        assert story.headline == "Coastal Research Fund doubles its grants for young scientists"
        assert story.dek == "Grants for early-career researchers rise to forty a year."
        assert story.byline == "Ruth Okafor"
        assert story.dateline == "Atlantic Canada"
        assert story.paragraphs[0].startswith("The Coastal Research Fund will award")
        assert story.paragraphs[-1] == "Applications open in May."
        assert (story.source_name, story.source_url) == (
            "The Harbour Gazette",
            "https://www.harbourgazette.example",
        )
        printed = everything_printed(story)
        for leftover in ("Published on", "Share this", "Related Stories", "No stories found"):
            assert leftover not in printed
        assert "Wharf Street" not in printed
        assert printed.count(story.headline) == 1

    def test_a_dek_between_headline_and_dateline(self):
        story = parse_fixture("said-forms.txt")

        assert story.dek.startswith("The observatory's board chose an astronomer")
        assert story.dateline == "Stockholm"
        assert story.paragraphs[0].startswith("The Tidewater Observatory has appointed")

    def test_known_names_are_mentions_and_unknown_organizations_proposals(self):
        story = parse_fixture("says-name-title.txt")

        assert {m.name for m in story.organizations} == {"Nordvik Institute", "Harbour University"}
        assert {m.name for m in story.people} == {"Ingrid Solberg"}
        assert [m.name for m in story.proposed_organizations] == [
            "Coastal Research Fund",
            "Tidewater Observatory",
        ]

    def test_a_publication_footer_without_related_stories_is_dropped(self):
        story = parse(fixture_text("windows-1252.txt"))

        assert story.paragraphs[-1] == "The first exchange of data is planned for the autumn."
        assert "Saint-Laurent" not in everything_printed(story)


def parse(text):
    return parse_story(text, KNOWN_ORGANIZATIONS, KNOWN_PEOPLE)


class TestDecoding:
    def test_windows_1252_is_read_with_its_quotes_and_accents(self):
        story = parse(fixture_text("windows-1252.txt"))

        assert story.headline == "Québec institute joins the Nordvik Institute's ocean network"
        assert story.dateline == "Montréal"
        assert attributions(story) == [
            ("Hélène Côté", "Directrice générale", "Institut Boréal de Québec")
        ]

    def test_a_byte_order_mark_is_not_part_of_the_headline(self):
        data = (FIXTURES / "bom.txt").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")

        story = parse(decode_text(data))

        assert story.headline == "Harbour University appoints a data steward"
        assert attributions(story) == [("Priya Raman", "Data Steward", "Harbour University")]

    def test_the_same_story_in_another_encoding_has_the_same_hash(self):
        text = fixture_text("windows-1252.txt")

        assert content_hash(text) == content_hash(text.replace("\n", "\r\n") + "\n\n")
        assert content_hash(decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"))) == (
            content_hash(text)
        )

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "empty"),
            (b"  \n\n\t ", "empty"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
            (bytes(range(1, 32)) * 20, "binary"),
            (b"x" * 2048, "at most 1,024 bytes"),
        ],
        ids=["empty", "blank", "png", "control-characters", "oversized"],
    )
    def test_unreadable_files_get_a_clear_message(self, data, message):
        with pytest.raises(StoryImportError, match=message):
            decode_text(data, limit=1024)


class TestHighlighting:
    def test_names_nest_inside_quotes_and_everything_is_escaped(self):
        text = "“Mila <3,” said Ada & co."
        marks = [(0, 10, "quote", "Quote by Ada"), (1, 5, "organization", "Mila")]

        assert str(drafting.mark_names(text, marks)) == (
            '<mark class="import-quote" title="Quote by Ada">“'
            '<mark class="import-organization" title="Mila">Mila</mark> &lt;3,”</mark>'
            " said Ada &amp; co."
        )

    def test_a_mark_straddling_another_is_left_out(self):
        marks = [(0, 4, "person", "A"), (2, 8, "organization", "B")]

        assert str(drafting.mark_names("abcdefghij", marks)) == (
            '<mark class="import-person" title="A">abcd</mark>efghij'
        )


# Matching the directory and saving: the database.


@pytest.fixture
def directory():
    """The fixture stories' institutions and one person; the others are unknown."""
    return {
        "nordvik": OrganizationFactory(
            name="Nordvik Institute for Marine Science",
            short_name="Nordvik",
            aliases="Nordvik Institute",
        ),
        "harbour": OrganizationFactory(name="Harbour University", short_name=""),
        "solberg": PersonFactory(name="Ingrid Solberg"),
    }


@pytest.fixture
def news():
    return SectionFactory(name="News", slug="news")


@pytest.mark.django_db
class TestSavingADraft:
    def test_a_draft_with_its_quotes_people_and_organizations(self, directory, news):
        review = drafting.review_story(fixture_text("says-name-title.txt"))

        saved = drafting.save_draft(review)

        article = saved.article
        assert article.status == Article.Status.DRAFT
        assert article.published_at is None
        assert article.section == news
        assert article.dateline == "Halifax"
        assert set(article.organizations.all()) == {directory["nordvik"], directory["harbour"]}
        quotes = list(article.quotes.select_related("speaker", "speaker_organization"))
        assert [(q.speaker.name, q.speaker_title, q.speaker_organization) for q in quotes] == [
            ("Ingrid Solberg", "Director of Research", directory["nordvik"]),
            ("Tomas Ekholm", "Dean of Science", directory["harbour"]),
            # Not in the directory and not confirmed: the title keeps the name as printed.
            ("Lea Marchetti", "Coastal Research Fund's Director General", None),
        ]
        assert quotes[0].speaker == directory["solberg"]
        assert not Organization.objects.filter(name="Coastal Research Fund").exists()

    def test_unknown_speakers_become_people_flagged_for_review(self, directory, news):
        saved = drafting.save_draft(drafting.review_story(fixture_text("says-name-title.txt")))

        assert {person.name for person in saved.new_people} == {"Tomas Ekholm", "Lea Marchetti"}
        assert all(person.needs_review for person in saved.new_people)
        assert not Person.objects.get(pk=directory["solberg"].pk).needs_review
        assert set(saved.article.people.values_list("name", flat=True)) == {
            "Ingrid Solberg",
            "Tomas Ekholm",
            "Lea Marchetti",
        }

    def test_organizations_match_by_short_name_and_alias_whatever_the_case(self, news):
        nordvik = OrganizationFactory(name="Nordvik Marine", short_name="NORDVIK INSTITUTE")
        harbour = OrganizationFactory(name="HU", aliases="Other name\nharbour university")

        review = drafting.review_story(fixture_text("bom.txt"))

        assert {m.organization for m in review.organizations} == {nordvik, harbour}
        assert review.quotes[0].organization == harbour

    def test_a_confirmed_proposal_is_added_and_linked(self, directory, news):
        review = drafting.review_story(fixture_text("says-name-title.txt"))
        (fund,) = [p for p in review.proposals if p.name == "Coastal Research Fund"]

        saved = drafting.save_draft(review, create=[fund.key])

        organization = Organization.objects.get(name="Coastal Research Fund")
        assert saved.new_organizations == [organization]
        assert organization in saved.article.organizations.all()
        quote = saved.article.quotes.get(speaker__name="Lea Marchetti")
        assert (quote.speaker_title, quote.speaker_organization) == (
            "Director General",
            organization,
        )

    def test_dropped_matches_are_not_linked(self, directory, news):
        review = drafting.review_story(fixture_text("says-name-title.txt"))
        solberg_key = f"person-{directory['solberg'].pk}"
        keep = review.match_keys - {f"organization-{directory['harbour'].pk}", solberg_key}

        article = drafting.save_draft(review, keep=keep).article

        assert list(article.organizations.all()) == [directory["nordvik"]]
        ekholm = article.quotes.get(speaker__name="Tomas Ekholm")
        assert ekholm.speaker_organization is None
        assert ekholm.speaker_title == "Dean of Science at Harbour University"
        # The directory's Ingrid Solberg was not the speaker: a new one is, for review.
        solberg_quote = article.quotes.get(speaker__name="Ingrid Solberg")
        assert solberg_quote.speaker != directory["solberg"]
        assert solberg_quote.speaker.needs_review

    def test_the_body_is_escaped_paragraphs_through_the_sanitizer(self, news):
        text = (
            "Scripts in a story <script>alert(1)</script>\n\n"
            "A paragraph with <b>tags</b> & an ampersand.\n\n"
            "<img src=x onerror=alert(1)> Second paragraph.\n"
        )

        article = drafting.save_draft(drafting.review_story(text)).article

        assert article.body == (
            "<p>A paragraph with &lt;b&gt;tags&lt;/b&gt; &amp; an ampersand.</p>"
            "<p>&lt;img src=x onerror=alert(1)&gt; Second paragraph.</p>"
        )
        assert sanitize_html(article.body) == article.body
        assert article.headline == "Scripts in a story <script>alert(1)</script>"

    def test_the_same_text_is_not_imported_twice(self, directory, news):
        text = fixture_text("said-forms.txt")
        first = drafting.save_draft(drafting.review_story(text)).article

        review = drafting.review_story(text.replace("\n", "\r\n") + "\n")
        assert review.duplicate == first
        with pytest.raises(drafting.DuplicateImport, match=first.headline):
            drafting.save_draft(review)

        assert Article.objects.count() == 1
        assert Person.objects.filter(name="Maren Holt").count() == 1

    def test_a_failure_half_way_saves_nothing(self, directory, news, monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr(Quote.objects, "create", broken)
        review = drafting.review_story(fixture_text("says-name-title.txt"))

        with pytest.raises(RuntimeError):
            drafting.save_draft(review)

        assert not Article.objects.exists()
        assert not Person.objects.filter(needs_review=True).exists()

    def test_an_existing_byline_person_is_the_author(self, news):
        okafor = PersonFactory(name="Ruth Okafor")

        article = drafting.save_draft(
            drafting.review_story(fixture_text("page-boilerplate.txt"))
        ).article

        assert list(article.authors.all()) == [okafor]
        assert okafor not in article.people.all()
        assert article.source_name == "The Harbour Gazette"
        assert article.source_url == "https://www.harbourgazette.example"

    def test_an_organization_whose_name_starts_with_the_is_linked(self, news):
        trust = OrganizationFactory(name="The Kelpfield Trust", short_name="")

        review = drafting.review_story(
            "Kelpfield grants announced\n\n"
            "The Kelpfield Trust will fund three coastal surveys this year.\n"
        )
        article = drafting.save_draft(review).article

        assert [match.organization for match in review.organizations] == [trust]
        assert list(article.organizations.all()) == [trust]

    def test_the_byline_keeps_its_order_whoever_the_story_names_first(self, news):
        ada, bo = PersonFactory(name="Ada Lind"), PersonFactory(name="Bo Berg")

        article = drafting.save_draft(
            drafting.review_story(
                "Survey season opens\n\nBy Ada Lind and Bo Berg\n\n"
                "Bo Berg counted the boats at dawn; Ada Lind logged the tides.\n"
            )
        ).article

        assert list(article.authors.all()) == [ada, bo]

    def test_without_leave_to_add_people_an_unknown_speakers_quote_stays_in_the_text(
        self, directory, news
    ):
        review = drafting.review_story(fixture_text("says-name-title.txt"))

        article = drafting.save_draft(review, add_people=False).article

        speakers = [quote.speaker.name for quote in article.quotes.all()]
        assert speakers == ["Ingrid Solberg"]
        assert "Tomas Ekholm" in article.body
        assert not Person.objects.filter(needs_review=True).exists()


# The command.


def import_story(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_story", *args, stdout=out, stderr=err, **options)
    return out.getvalue()


@pytest.mark.django_db
class TestImportStoryCommand:
    def test_imports_a_draft_and_says_where_to_edit_it(self, directory, news):
        output = import_story(str(FIXTURES / "says-name-title.txt"))

        article = Article.objects.get()
        assert article.status == Article.Status.DRAFT
        assert f"/admin/articles/article/{article.pk}/change/" in output
        assert "Quote: Ingrid Solberg — Director of Research, Nordvik Institute" in output
        assert "Tomas Ekholm (new, to review)" in output
        assert "Coastal Research Fund" in output

    def test_several_files_and_an_author(self, directory, news):
        author = UserFactory(username="ruth")

        import_story(str(FIXTURES / "windows-1252.txt"), str(FIXTURES / "bom.txt"), author="ruth")

        assert Article.objects.count() == 2
        assert set(Article.objects.values_list("created_by", flat=True)) == {author.pk}

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "empty"),
            (b"\x00\x01\x02binary", "binary"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Images cannot be imported"),
        ],
        ids=["empty", "binary", "image"],
    )
    def test_unreadable_files_fail_with_a_message(self, tmp_path, content, message, news):
        path = tmp_path / "story.txt"
        path.write_bytes(content)

        with pytest.raises(CommandError, match=message):
            import_story(str(path))
        assert not Article.objects.exists()

    def test_an_oversized_file_is_refused_before_it_is_read(self, tmp_path, settings, news):
        settings.IMPORT_MAX_BYTES = 100
        path = tmp_path / "long.txt"
        path.write_text("Headline\n\n" + "Words. " * 100, encoding="utf-8")

        with pytest.raises(CommandError, match="at most 100 bytes"):
            import_story(str(path))

    def test_a_missing_file(self, tmp_path, news):
        with pytest.raises(CommandError, match="No such file"):
            import_story(str(tmp_path / "nowhere.txt"))

    def test_a_second_import_of_the_same_text_names_the_first_draft(self, directory, news):
        import_story(str(FIXTURES / "said-forms.txt"))

        with pytest.raises(CommandError, match="already imported as “Tidewater Observatory"):
            import_story(str(FIXTURES / "said-forms.txt"))
        assert Article.objects.count() == 1

    def test_one_bad_file_does_not_stop_the_others(self, tmp_path, directory, news):
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")

        with pytest.raises(CommandError, match="1 of 2"):
            import_story(str(empty), str(FIXTURES / "bom.txt"))
        assert Article.objects.count() == 1

    def test_an_unknown_author_or_section(self, news):
        with pytest.raises(CommandError, match="No account"):
            import_story(str(FIXTURES / "bom.txt"), author="nobody")
        with pytest.raises(CommandError, match="No section"):
            import_story(str(FIXTURES / "bom.txt"), section="sport")


# The desk's page.


@pytest.fixture
def contributor():
    return member_of("Contributor")


def preview(client, **data):
    return client.post(IMPORT_URL, {"action": "preview", **data})


def save(client, text, keep=(), create=(), **data):
    return client.post(
        IMPORT_URL,
        {"action": "save", "reviewed": "1", "text": text, "keep": keep, "create": create, **data},
    )


@pytest.mark.django_db
class TestImportPage:
    def test_the_article_list_links_to_the_page(self, admin_client):
        response = admin_client.get(reverse("admin:articles_article_changelist"))

        assert f'href="{IMPORT_URL}"' in response.text
        assert "Recover deleted articles" in response.text

    def test_preview_marks_what_was_recognized_and_saves_nothing(
        self, admin_client, directory, news
    ):
        response = preview(admin_client, text=fixture_text("says-name-title.txt"))

        assert response.status_code == 200
        page = response.text
        assert '<mark class="import-quote" title="Quote by Ingrid Solberg">' in page
        assert 'title="Quote by Tomas Ekholm (new)"' in page
        assert '<mark class="import-organization" title="Organization: Harbour University">' in (
            page
        )
        assert '<mark class="import-person" title="Person: Ingrid Solberg">' in page
        assert 'title="Not in the directory: Tidewater Observatory"' in page
        harbour = f'value="organization-{directory["harbour"].pk}"'
        assert f'name="keep" {harbour}' in page
        assert 'name="create" value="new-organization-tidewater-observatory"' in page
        assert not Article.objects.exists()

    def test_an_uploaded_file_is_previewed(self, admin_client, directory, news):
        upload = SimpleUploadedFile(
            "story.txt", (FIXTURES / "windows-1252.txt").read_bytes(), "text/plain"
        )

        response = admin_client.post(IMPORT_URL, {"action": "preview", "file": upload})

        assert response.status_code == 200
        assert "Hélène Côté" in response.text
        assert "Québec institute joins" in response.context["text"]

    @pytest.mark.parametrize(
        ("filename", "content", "message"),
        [
            ("story.pdf", b"%PDF-1.4", "Choose a .txt, .html, .htm, .docx or .eml file."),
            ("story.txt", b"\x00\x01\x02binary", "binary"),
            ("story.txt", b"", "empty"),
        ],
        ids=["unsupported-format", "binary", "empty"],
    )
    def test_an_unreadable_upload_is_refused_with_a_message(
        self, admin_client, filename, content, message
    ):
        upload = SimpleUploadedFile(filename, content, "application/octet-stream")

        response = admin_client.post(IMPORT_URL, {"action": "preview", "file": upload})

        assert response.status_code == 200
        assert message in response.text
        assert not Article.objects.exists()

    def test_nothing_to_import(self, admin_client):
        response = preview(admin_client, text="   ")

        assert "Paste the story or choose a file." in response.text

    def test_a_headline_without_a_story(self, admin_client):
        response = preview(admin_client, text="Just a headline\n\n")

        assert response.status_code == 200
        assert "There is a headline but no story under it." in response.text
        assert not Article.objects.exists()

    def test_saving_creates_the_draft_with_the_matches_kept(self, admin_client, directory, news):
        text = fixture_text("says-name-title.txt")
        review = drafting.review_story(text)
        fund = next(p.key for p in review.proposals if p.name == "Coastal Research Fund")
        harbour_key = f"organization-{directory['harbour'].pk}"

        response = save(
            admin_client, text, keep=sorted(review.match_keys - {harbour_key}), create=[fund]
        )

        article = Article.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("admin:articles_article_change", args=[article.pk])
        assert article.status == Article.Status.DRAFT
        assert article.created_by.is_superuser
        assert set(article.organizations.values_list("name", flat=True)) == {
            directory["nordvik"].name,
            "Coastal Research Fund",
        }
        assert article.quotes.count() == 3
        page = admin_client.get(response.url).text
        assert "imported" in page
        assert "flagged for review" in page

    def test_a_dropped_quote_is_not_saved(self, admin_client, directory, news):
        text = fixture_text("said-forms.txt")
        keep = drafting.review_story(text).match_keys - {"quote-1"}

        save(admin_client, text, keep=sorted(keep))

        speakers = Article.objects.get().quotes.values_list("speaker__name", flat=True)
        assert list(speakers) == ["Maren Holt", "Anders Lund", "Maren Holt"]
        assert not Person.objects.filter(name="Jonas Berglund").exists()

    def test_a_duplicate_is_shown_on_the_review_and_cannot_be_saved(
        self, admin_client, directory, news
    ):
        text = fixture_text("bom.txt")
        first = drafting.save_draft(drafting.review_story(text)).article

        response = save(admin_client, text, keep=[])

        assert response.status_code == 200
        assert "already imported as" in response.text
        assert reverse("admin:articles_article_change", args=[first.pk]) in response.text
        assert 'value="save"' not in response.text
        assert Article.objects.count() == 1

    def test_a_contributor_may_import_but_not_add_organizations_or_people(
        self, client, contributor, directory, news
    ):
        client.force_login(contributor)
        text = fixture_text("says-name-title.txt")
        review = drafting.review_story(text)

        page = preview(client, text=text).text
        save(client, text, keep=sorted(review.match_keys), create=[review.proposals[0].key])

        assert 'name="create"' not in page
        assert "ask an editor to add this person" in page
        article = Article.objects.get()
        assert article.created_by == contributor
        assert not Organization.objects.filter(name="Coastal Research Fund").exists()
        # Nor people: a new person would have a public page at once.
        assert not Person.objects.filter(needs_review=True).exists()
        assert "Tomas Ekholm" in article.body
        # Their own draft: they can go on editing it.
        change = reverse("admin:articles_article_change", args=[article.pk])
        assert client.get(change).status_code == 200

    def test_a_user_who_cannot_add_articles_is_refused(self, client, news):
        reader = UserFactory(staff=True)
        reader.user_permissions.add(Permission.objects.get(codename="view_article"))
        client.force_login(reader)

        assert client.get(IMPORT_URL).status_code == 403
        assert save(client, fixture_text("bom.txt")).status_code == 403
        assert not Article.objects.exists()
        changelist = client.get(reverse("admin:articles_article_changelist")).text
        assert IMPORT_URL not in changelist

    def test_the_pages_are_valid_html(self, admin_client, directory, news, tmp_path):
        pages = {
            "import": admin_client.get(IMPORT_URL),
            "review": preview(admin_client, text=fixture_text("says-name-title.txt")),
            "errors": preview(admin_client, text=""),
        }
        for response in pages.values():
            assert response.status_code == 200

        errors = html_errors({name: r.content for name, r in pages.items()}, tmp_path)

        assert errors == []

    def test_the_pages_have_no_inline_scripts_or_styles(self, admin_client, directory, news):
        for response in (
            admin_client.get(IMPORT_URL),
            preview(admin_client, text=fixture_text("says-name-title.txt")),
        ):
            assert " style=" not in response.text
            assert "<script>" not in response.text


# The founding story.


@pytest.fixture
def founding_directory():
    """The demo's organizations and people, as `load_demo` writes them (without images)."""
    if not FOUNDING_STORY.exists():
        pytest.skip(f"The founding story is not at {FOUNDING_STORY}.")
    organizations = {
        data["slug"]: Organization.objects.create(**data) for data in demo.ORGANIZATIONS
    }
    people = {
        data["slug"]: Person.objects.create(slug=data["slug"], name=data["name"], bio=data["bio"])
        for data in demo.PEOPLE
    }
    return organizations, people


@pytest.mark.django_db
class TestFoundingStory:
    def test_one_draft_with_both_quotes_and_the_four_organizations(self, founding_directory, news):
        organizations, people = founding_directory

        output = import_story(str(FOUNDING_STORY))

        article = Article.objects.get()
        assert article.status == Article.Status.DRAFT
        assert article.headline == (
            "Mila Announces Partnership with AI Sweden, Welcoming the Entity to Montreal's "
            "AI Ecosystem"
        )
        assert article.dateline == "US and Canada"
        assert {o.slug for o in article.organizations.all()} == {
            "mila",
            "ai-sweden",
            "vinnova",
            "astrazeneca",
        }
        quotes = [
            (q.speaker, q.speaker_title, q.speaker_organization, q.text)
            for q in article.quotes.all()
        ]
        assert quotes == [
            (
                people["yoshua-bengio"],
                "Founder and Scientific Director",
                organizations["mila"],
                demo.BENGIO_QUOTE,
            ),
            (
                people["martin-svensson"],
                "Co-Director",
                organizations["ai-sweden"],
                demo.SVENSSON_QUOTE,
            ),
        ]
        assert set(article.people.all()) == set(people.values())
        assert not Person.objects.filter(needs_review=True).exists()
        assert article.source_organization == organizations["cdo-magazine"]
        assert "Global Partnership on Artificial Intelligence (GPAI)" in output

    def test_no_boilerplate_in_the_body(self, founding_directory, news):
        import_story(str(FOUNDING_STORY))

        body = Article.objects.get().body
        assert body.startswith("<p>Mila, the largest academic research institute")
        assert body.count("<p>") == 6
        for leftover in (
            "Mila Announces Partnership",
            "Published on",
            "Related Stories",
            "No stories found",
            "CDO Magazine",
            "cdomagazine",
            "(US and Canada)",
        ):
            assert leftover not in body
