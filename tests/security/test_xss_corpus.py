"""
The hostile-input corpus (`payloads.py`) through every field the newsroom
shows, on every page that shows it, public and desk: no payload may come
out as something a browser runs (`html_checks.script_capable`), and each
must still be there as text.

Per category of the corpus, one test builds a site in which every payload
is a whole story: an article whose every text field holds it (headline,
dek, body, dateline, source, lead image alt text, caption and credit), in
a section and with a tag named after it, covering an organization and a
person made of it (names, descriptions, profile, bio, places, an
affiliation title, a relationship summary), with a byline, a quote (text
and speaker title) and a correction of it, and an audit event about it.

The test then reads, for each story, the article, section, tag,
organization and person pages and a search for the payload itself; once
for the category, the front page, archive, directory, RSS and Atom feeds,
both sitemaps and a preview link. On the desk, signed in as a superuser:
every changelist, a desk search for each payload, and the change forms of
one "desk copy" per model, whose relations and inlines hold every story
and whose text columns hold as many of the category's payloads as their
length allows, with its revision history, comparison and delete page.
(The desk copies keep the test fast: an admin change form costs ten
public pages.)

Feeds and sitemaps are XML: they must parse, contain only the elements a
feed has, and what readers render as HTML (RSS titles and descriptions,
Atom `type="html"`) must be as harmless as a page.
"""

import html
import io
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
import reversion
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from taggit.models import Tag

from articles import preview
from articles.models import Article, Quote, Section
from audit import trail
from audit.models import AuditEvent
from organizations.models import Affiliation, Organization, Person, Relationship
from richtext.fields import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html
from search.query import clean_query
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    BylineFactory,
    CorrectionFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    RelationshipFactory,
    SectionFactory,
    published_article,
)
from tests.forms import form_data
from tests.security.html_checks import (
    SCRIPT_SCHEMES,
    check,
    outside_allowlist,
    script_capable,
    url_scheme,
)
from tests.security.payloads import CATEGORIES, HOSTILE_URLS, INERT_AS_MARKUP, PAYLOADS, fit

pytestmark = pytest.mark.django_db

# What XML 1.0 cannot carry at all. A headline holding one breaks every feed
# (see test_control_characters_in_a_headline_do_not_break_the_feeds), so the
# fields feeds and sitemaps print hold U+FFFD in their place here.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

ATOM = "http://www.w3.org/2005/Atom"
FEED_ELEMENTS = {
    # RSS 2.0 has no namespace.
    "": {
        "rss",
        "channel",
        "title",
        "link",
        "description",
        "language",
        "lastBuildDate",
        "copyright",
        "ttl",
        "item",
        "guid",
        "pubDate",
        "category",
        "comments",
        "author",
        "enclosure",
        "source",
    },
    ATOM: {
        "feed",
        "title",
        "link",
        "id",
        "updated",
        "subtitle",
        "author",
        "name",
        "email",
        "uri",
        "entry",
        "published",
        "summary",
        "category",
        "rights",
        "contributor",
        "content",
    },
    "http://purl.org/dc/elements/1.1/": {"creator"},
    "http://www.sitemaps.org/schemas/sitemap/0.9": {
        "urlset",
        "url",
        "loc",
        "lastmod",
        "changefreq",
        "priority",
    },
    # A page's versions in the other languages (sitemaps' hreflang alternates).
    "http://www.w3.org/1999/xhtml": {"link"},
    "http://www.google.com/schemas/sitemap-news/0.9": {
        "news",
        "publication",
        "name",
        "language",
        "publication_date",
        "title",
    },
}
# What feed readers render as HTML in an RSS item. (The channel's own title and
# description are not escaped yet: test_feed_titles_escape_the_names_they_carry.)
RSS_HTML = {"title", "description"}


def storable(text):
    """PostgreSQL refuses NUL in text columns: U+FFFD instead, as browsers read a NUL."""
    return text.replace("\x00", "\ufffd") if connection.vendor == "postgresql" else text


def xml_safe(text):
    return XML_ILLEGAL.sub("\ufffd", text)


def pack(texts, model, field_name, joiner=" "):
    """As many of `texts` as the column holds, joined; all of them for a TextField."""
    max_length = model._meta.get_field(field_name).max_length
    packed = ""
    for text in texts:
        candidate = f"{packed}{joiner}{text}" if packed else text
        if max_length and len(candidate) > max_length:
            continue
        packed = candidate
    return packed or fit(model, field_name, texts[0])


def stored_lead_image():
    """
    A lead image, processed once: the fields that give an article this image
    with its renditions, to share between stories (their alt texts differ).
    """
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (30, 90, 160)).save(buffer, "JPEG")
    field = Article._meta.get_field("lead_image")
    name, manifest = field.store(ContentFile(buffer.getvalue()), field.focus(Article()), [])
    return {"lead_image": name, "lead_image_renditions": manifest}


@dataclass
class Story:
    """One payload as a whole story: the article and everything it shows."""

    name: str
    text: str
    article: Article
    section: Section
    tag: Tag
    organization: Organization
    person: Person


@dataclass
class DeskCopy:
    """One object of each model holding every story of the category, for the desk's forms."""

    article: Article
    section: Section
    tag: Tag
    organization: Organization
    person: Person
    relationship: Relationship
    event: AuditEvent


def build_story(name, payload, image):
    text = storable(payload)
    feed_text = xml_safe(text)
    section = SectionFactory(
        name=fit(Section, "name", feed_text),
        slug=name,
        description=fit(Section, "description", text),
    )
    organization = OrganizationFactory(
        name=fit(Organization, "name", feed_text),
        slug=name,
        short_name=fit(Organization, "short_name", text),
        aliases=text,
        description=fit(Organization, "description", text),
        about=text,
        city=fit(Organization, "city", text),
        country=fit(Organization, "country", text),
        website="https://example.com/",
    )
    person = PersonFactory(
        name=fit(Person, "name", feed_text), slug=name, bio=text, website="https://example.com/"
    )
    AffiliationFactory(
        person=person, organization=organization, title=fit(Affiliation, "title", text)
    )
    article = published_article(
        headline=fit(Article, "headline", feed_text),
        slug=name,
        kind=Article.Kind.EXPLAINER,
        dek=fit(Article, "dek", feed_text),
        body=text,
        section=section,
        dateline=fit(Article, "dateline", text),
        source_name=fit(Article, "source_name", text),
        source_url="https://example.com/source",
        **image,
        lead_image_alt=fit(Article, "lead_image_alt", text),
        lead_image_caption=fit(Article, "lead_image_caption", text),
        lead_image_credit=fit(Article, "lead_image_credit", text),
    )
    article.tags.add(fit(Tag, "name", feed_text))
    article.organizations.add(organization)
    article.people.add(person)
    BylineFactory(article=article, person=person)
    QuoteFactory(
        article=article,
        speaker=person,
        speaker_organization=organization,
        text=text,
        speaker_title=fit(Quote, "speaker_title", text),
    )
    CorrectionFactory(article=article, text=text)
    return Story(name, text, article, section, article.tags.get(), organization, person)


def build_desk_copy(stories, image, user):
    texts = [story.text for story in stories]
    feed_texts = [xml_safe(text) for text in texts]
    suffix = " (desk copy)"  # section and tag names are unique
    section = SectionFactory(
        name=pack(feed_texts, Section, "name")[: 100 - len(suffix)] + suffix,
        description=pack(texts, Section, "description"),
    )
    tag = Tag.objects.create(name=pack(feed_texts, Tag, "name")[: 100 - len(suffix)] + suffix)
    organization = OrganizationFactory(
        name=pack(feed_texts, Organization, "name"),
        short_name=pack(texts, Organization, "short_name"),
        aliases="\n".join(texts),
        description=pack(texts, Organization, "description"),
        about="\n".join(texts),
        city=pack(texts, Organization, "city"),
        country=pack(texts, Organization, "country"),
    )
    person = PersonFactory(name=pack(feed_texts, Person, "name"), bio="\n".join(texts))
    for story in stories:
        title = fit(Affiliation, "title", story.text)
        AffiliationFactory(person=person, organization=story.organization, title=title)
        AffiliationFactory(person=story.person, organization=organization, title=title)
        RelationshipFactory(
            from_organization=organization,
            to_organization=story.organization,
            kind=Relationship.Kind.FUNDER,
            summary=fit(Relationship, "summary", story.text),
        )
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(pack(texts, Article, "headline"))
        article = ArticleFactory(
            headline=pack(feed_texts, Article, "headline"),
            dek=pack(feed_texts, Article, "dek"),
            body="\n".join(texts),
            section=section,
            dateline=pack(texts, Article, "dateline"),
            source_name=pack(texts, Article, "source_name"),
            source_organization=organization,
            **image,
            lead_image_alt=pack(texts, Article, "lead_image_alt"),
            lead_image_caption=pack(texts, Article, "lead_image_caption"),
            lead_image_credit=pack(texts, Article, "lead_image_credit"),
        )
        article.tags.add(tag, *(story.tag for story in stories))
        article.organizations.add(*(story.organization for story in stories))
        article.people.add(*(story.person for story in stories))
        article.pinned_related.add(*(story.article for story in stories))
    for position, story in enumerate(stories):
        BylineFactory(article=article, person=story.person, position=position)
        QuoteFactory(article=article, speaker=story.person, text=story.text, position=position)
        CorrectionFactory(article=article, text=story.text)
    # A second revision, with the payloads the other way round, for the comparison page.
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(pack(texts[::-1], Article, "headline"))
        article.refresh_from_db()
        article.headline = pack(feed_texts[::-1], Article, "headline")
        article.dek = pack(feed_texts[::-1], Article, "dek")
        article.body = "\n".join(texts[::-1])
        article.dateline = pack(texts[::-1], Article, "dateline")
        article.save()
    events = [trail.record(user, "correct", story.article, story.text) for story in stories]
    return DeskCopy(
        article=article,
        section=section,
        tag=tag,
        organization=organization,
        person=person,
        relationship=organization.outgoing_relationships.first(),
        event=events[0],
    )


# Reading pages.


class Pages:
    """Fetches pages and collects what is wrong with each, by address."""

    def __init__(self, client, secrets):
        self.client = client
        self.secrets = secrets
        self.problems = {}
        self.count = 0

    def complain(self, url, *problems):
        if problems:
            self.problems.setdefault(url, []).extend(map(str, problems))

    def get(self, url, data=None):
        response = self.client.get(url, data)
        self.count += 1
        address = url + (f"?{response.request['QUERY_STRING']}" if data else "")
        if response.status_code != 200:
            self.complain(address, f"status {response.status_code}")
            return address, ""
        body = response.content.decode()
        leaked = [label for label, secret in self.secrets if secret in body]
        self.complain(address, *(f"leaks {label}" for label in leaked))
        return address, body

    def html(self, url, data=None, *, shows=()):
        """An HTML page: nothing script-capable, and each of `shows` present as escaped text."""
        address, body = self.get(url, data)
        findings, json_ld = check(body)
        self.complain(address, *findings)
        missing = [text for text in shows if escape(text) not in body]
        self.complain(address, *(f"does not show {text!r} as text" for text in missing))
        return body, json_ld

    def xml(self, url):
        """A feed or sitemap: well formed, only feed elements, harmless where read as HTML."""
        address, body = self.get(url)
        try:
            root = ET.fromstring(body)
        except ET.ParseError as error:
            self.complain(address, f"not well-formed XML: {error}")
            return None
        for element in root.iter():
            namespace, _, local = element.tag.rpartition("}")
            if local not in FEED_ELEMENTS.get(namespace.lstrip("{"), ()):
                self.complain(address, f"unexpected element {element.tag}")
        read_as_html = [
            *(child for item in root.iter("item") for child in item if child.tag in RSS_HTML),
            *(element for element in root.iter() if element.get("type") == "html"),
        ]
        for element in read_as_html:
            self.complain(address, *script_capable(element.text or ""))
        return root


def read_public_pages(pages, stories, desk):
    for story in stories:
        article, headline = story.article, story.article.headline
        _, json_ld = pages.html(article.get_absolute_url(), shows=[headline, article.dek])
        if [data.get("headline") for data in json_ld] != [headline[:110]]:
            pages.complain(article.get_absolute_url(), "JSON-LD headline is not the headline")
        pages.html(story.section.get_absolute_url(), shows=[story.section.name])
        if story.tag.slug:
            pages.html(reverse("articles:tag", args=[story.tag.slug]), shows=[story.tag.name])
        _, json_ld = pages.html(story.organization.get_absolute_url())
        if [data.get("name") for data in json_ld] != [story.organization.name]:
            pages.complain(story.organization.get_absolute_url(), "JSON-LD name is not the name")
        _, json_ld = pages.html(story.person.get_absolute_url(), shows=[story.person.name])
        if [data.get("name") for data in json_ld] != [story.person.name]:
            pages.complain(story.person.get_absolute_url(), "JSON-LD name is not the name")
        pages.html(reverse("search"), {"q": story.text}, shows=[clean_query(story.text)])

    pages.html(reverse("home"))
    for number in range(1, math.ceil(len(stories) / 20) + 1):
        pages.html(reverse("articles:archive"), {"page": number})
    pages.html(reverse("organizations:directory"))
    pages.html(preview.preview_url(desk.article))
    pages.xml(reverse("django.contrib.sitemaps.views.sitemap"))
    pages.xml(reverse("news-sitemap"))

    by_link = {f"http://testserver{story.article.get_absolute_url()}": story for story in stories}
    rss = pages.xml(reverse("articles:feed"))
    if rss is not None:
        items = rss.findall("channel/item")
        if {item.findtext("link") for item in items} != set(by_link):
            pages.complain("/feed/", "does not list every story; the category outgrew one feed")
        for item in items:
            story = by_link.get(item.findtext("link"))
            if story and html.unescape(item.findtext("title")) != story.article.headline:
                pages.complain("/feed/", f"title of {story.name} is not the escaped headline")
    atom = pages.xml(reverse("articles:feed-atom"))
    if atom is not None:
        for entry in atom.iter(f"{{{ATOM}}}entry"):
            story = by_link.get(entry.find(f"{{{ATOM}}}link").get("href"))
            if story and entry.findtext(f"{{{ATOM}}}title") != story.article.headline:
                pages.complain("/feed/atom/", f"title of {story.name} is not the headline")


def read_desk_pages(pages, stories, desk):
    def admin_url(obj, view="change"):
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])

    for model in (Article, Section, Tag, Organization, Person, Relationship, AuditEvent):
        pages.html(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    pages.html(admin_url(desk.article), shows=[desk.article.headline, desk.article.dateline])
    pages.html(admin_url(desk.organization), shows=[desk.organization.name])
    pages.html(admin_url(desk.person), shows=[desk.person.name])
    for obj in (desk.section, desk.tag, desk.relationship, desk.event):
        pages.html(admin_url(obj), shows=[str(obj)])
    pages.html(admin_url(desk.article, "history"))
    comparison, _ = pages.html(admin_url(desk.article, "compare"))
    if "compare-table" not in comparison:
        pages.complain(admin_url(desk.article, "compare"), "compares no revisions")
    pages.html(admin_url(desk.article, "delete"))
    changelist = reverse("admin:articles_section_changelist")
    for story in stories:
        # The admin refuses a search holding NUL (a form error), so it is not echoed.
        echoed = [story.text] if "\x00" not in story.text else []
        pages.html(changelist, {"q": story.text}, shows=echoed)


@pytest.fixture
def secrets(admin_user):
    """Values no page may print, whatever a payload asks a template for."""
    return [("SECRET_KEY", settings.SECRET_KEY), ("a password hash", admin_user.password)]


@pytest.mark.parametrize("category", CATEGORIES)
def test_payloads_show_only_as_text_on_every_public_and_desk_page(
    category, client, admin_client, admin_user, secrets
):
    image = stored_lead_image()
    stories = [build_story(name, text, image) for name, text in CATEGORIES[category].items()]
    desk = build_desk_copy(stories, image, admin_user)

    public = Pages(client, secrets)
    read_public_pages(public, stories, desk)
    desk_pages = Pages(admin_client, secrets)
    read_desk_pages(desk_pages, stories, desk)

    problems = {**public.problems, **desk_pages.problems}
    report = "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in sorted(problems.items()))
    assert not problems, f"{len(problems)} of {public.count + desk_pages.count} pages:\n{report}"


# The checker and the sanitizer, payload by payload.

# Where a template that forgot to escape would print a payload.
UNESCAPED_CONTEXTS = ["{}", '<input value="{}">', "<input value='{}'>", "<input value={}>"]


@pytest.mark.parametrize("name", PAYLOADS)
def test_checker_reports_each_payload_printed_unescaped(name):
    """The checker is not blind: unescaped in text or an attribute, each payload is reported."""
    pages = [context.replace("{}", PAYLOADS[name]) for context in UNESCAPED_CONTEXTS]

    caught = [page for page in pages if script_capable(page)]

    assert bool(caught) is (name not in INERT_AS_MARKUP)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_sanitizer_output_is_allowlisted_inert_and_stable(payload):
    cleaned = sanitize_html(payload)

    assert script_capable(cleaned) == []
    assert outside_allowlist(cleaned, ALLOWED_TAGS, ALLOWED_ATTRIBUTES) == []
    assert sanitize_html(cleaned) == cleaned


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_rich_text_is_stored_sanitized_by_save_and_by_update(payload):
    organization = OrganizationFactory(about=storable(payload))
    Organization.objects.filter(pk=organization.pk).update(about=storable(payload))

    stored = Organization.objects.values_list("about", flat=True).get(pk=organization.pk)
    assert stored == sanitize_html(storable(payload))
    assert script_capable(stored) == []


# URL fields: the desk refuses script addresses, and pages never link one.

URL_FIELDS = [
    (Organization, "website"),
    (Person, "website"),
    (Article, "source_url"),
    (Article, "canonical_url"),
]


def desk_form_field(rf, admin_user, model, field_name):
    """The form field the desk's change form uses for a model field."""
    request = rf.get("/")
    request.user = admin_user
    form = admin.site._registry[model].get_form(request)
    return form.base_fields[field_name]


@pytest.mark.parametrize(
    ("model", "field_name"), URL_FIELDS, ids=[f"{m.__name__}.{f}" for m, f in URL_FIELDS]
)
def test_desk_url_fields_keep_only_web_addresses(rf, admin_user, model, field_name):
    field = desk_form_field(rf, admin_user, model, field_name)

    for name, url in HOSTILE_URLS.items():
        try:
            cleaned = field.clean(url)
        except ValidationError:
            continue
        assert url_scheme(url) not in SCRIPT_SCHEMES, f"{name}: {url!r} accepted as {cleaned!r}"
        assert url_scheme(cleaned) in {"http", "https"}, f"{name}: kept as {cleaned!r}"


ADD_FORMS = {
    Organization: ("organization_form", {"name": "Mila", "slug": "mila"}),
    Person: ("person_form", {"name": "Yoshua Bengio", "slug": "yoshua-bengio"}),
    Article: ("article_form", {"headline": "Mila and AI Sweden", "slug": "mila-and-ai-sweden"}),
}


@pytest.mark.parametrize(
    ("model", "field_name"), URL_FIELDS, ids=[f"{m.__name__}.{f}" for m, f in URL_FIELDS]
)
def test_desk_form_refuses_a_script_address_with_a_form_error(admin_client, model, field_name):
    form_id, values = ADD_FORMS[model]
    if model is Article:
        values = {**values, "section": str(SectionFactory().pk)}
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    data = {**form_data(admin_client.get(url).content.decode(), form_id), **values}
    data[field_name] = "javascript:alert(document.cookie)"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert field_name in response.context["adminform"].form.errors
    assert not model.objects.exists()
    assert script_capable(response.content.decode()) == []


def test_pages_never_link_a_script_address_saved_past_the_forms(client):
    """An import, a script or the shell can skip form validation; the pages still link nothing."""
    pages = []
    for url in HOSTILE_URLS.values():
        organization = OrganizationFactory(website=storable(url))
        person = PersonFactory(website=storable(url))
        article = published_article(
            source_name="The source", source_url=storable(url), canonical_url=storable(url)
        )
        article.organizations.add(organization)
        pages += [organization, person, article]

    for page in pages:
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200, page
        assert script_capable(response.content.decode()) == [], page.get_absolute_url()


# Found by the corpus.


def test_an_article_tagged_with_only_symbols_still_renders(client):
    """Tags like “<>” or “🙂” have an empty slug: shown as text, not linked to no page."""
    article = published_article()
    article.tags.add("<>", "🙂", "{% %}")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "<li>&lt;&gt;</li>" in page
    assert "🙂" in page and "{% %}" in page
    assert script_capable(page) == []


@pytest.mark.parametrize("feed", ["articles:feed", "articles:feed-atom", "news-sitemap"])
def test_control_characters_in_a_headline_do_not_break_the_feeds(client, feed):
    published_article(headline="Mila and\x0bAI Sweden", dek="Two\x01institutes")

    response = client.get(reverse(feed))

    assert response.status_code == 200
    ET.fromstring(response.content)
    assert b"Mila andAI Sweden" in response.content


@pytest.mark.parametrize("feed", ["section", "tag", "organization"])
def test_feed_titles_escape_the_names_they_carry(client, feed):
    name = "Q&A <img src=x onerror=alert(1)>"
    article = published_article(section=SectionFactory(name=name))
    article.tags.add(name)
    article.organizations.add(OrganizationFactory(name=name))
    url = {
        "section": reverse("articles:section-feed", args=[article.section.slug]),
        "tag": reverse("articles:tag-feed", args=[article.tags.get().slug]),
        "organization": reverse(
            "articles:organization-feed", args=[article.organizations.get().slug]
        ),
    }[feed]

    channel = ET.fromstring(client.get(url).content).find("channel")

    for element in ("title", "description"):
        text = channel.findtext(element)
        assert script_capable(text) == [], f"{element}: {text}"
        assert name in html.unescape(text)


def test_desk_messages_show_headlines_as_text(admin_client):
    """“Publish now” names each story it held back (no alt text) in a message on the list."""
    image = stored_lead_image()
    headlines = [fit(Article, "headline", storable(text)) for text in PAYLOADS.values()]
    drafts = [ArticleFactory(headline=text, **image, lead_image_alt="") for text in headlines]
    changelist = reverse("admin:articles_article_changelist")

    response = admin_client.post(
        changelist,
        {"action": "publish_now", "_selected_action": [draft.pk for draft in drafts]},
        follow=True,
    )

    page = response.content.decode()
    assert page.count("the lead image has no alt text") == len(drafts)
    assert all(escape(draft.headline) in page for draft in drafts)
    assert script_capable(page) == []
