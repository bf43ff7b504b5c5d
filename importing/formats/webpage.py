"""The article in an HTML page (a saved page, an email's HTML), without the page's furniture."""

import codecs
import re
from html import unescape

from importing.formats.text import decode_declared, split_blocks
from importing.reading import StoryImportError

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Entities left in the text after parsing: double-escaped markup ("&amp;eacute;").
# Only complete entities, so "R&D" and "AT&T" stay as they are.
_LEFTOVER_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LEFTOVER_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")


def decode_markup(data, declared=None):
    """
    An HTML file's text: a byte order mark first, then the charset a MIME
    header declared, then the page's own <meta charset>, then UTF-8, else
    Windows-1252 (what browsers read "ISO-8859-1" and unlabelled pages as).
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    in_page = _DECLARED_CHARSET.search(data[:4096])
    in_page = (in_page[1] or in_page[2]).decode("ascii") if in_page else None
    for charset in (declared, in_page, "utf-8"):
        if charset and (text := decode_declared(data, charset)) is not None:
            return text
    return data.decode("cp1252", errors="replace")


def read_html(markup, *, use_title=True):
    """
    The headline (None when the page has none) and the paragraphs of the
    article in an HTML page, without the page's furniture. `use_title` falls
    back on og:title and <title> for the headline: right for a saved page,
    not for an email, whose Subject says more than a template's <title>.
    """
    # Imported here: trafilatura and lxml take a moment to load, and only
    # HTML imports need them.
    import trafilatura
    from lxml import etree, html

    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        page = html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        page = None
    if page is None or not "".join(page.itertext()).strip():
        raise StoryImportError("This HTML file has no text to import.")

    headline = _page_headline(page)
    # Read before the extractor, which may change the tree it is given.
    meta_title, title_element = _meta_title(page), _title_element(page)
    _drop_furniture(page)
    if not "".join(page.itertext()).strip():
        raise _no_article()
    try:
        extracted = trafilatura.bare_extraction(
            page,
            with_metadata=use_title and headline is None,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
        )
    except Exception as error:
        # Whatever trips the extractor on a strange page, the editor can only
        # paste the text instead; the page must not fail with a server error.
        raise StoryImportError(
            "The article in this HTML page cannot be found (the page is malformed). "
            "Copy the story's text and paste it instead."
        ) from error
    if extracted is None or extracted.body is None:
        raise _no_article()
    if headline is None and use_title:
        # trafilatura's title is the <title> without the site's name.
        headline = meta_title or extracted.title or title_element
    headline = _plain(headline) if headline else None
    paragraphs = [_plain(block) for block in _extracted_blocks(extracted.body)]
    return headline, paragraphs


def _no_article():
    return StoryImportError(
        "No article was found in this HTML page, only menus and links. "
        "Copy the story's text and paste it instead."
    )


# Never the story, whatever the extractor makes of a page: the parts of a page
# HTML itself marks as furniture. trafilatura drops them from what it finds,
# but falls back on the whole page's text when it finds nothing better.
_FURNITURE = (
    "//script | //style | //noscript | //template | //nav | //aside | //footer | //iframe"
    " | //svg | //button | //select | //textarea | //*[@role='navigation' or @role='search']"
    # The site's header, not the article's own (<article><header><h1>…).
    " | //header[not(ancestor::article or ancestor::main)]"
    # Forms, except one wrapping the whole page (ASP.NET pages).
    " | //form[not(.//article or .//main or .//h1)]"
)


def _drop_furniture(page):
    for element in page.xpath(_FURNITURE):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows it (its tail)


def _plain(text):
    """Text with no markup or entity left in it (from a double-escaped page)."""
    text = _LEFTOVER_ENTITY.sub(lambda match: unescape(match[0]), text)
    return _LEFTOVER_TAG.sub("", text)


def _page_headline(page):
    """The article's <h1>: in <article> or <main> first, never the site's logo in its header."""
    for path in (
        "//article//h1",
        "//main//h1",
        "//*[@role='main']//h1",
        "//h1[not(ancestor::header or ancestor::nav or ancestor::footer or ancestor::aside)]",
    ):
        for heading in page.xpath(path):
            text = " ".join(heading.text_content().split())
            if text:
                return text
    return None


def _meta_title(page):
    for content in page.xpath("//meta[@property='og:title' or @name='twitter:title']/@content"):
        if content.strip():
            return content.strip()
    return None


def _title_element(page):
    titles = page.xpath("//title")
    return titles[0].text_content().strip() if titles else None


# trafilatura's output elements that run inside a paragraph; every other
# element (p, head, item, quote, cell, list, table...) starts a new block.
_INLINE = {"hi", "ref", "lb", "del", "span", "graphic", "a", "b", "i", "em", "strong"}


def _extracted_blocks(body):
    """
    The paragraphs of trafilatura's XML body, a <br><br> (two <lb/>) splitting
    one. trafilatura collapses the spacing of the text it extracts; a line end
    left in it comes from its last resort on short pages, the whole page's
    text with one block a line, so it separates paragraphs.
    """
    paragraphs, line = [], []

    def flush():
        paragraphs.extend(split_blocks("".join(line)))
        line.clear()

    def text(piece):
        line.append((piece or "").replace("\n", "\n\n"))

    def visit(element):
        tag = element.tag if isinstance(element.tag, str) else None
        if tag == "lb":
            line.append("\n")
        elif tag == "del":
            pass  # struck-out text is not part of the story
        elif tag in _INLINE:
            text(element.text)
            for child in element:
                visit(child)
                text(child.tail)
        elif tag is not None:
            flush()
            text(element.text)
            for child in element:
                visit(child)
                text(child.tail)
            flush()

    visit(body)
    return paragraphs
