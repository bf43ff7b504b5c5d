"""Importing stories from files: plain text, saved web pages, Word documents and emails."""

import io
import re
import zipfile
from email.message import EmailMessage
from io import StringIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article
from importing.formats import read_story_file
from importing.reading import StoryImportError, decode_text
from tests.factories import SectionFactory

IMPORT_URL = reverse("admin:articles_article_import")


def paragraphs(text):
    """The story as the parser sees it: the headline, then one entry per paragraph."""
    return text.strip().split("\n\n")


# Fixtures, made here: a news page with all its furniture, a Word document,
# emails. The organizations and people in them are made up.

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lighthouse on Marrow Point becomes a seabird station | The Northshore Gazette</title>
<meta property="og:title" content="Lighthouse on Marrow Point becomes a seabird station">
<style>.cookie-banner { position: fixed; bottom: 0; }</style>
<script>window.analytics = { track: function () {} };</script>
</head>
<body>
<div id="cookie-banner" class="cookie-banner" role="dialog">
  <p>We use cookies to remember your settings and to count visits to this site.
     Accept all cookies or manage your choices.</p>
  <button>Accept all</button> <button>Manage choices</button>
</div>
<header class="site-header">
  <a class="logo" href="/">The Northshore Gazette</a>
  <nav><ul>
    <li><a href="/news/">Local news</a></li>
    <li><a href="/nature/">Nature</a></li>
    <li><a href="/sport/">Sport</a></li>
  </ul></nav>
  <form action="/search/">
    <input name="q" placeholder="Search the Gazette"><button>Go</button>
  </form>
</header>
<main>
<article>
  <h1>Lighthouse on Marrow Point becomes a seabird station</h1>
  <div class="share-buttons">
    <a href="https://social.example/share">Share on Facebook</a>
    <a href="https://social.example/post">Share on X</a>
    <a href="mailto:?subject=Lighthouse">Email this story</a>
  </div>
  <p>MARROW POINT — The Skerry Wildlife Trust will turn the disused lighthouse on Marrow
     Point into a year-round station for counting seabirds, the trust announced on Thursday.</p>
  <p>“From the lamp room you can see every puffin burrow on the cliff,” said Agnes Tolland,
     the trust&#8217;s head of research. “We have wanted this building for twenty years.”</p>
  <p>Volunteers will record nesting pairs each morning from April to August &amp; publish
     the counts every week.</p>
  <h2>Open to visitors</h2>
  <p>The ground floor will hold a small exhibition, open on weekends, about the keepers who
     lived there until the light was automated in 1986.</p>
  <ul>
    <li>Guided walks on Saturdays at ten</li>
    <li>School visits by arrangement</li>
  </ul>
  <blockquote><p>“It is the best seat on the coast,” said Bram Okafor, who kept the light for
     eleven years.</p></blockquote>
  <aside class="related-stories">
    <h3>Related stories</h3>
    <ul>
      <li><a href="/nature/puffins/">Puffin numbers rise for a third year</a></li>
      <li><a href="/news/ferry/">New ferry timetable for the islands</a></li>
    </ul>
  </aside>
</article>
<section class="newsletter">
  <form action="/subscribe/">
    <label>Get the Gazette's morning newsletter in your inbox</label>
    <input type="email"><button>Sign up</button>
  </form>
</section>
</main>
<footer class="site-footer">
  <p>The Northshore Gazette, 8 Harbour Row, Port Selkie. All rights reserved.</p>
  <nav><a href="/privacy/">Privacy policy</a> <a href="/contact/">Contact us</a></nav>
</footer>
</body>
</html>
"""

NEWS_PAGE_STORY = [
    "Lighthouse on Marrow Point becomes a seabird station",
    "MARROW POINT — The Skerry Wildlife Trust will turn the disused lighthouse on Marrow "
    "Point into a year-round station for counting seabirds, the trust announced on Thursday.",
    "“From the lamp room you can see every puffin burrow on the cliff,” said Agnes Tolland, "
    "the trust’s head of research. “We have wanted this building for twenty years.”",
    "Volunteers will record nesting pairs each morning from April to August & publish the "
    "counts every week.",
    "Open to visitors",
    "The ground floor will hold a small exhibition, open on weekends, about the keepers who "
    "lived there until the light was automated in 1986.",
    "Guided walks on Saturdays at ten",
    "School visits by arrangement",
    "“It is the best seat on the coast,” said Bram Okafor, who kept the light for eleven years.",
]

PAGE_FURNITURE = [
    "cookies",
    "Accept all",
    "Local news",
    "Search the Gazette",
    "Share on",
    "Email this story",
    "Related stories",
    "Puffin numbers",
    "ferry timetable",
    "newsletter",
    "Sign up",
    "Northshore Gazette",
    "Harbour Row",
    "Privacy policy",
    "analytics",
    "position",
    "<",
    "&amp;",
    "&#",
]

RELEASE_PARAGRAPHS = [
    "ASHBURN VALE — The Ashburn Vale Orchard Cooperative will open a cider mill in the old "
    "railway goods shed this autumn, pressing apples from forty member farms.",
    "“Our growers have been trucking their fruit two hundred kilometres to be pressed,” said "
    "Maren Hollis, the cooperative’s chair. “Now it will travel three.”",
    "The mill is expected to employ eleven people during the harvest season.",
]


def word_document(*blocks, title=None, styles=None):
    """
    A .docx as bytes: each block a paragraph (a string) or a table (a list of
    rows of cell texts); `title` first, in the Title style. `styles` gives
    some paragraphs another style, by their text.
    """
    document = docx.Document()
    if title:
        document.add_paragraph(title, style="Title")
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block, style=(styles or {}).get(block))
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for row, cells in enumerate(block):
                for column, text in enumerate(cells):
                    table.cell(row, column).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def email_message(subject, body=None, **content):
    message = EmailMessage()
    message["From"] = "Press Office <press@ashburnvale.example>"
    message["To"] = "News Desk <desk@gazette.example>"
    message["Subject"] = subject
    message["Date"] = "Tue, 04 Mar 2025 09:12:00 +0000"
    if body is not None:
        message.set_content(body, **content)
    return message


# Plain text.


def test_a_text_file_reads_as_it_always_has():
    data = "Headline\n\nFirst paragraph.\n\nSecond paragraph.\n".encode("cp1252")

    assert read_story_file("story.txt", data) == decode_text(data)


# Web pages.


def test_a_news_page_gives_its_headline_and_paragraphs_and_none_of_its_furniture():
    text = read_story_file("lighthouse.html", NEWS_PAGE.encode("utf-8"))

    assert paragraphs(text) == NEWS_PAGE_STORY
    for furniture in PAGE_FURNITURE:
        assert furniture not in text


def test_a_page_without_an_h1_takes_its_headline_from_og_title():
    page = NEWS_PAGE.replace("<h1>", "<div>").replace("</h1>", "</div>")

    text = read_story_file("lighthouse.htm", page.encode("utf-8"))

    assert paragraphs(text)[0] == "Lighthouse on Marrow Point becomes a seabird station"


def test_the_site_name_in_a_header_h1_is_not_the_headline():
    page = NEWS_PAGE.replace(
        '<a class="logo" href="/">The Northshore Gazette</a>',
        '<h1 class="logo"><a href="/">The Northshore Gazette</a></h1>',
    )

    text = read_story_file("lighthouse.html", page.encode("utf-8"))

    assert paragraphs(text)[0] == "Lighthouse on Marrow Point becomes a seabird station"


def test_blocks_separated_by_two_line_breaks_are_paragraphs():
    page = (
        "<html><head><title>Cider mill for Ashburn Vale</title></head><body><div>"
        + "<br><br>".join(RELEASE_PARAGRAPHS)
        + "</div></body></html>"
    )

    text = read_story_file("release.html", page.encode("utf-8"))

    assert paragraphs(text) == ["Cider mill for Ashburn Vale", *RELEASE_PARAGRAPHS]


def test_entities_are_unescaped_even_when_the_page_escaped_them_twice():
    page = (
        '<html><head><meta property="og:title" content="Caf&amp;eacute; &amp;amp; bakery '
        'opens on Mill Street"></head><body><p>The Mill Street caf&eacute; &#8212; run by '
        "Ilse Varga &amp; her brother &#x2014; opens on Saturday with bread baked on the "
        "premises, the first new shop on the street in four years.</p></body></html>"
    )

    text = read_story_file("cafe.html", page.encode("utf-8"))

    assert paragraphs(text) == [
        "Café & bakery opens on Mill Street",
        "The Mill Street café — run by Ilse Varga & her brother — opens on Saturday with bread "
        "baked on the premises, the first new shop on the street in four years.",
    ]


def test_a_windows_1252_page_is_read_with_its_declared_charset():
    page = NEWS_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')

    text = read_story_file("lighthouse.html", page.encode("cp1252"))

    assert paragraphs(text) == NEWS_PAGE_STORY


def test_an_iso_8859_1_label_is_read_as_windows_1252_as_browsers_do():
    page = NEWS_PAGE.replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    )

    text = read_story_file("lighthouse.html", page.encode("cp1252"))

    assert "“From the lamp room" in text
    assert "MARROW POINT — The Skerry" in text


def test_a_utf_8_page_without_a_declared_charset():
    page = NEWS_PAGE.replace('<meta charset="utf-8">', "")

    assert paragraphs(read_story_file("lighthouse.html", page.encode("utf-8"))) == (NEWS_PAGE_STORY)


def test_a_short_page_gives_one_paragraph_a_block():
    page = (
        "<html><body><h1>Tide gauge repaired</h1><p>The gauge on Quay 3 works again.</p>"
        "<p>“At last,” said Pia Lund.</p></body></html>"
    )

    assert paragraphs(read_story_file("gauge.html", page.encode("utf-8"))) == [
        "Tide gauge repaired",
        "The gauge on Quay 3 works again.",
        "“At last,” said Pia Lund.",
    ]


def test_an_xhtml_page_is_read_with_the_encoding_its_xml_declaration_gives():
    page = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Café reopens</title></head>'
        "<body><p>The harbour café in Port Selkie reopened on Sunday after a winter of repairs "
        "to its roof and terrace, its owner Lúcia Brandt said.</p></body></html>"
    )

    assert paragraphs(read_story_file("cafe.htm", page.encode("latin-1"))) == [
        "Café reopens",
        "The harbour café in Port Selkie reopened on Sunday after a winter of repairs to its "
        "roof and terrace, its owner Lúcia Brandt said.",
    ]


def test_a_page_with_nothing_but_menus_is_refused():
    page = b"<html><body><nav><a href='/'>Home</a> <a href='/news/'>News</a></nav></body></html>"

    with pytest.raises(StoryImportError, match="No article was found in this HTML page"):
        read_story_file("menu.html", page)


# Word documents.


def test_a_word_document_gives_its_title_and_paragraphs_in_order():
    data = word_document(*RELEASE_PARAGRAPHS, title="Cider mill to open in Ashburn Vale")

    text = read_story_file("release.docx", data)

    assert paragraphs(text) == ["Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS]


def test_without_a_title_style_the_first_paragraph_is_the_headline():
    data = word_document("", "Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS)

    text = read_story_file("release.docx", data)

    assert paragraphs(text) == ["Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS]


def test_a_heading_1_under_a_release_line_is_the_headline():
    data = word_document(
        "FOR IMMEDIATE RELEASE",
        "Cider mill to open in Ashburn Vale",
        *RELEASE_PARAGRAPHS,
        styles={"Cider mill to open in Ashburn Vale": "Heading 1"},
    )

    text = read_story_file("release.docx", data)

    assert paragraphs(text)[:2] == ["Cider mill to open in Ashburn Vale", "FOR IMMEDIATE RELEASE"]


def test_a_layout_tables_paragraphs_are_read_in_their_place():
    data = word_document(
        RELEASE_PARAGRAPHS[0],
        [["Media contact", "Maren Hollis, chair"], ["Telephone", "+00 555 0134"]],
        RELEASE_PARAGRAPHS[2],
        title="Cider mill to open in Ashburn Vale",
    )

    text = read_story_file("release.docx", data)

    assert paragraphs(text) == [
        "Cider mill to open in Ashburn Vale",
        RELEASE_PARAGRAPHS[0],
        "Media contact",
        "Maren Hollis, chair",
        "Telephone",
        "+00 555 0134",
        RELEASE_PARAGRAPHS[2],
    ]


def test_a_word_document_that_expands_hugely_is_refused_before_it_is_parsed():
    data = zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": b"<w:document>" + b" " * 2_000_000 + b"</w:document>",
        }
    )
    assert len(data) < 20_000

    with pytest.raises(StoryImportError, match="expands to far more"):
        read_story_file("release.docx", data, limit=20_000)


def test_a_word_document_with_more_text_than_an_import_takes_is_refused():
    data = word_document(
        *(f"The orchard cooperative met again on day {day}. " * 40 for day in range(40))
    )
    assert len(data) < 60_000

    with pytest.raises(StoryImportError, match="longer than 60,000 bytes"):
        read_story_file("release.docx", data, limit=60_000)


# Emails.


def test_an_email_with_an_attached_word_document_imports_the_attachment():
    message = email_message(
        "Fwd: Release: Ashburn Vale cider mill",
        "Hello desk,\n\nPlease find our release attached. Photos on request.\n\nMaren\n",
    )
    message.add_attachment(
        word_document(*RELEASE_PARAGRAPHS, title="Cider mill to open in Ashburn Vale"),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="Ashburn Vale cider mill.docx",
    )

    text = read_story_file("pitch.eml", message.as_bytes())

    assert paragraphs(text) == ["Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS]


def test_a_plain_email_starting_with_prose_takes_the_subject_without_its_prefixes():
    message = email_message(
        "Fwd: TR: Re: Cider mill to open in Ashburn Vale",
        "\n\n".join(RELEASE_PARAGRAPHS),
        cte="base64",
    )

    text = read_story_file("pitch.eml", message.as_bytes())

    assert paragraphs(text) == ["Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS]


def test_a_plain_email_starting_with_its_own_headline_keeps_it():
    body = "\n\n".join(["Cider mill opens this autumn", *RELEASE_PARAGRAPHS])
    message = email_message("VB: Our news for March", body, cte="quoted-printable")

    text = read_story_file("pitch.eml", message.as_bytes())

    assert paragraphs(text) == ["Cider mill opens this autumn", *RELEASE_PARAGRAPHS]


def test_an_html_email_body_is_read_through_the_html_reader():
    html = (
        '<html><body><table width="600"><tr><td><img src="cid:logo" alt="Ashburn Vale"></td>'
        "</tr><tr><td>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in RELEASE_PARAGRAPHS)
        + "</td></tr></table></body></html>"
    )
    message = email_message("Cider mill to open in Ashburn Vale")
    message.set_content(html, subtype="html", cte="quoted-printable")

    text = read_story_file("pitch.eml", message.as_bytes())

    assert paragraphs(text) == ["Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS]
    assert "<" not in text


def test_an_iso_8859_1_email_is_decoded_with_its_charset():
    body = (
        "La coopérative fruitière d'Ashburn Vale ouvrira un pressoir à cidre cet automne dans "
        "l'ancienne halle aux marchandises, a annoncé sa présidente Maren Hollis mardi.\n\n"
        "Le pressoir emploiera onze personnes pendant la récolte."
    )
    message = email_message("TR: Un pressoir à cidre à Ashburn Vale")
    message.set_content(body, charset="iso-8859-1", cte="quoted-printable")
    data = message.as_bytes()
    assert b"=E9" in data

    text = read_story_file("communique.eml", data)

    assert paragraphs(text) == [
        "Un pressoir à cidre à Ashburn Vale",
        *body.split("\n\n"),
    ]


def test_a_forwarded_release_under_a_short_note_is_the_story():
    body = "\n".join(
        [
            "Hi Sam,",
            "",
            "This came in this morning, might be one for the weekend edition.",
            "",
            "---------- Forwarded message ---------",
            "From: Press Office <press@ashburnvale.example>",
            "Date: Tue, 4 Mar 2025 at 09:12",
            "Subject: Cider mill to open in Ashburn Vale",
            "To: <news@gazette.example>",
            "",
            "\n\n".join(RELEASE_PARAGRAPHS),
        ]
    )
    message = email_message("Fwd: Cider mill to open in Ashburn Vale", body)

    text = read_story_file("forwarded.eml", message.as_bytes())

    assert paragraphs(text) == ["Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS]


def test_an_attached_email_is_read_when_nothing_better_is_attached():
    inner = email_message("Cider mill to open in Ashburn Vale", "\n\n".join(RELEASE_PARAGRAPHS))
    outer = email_message("Fwd: have a look", "See the attached message.")
    outer.add_attachment(inner)

    text = read_story_file("outer.eml", outer.as_bytes())

    assert paragraphs(text) == ["Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS]


def test_an_email_whose_release_is_a_pdf_says_so():
    message = email_message("Release", "Our release is attached.")
    message.add_attachment(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", maintype="application", subtype="pdf", filename="mill.pdf"
    )

    with pytest.raises(StoryImportError, match=r"attached mill\.pdf, which cannot be imported"):
        read_story_file("pitch.eml", message.as_bytes())


def test_a_damaged_attachment_is_named_in_the_message():
    message = email_message("Release", "Our release is attached.")
    message.add_attachment(
        b"PK\x03\x04\x14\x00broken",
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="mill.docx",
    )

    with pytest.raises(StoryImportError, match=r"The attached mill\.docx: This \.docx cannot"):
        read_story_file("pitch.eml", message.as_bytes())


# The wrong extension, or none.


def test_a_word_document_named_txt_is_read_as_a_word_document():
    data = word_document(*RELEASE_PARAGRAPHS, title="Cider mill to open in Ashburn Vale")

    assert paragraphs(read_story_file("release.txt", data))[0] == (
        "Cider mill to open in Ashburn Vale"
    )


def test_a_web_page_named_txt_is_read_as_a_web_page():
    text = read_story_file("saved.txt", NEWS_PAGE.encode("utf-8"))

    assert paragraphs(text) == NEWS_PAGE_STORY


def test_an_email_without_an_extension_is_read_as_an_email():
    message = email_message("Cider mill to open in Ashburn Vale", "\n\n".join(RELEASE_PARAGRAPHS))

    text = read_story_file("pitch", message.as_bytes())

    assert paragraphs(text) == ["Cider mill to open in Ashburn Vale", *RELEASE_PARAGRAPHS]


# Files that cannot be imported.

OLD_OFFICE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("release.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF files cannot be imported"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "Images cannot be imported"),
        ("release.doc", OLD_OFFICE_FILE, "Old Microsoft Office files"),
        ("release.docx", OLD_OFFICE_FILE, "This .docx cannot be opened: it is password-protected"),
        ("release.docx", b"PK\x03\x04\x14\x00broken", "This .docx cannot be opened: it is damaged"),
        ("release.docx", b"Just some text", "This .docx cannot be opened: it is not a Word"),
        (
            "release.docx",
            zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<not closed"}),
            "This .docx cannot be opened: it is damaged or not a Word document",
        ),
        (
            "release.odt",
            zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"}),
            "OpenDocument (.odt) files cannot be imported",
        ),
        ("stories.zip", zip_bytes({"story.txt": "Headline"}), "Archives"),
        ("release.rtf", b"{\\rtf1\\ansi Cider mill}", "Rich Text (.rtf) files"),
        ("story.txt", b"", "The file is empty"),
        ("story.html", b"  \n ", "The file is empty"),
        ("story.txt", b"\x00\x01\x02binary", "binary"),
    ],
    ids=[
        "pdf",
        "image",
        "old-word",
        "password-docx",
        "broken-zip-docx",
        "text-named-docx",
        "broken-xml-docx",
        "odt",
        "zip",
        "rtf",
        "empty",
        "blank-html",
        "binary",
    ],
)
def test_files_that_cannot_be_imported_get_a_clear_message(name, data, message):
    with pytest.raises(StoryImportError, match=re.escape(message)):
        read_story_file(name, data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("release.pdf", b"%PDF-1.4"),
        ("release.pdf", b"Text saved with the wrong name"),
        ("picture", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("release.odt", b"Text saved with the wrong name"),
    ],
    ids=["pdf", "pdf-extension", "png-without-extension", "odt-extension"],
)
def test_an_unsupported_format_names_the_accepted_ones(name, data):
    with pytest.raises(StoryImportError) as error:
        read_story_file(name, data)

    for extension in (".txt", ".html", ".htm", ".docx", ".eml"):
        assert extension in str(error.value)


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(StoryImportError, match="at most 100 bytes"):
        read_story_file("release.docx", b"PK" + b"\x00" * 200, limit=100)


# The desk's page and the command.


@pytest.fixture
def news():
    return SectionFactory(name="News", slug="news")


@pytest.mark.django_db
def test_the_desk_page_offers_every_format(admin_client):
    response = admin_client.get(IMPORT_URL)

    assert 'accept=".txt,.html,.htm,.docx,.eml,' in response.text
    assert "Or a file" in response.text
    assert "Word document (.docx)" in response.text


@pytest.mark.django_db
def test_the_desk_page_previews_an_uploaded_word_document(admin_client, news):
    upload = SimpleUploadedFile(
        "cider-mill.docx",
        word_document(*RELEASE_PARAGRAPHS, title="Cider mill to open in Ashburn Vale"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    response = admin_client.post(IMPORT_URL, {"action": "preview", "file": upload})

    assert response.status_code == 200
    assert "importing/review.html" in [template.name for template in response.templates]
    assert paragraphs(response.context["text"]) == [
        "Cider mill to open in Ashburn Vale",
        *RELEASE_PARAGRAPHS,
    ]
    assert "Maren Hollis" in response.text
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_the_desk_page_refuses_a_pdf_naming_the_formats(admin_client):
    upload = SimpleUploadedFile("release.pdf", b"%PDF-1.4", "application/pdf")

    response = admin_client.post(IMPORT_URL, {"action": "preview", "file": upload})

    assert response.status_code == 200
    assert "Choose a .txt, .html, .htm, .docx or .eml file." in response.text
    assert not Article.objects.exists()


def import_story(*args, **options):
    out = StringIO()
    call_command("import_story", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_imports_a_web_page_and_an_email(tmp_path, news):
    page = tmp_path / "lighthouse.html"
    page.write_bytes(NEWS_PAGE.encode("utf-8"))
    pitch = tmp_path / "pitch.eml"
    pitch.write_bytes(
        email_message(
            "Fwd: Cider mill to open in Ashburn Vale", "\n\n".join(RELEASE_PARAGRAPHS)
        ).as_bytes()
    )

    output = import_story(str(page), str(pitch))

    assert set(Article.objects.values_list("headline", flat=True)) == {
        "Lighthouse on Marrow Point becomes a seabird station",
        "Cider mill to open in Ashburn Vale",
    }
    assert "draft “Lighthouse on Marrow Point becomes a seabird station” created" in output
    lighthouse = Article.objects.get(headline__startswith="Lighthouse")
    assert "cookies" not in lighthouse.body
    assert "Related stories" not in lighthouse.body


@pytest.mark.django_db
def test_the_command_fails_on_a_pdf(tmp_path, news):
    path = tmp_path / "release.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    with pytest.raises(CommandError, match=r"release\.pdf: PDF files cannot be imported"):
        import_story(str(path))
    assert not Article.objects.exists()
