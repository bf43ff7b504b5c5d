"""
Property-based tests (hypothesis): whatever a reader puts in an address, the
site answers without a server error and reflects nothing script-capable;
whatever markup reaches the sanitizer, what comes out is allowlisted, inert
and stable under a second pass.

Examples are derandomized, so a run is reproducible in CI and a failure
prints the same minimal example every time. The client is stateless between
examples (GET requests against one fixed site), which is why sharing
function-scoped fixtures across examples is fine.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from richtext.fields import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html
from richtext.text import plain_text
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    SectionFactory,
    published_article,
)
from tests.security.html_checks import outside_allowlist, script_capable
from tests.security.payloads import HOSTILE_URLS, PAYLOADS

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SANITIZER_FUZZ = settings(FUZZ, max_examples=300)

SLUG = "mila-partners-with-ai-sweden"


@pytest.fixture
def site(db):
    """One published story with everything around it, so every list and profile has content."""
    section = SectionFactory(name="Research", slug="research")
    organization = OrganizationFactory(name="Mila", slug="mila")
    person = PersonFactory(name="Yoshua Bengio", slug="yoshua-bengio")
    article = published_article(headline="Mila partners with AI Sweden", slug=SLUG, section=section)
    article.tags.add("Research partnerships")
    article.organizations.add(organization)
    article.people.add(person)
    QuoteFactory(article=article, speaker=person, speaker_organization=organization)
    return article


# Readers' text: anything, the corpus, and runs of what query strings are made of.
URL_PIECES = ["%", "%00", "%0a", "%ff", "%2F", "%E2%80", "&", "=", "+", ";", "?", "#", "page", "q"]
reader_text = st.one_of(
    st.text(),
    st.sampled_from(sorted(PAYLOADS.values())),
    st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=4)).map("".join),
)
# A WSGI query string is bytes read as Latin-1.
raw_query_string = st.one_of(
    st.text(st.characters(max_codepoint=255)),
    st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=4)).map("".join),
)


@pytest.mark.django_db
@FUZZ
@given(query=reader_text)
def test_search_answers_any_query_without_reflecting_markup(client, site, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert script_capable(response.content.decode()) == []


LISTS = [
    "/",
    "/articles/",
    "/search/?q=mila",
    "/sections/research/",
    "/tags/research-partnerships/",
    "/organizations/mila/",
    "/people/yoshua-bengio/",
]


@pytest.mark.django_db
@FUZZ
@given(path=st.sampled_from(LISTS), page=reader_text)
def test_lists_answer_any_page_number(client, site, path, page):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}page={quote(page, safe='')}")

    assert response.status_code == 200
    assert script_capable(response.content.decode()) == []


PAGES = [
    "/",
    "/articles/",
    "/search/",
    "/organizations/",
    f"/articles/{SLUG}/",
    "/feed/",
    "/feed/atom/",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/robots.txt",
]


@pytest.mark.django_db
@FUZZ
@given(path=st.sampled_from(PAGES), query_string=raw_query_string)
def test_pages_answer_any_query_string(client, site, path, query_string):
    response = client.get(path, QUERY_STRING=query_string)

    # 400 is Django refusing too many parameters; anything but a server error will do.
    assert response.status_code in (200, 400)


SLUGGED = [
    "/articles/{}/",
    "/sections/{}/",
    "/tags/{}/",
    "/organizations/{}/",
    "/people/{}/",
    "/sections/{}/feed/",
    "/tags/{}/feed/",
    "/organizations/{}/feed/",
    "/preview/{}/",
]
KNOWN_SLUGS = {SLUG, "research", "research-partnerships", "mila", "yoshua-bengio"}


@pytest.mark.django_db
@FUZZ
@given(pattern=st.sampled_from(SLUGGED), segment=reader_text)
def test_unknown_slugs_are_not_found(client, site, pattern, segment):
    assume(segment not in KNOWN_SLUGS)

    response = client.get(pattern.format(quote(segment, safe="")))

    assert response.status_code == 404


# The sanitizer, over arbitrary text and generated hostile markup.

HOSTILE_TAGS = [
    *sorted(ALLOWED_TAGS),
    "script",
    "style",
    "svg",
    "math",
    "mtext",
    "mglyph",
    "foreignObject",
    "animate",
    "set",
    "use",
    "img",
    "iframe",
    "object",
    "embed",
    "frameset",
    "noscript",
    "noembed",
    "noframes",
    "title",
    "textarea",
    "xmp",
    "plaintext",
    "template",
    "table",
    "select",
    "option",
    "base",
    "meta",
    "link",
    "form",
    "button",
    "input",
    "details",
    "body",
    "html",
    "head",
]
HOSTILE_ATTRIBUTES = [
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "srcdoc",
    "srcset",
    "style",
    "onclick",
    "onerror",
    "onload",
    "ONMOUSEOVER",
    "title",
    "id",
    "class",
    "rel",
    "target",
    "attributeName",
    "to",
    "values",
    "http-equiv",
    "content",
]
SCRIPT_VALUES = [
    *HOSTILE_URLS.values(),
    "alert(1)",
    "expression(alert(1))",
    "url(javascript:alert(1))",
    "&#106;avascript:alert(1)",
    "java&#x09;script:alert(1)",
    "javascript&colon;alert(1)",
    "</noscript><img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "0;url=javascript:alert(1)",
    "https://example.com/",
]
MARKUP_PIECES = ["<!--", "-->", "--!>", "<![CDATA[", "]]>", "<!", "</", "<", ">", "&", "&lt;"]

tag_name = st.sampled_from(HOSTILE_TAGS).flatmap(
    lambda tag: st.sampled_from([tag, tag.upper(), tag.capitalize()])
)
attribute_value = st.one_of(st.sampled_from(SCRIPT_VALUES), st.text(max_size=12))
attribute = st.builds(
    lambda name, quote_mark, value: f" {name}={quote_mark}{value}{quote_mark}",
    st.sampled_from(HOSTILE_ATTRIBUTES),
    st.sampled_from(['"', "'", ""]),
    attribute_value,
)
start_tag = st.builds(
    lambda tag, attributes, end: f"<{tag}{''.join(attributes)}{end}>",
    tag_name,
    st.lists(attribute, max_size=3),
    st.sampled_from(["", "/", " /"]),
)
hostile_markup = st.lists(
    st.one_of(
        start_tag,
        tag_name.map(lambda tag: f"</{tag}>"),
        st.text(max_size=8),
        st.sampled_from(MARKUP_PIECES),
        st.sampled_from(sorted(PAYLOADS.values())),
    ),
    max_size=24,
).map("".join)


def assert_clean_and_stable(markup):
    cleaned = sanitize_html(markup)

    assert script_capable(cleaned) == []
    assert outside_allowlist(cleaned, ALLOWED_TAGS, ALLOWED_ATTRIBUTES) == []
    assert sanitize_html(cleaned) == cleaned
    # The plain text feeds and search excerpts are made from never fails either.
    plain_text(cleaned)


@SANITIZER_FUZZ
@given(text=st.text())
def test_sanitizer_output_is_inert_and_stable_for_any_text(text):
    assert_clean_and_stable(text)


@SANITIZER_FUZZ
@given(markup=hostile_markup)
def test_sanitizer_output_is_inert_and_stable_for_hostile_markup(markup):
    assert_clean_and_stable(markup)
