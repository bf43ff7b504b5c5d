"""
The importer on the labelled corpus of releases (tests/fixtures/import_corpus):
the quality targets bench/import_quality.py prints, held as a test; and no
text, however hostile, makes the parser slow.
"""

import contextlib
import datetime
import io
import json
import re
import string
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import publishing
from bench.import_quality import evaluate, load_directory
from importing import drafting
from importing.layout import parse_story
from organizations.models import Organization, Person
from tests.factories import BylineFactory, SectionFactory

# Below this, a parse is too quick to time fairly against another (seconds).
QUICK = 0.25
# Far more than a generated text of a few kilobytes needs, even on a busy machine.
SLOW = 2.0


@pytest.mark.django_db
def test_the_labelled_corpus_meets_the_quality_targets():
    load_directory()

    overall, languages, _styles, outcomes = evaluate()

    misses = {outcome.name: outcome.misses for outcome in outcomes if outcome.misses}
    assert overall.releases >= 40
    assert overall.quote_f1 >= 0.95, misses
    assert overall.ratio(overall.right_titles, overall.gold_titles) >= 0.95, misses
    assert overall.ratio(overall.right_links, overall.gold_links) >= 0.98, misses
    assert overall.wrong_links == 0, misses
    assert overall.people_from_titles == 0, misses
    assert {language: tally.quote_f1 >= 0.9 for language, tally in languages.items()} == {
        "en": True,
        "fr": True,
        "sv": True,
    }


# Each about 250 KB, a quarter of the most an import takes. Parsing four
# times the text takes about four times as long when the work is linear,
# sixteen times when it is quadratic: the test compares the two, measured in
# the same run, rather than a time that depends on the machine.
HOSTILE = {
    "quote marks": '"' * 250_000,
    "open guillemets": "« " * 125_000,
    "alternating marks": "“”" * 125_000,
    "commas": "Jane Roe, " * 25_000,
    "capitals": "Aaa Bbb Ccc " * 21_000,
    "verbs": '"Yes," said "No," said ' * 11_000,
    "dashes": "– " * 125_000,
    "one long word": "A" * 250_000,
    "full stops": "Dr. " * 62_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_parsed_quickly(name):
    hostile = HOSTILE[name]

    def parse_time(text):
        started = time.perf_counter()
        parse_story(
            "A headline\n\n" + text, organizations=["Mila", "AI Sweden"], people=["Jane Roe"]
        )
        return time.perf_counter() - started

    # The best of a few runs: a garbage collection in a long test session can
    # stall any single one.
    quarter = min(parse_time(hostile[: len(hostile) // 4]) for _ in range(3))
    whole = min(parse_time(hostile) for _ in range(2))

    assert whole < max(8 * quarter, QUICK), f"{quarter:.3f} s for a quarter, {whole:.3f} s whole"


pieces = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "«",
        "»",
        "„",
        "–",
        ", ",
        ". ",
        ": ",
        "\n",
        "\n\n",
        " said ",
        " säger ",
        " a déclaré ",
        "Jane ",
        "Roe",
        "Dr. ",
        "CEO ",
        "of ",
        "Northwind ",
        "(NW) ",
        "According to ",
    ]
)
hostile_text = st.lists(
    st.one_of(pieces, st.text(alphabet=string.ascii_letters + " ,.", max_size=8)), max_size=4000
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=hostile_text)
def test_generated_hostile_text_never_takes_a_second(body):
    started = time.perf_counter()
    # Refused with a message (no story under the headline, say) is fine too.
    with contextlib.suppress(ValueError):
        parse_story("Headline\n\n" + body + "\n\nLast paragraph.")
    assert time.perf_counter() - started < SLOW


RELEASE = """\
Kestrix opens a service depot in Chibougamau

CHIBOUGAMAU, Quebec, March 3, 2024 /CNW/ - Kestrix said on Tuesday it would keep spare
satellite terminals within a day's drive of every site it serves in northern Quebec,
working with researchers at Mila – Quebec Artificial Intelligence Institute.

"A community should never lose its network because a part is stuck in a warehouse," said
Marcus Lindqvist, chief executive of Kestrix.
"""


@pytest.mark.django_db
def test_the_release_date_is_kept_shown_and_given_to_search_engines(admin_client):
    SectionFactory(name="News", slug="news")
    call_command("load_demo", stdout=io.StringIO())

    review_page = admin_client.post(
        reverse("admin:articles_article_import"), {"action": "preview", "text": RELEASE}
    )
    saved = drafting.save_draft(drafting.review_story(RELEASE))

    assert "Release date" in review_page.text and "3 March 2024" in review_page.text
    article = saved.article
    assert article.source_published_on == datetime.date(2024, 3, 3)
    assert article.dateline == "Chibougamau, Quebec"
    # The demo directory knows Mila by its full name.
    assert set(article.organizations.values_list("name", flat=True)) >= {"Mila"}
    # An editor checks the names the import added and signs the story.
    Person.objects.update(needs_review=False)
    Organization.objects.update(needs_review=False)
    BylineFactory(article=article)
    assert publishing.publish_now(article, None)
    page = admin_client.get(article.get_absolute_url()).text
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    )
    assert data["isBasedOn"]["dateCreated"] == "2024-03-03"


@pytest.mark.django_db
def test_a_quote_whose_speaker_cannot_be_told_is_shown_but_credited_to_no_one(admin_client):
    SectionFactory(name="News", slug="news")
    text = (
        "Northwind opens a lab\n\n"
        "OSLO — Northwind opened a laboratory on Monday.\n\n"
        "“We have wanted a place like this for a very long time,” the general manager said.\n"
    )

    review_page = admin_client.post(
        reverse("admin:articles_article_import"), {"action": "preview", "text": text}
    )
    saved = drafting.save_draft(drafting.review_story(text))

    assert 'class="import-unattributed"' in review_page.text
    assert "had no speaker that could be told" in review_page.text
    assert not saved.article.quotes.exists()
    assert saved.new_people == []
