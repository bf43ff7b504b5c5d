"""The headline and paragraphs of a Word document (.docx), guarded against zip bombs."""

import io
import zipfile

from importing.reading import StoryImportError

# A .docx is a ZIP: its XML may expand far beyond the file's size. A real
# release's XML is a few times its text; these bounds (multiples of the import
# limit) refuse a "zip bomb" before anything is decompressed.
DOCX_PART_FACTOR = 32
DOCX_TOTAL_FACTOR = 64
DOCX_MAX_PARTS = 2000


def read_docx(data, limit):
    """The headline and the paragraphs of a .docx, table cells' paragraphs included."""
    _check_docx_package(data, limit)
    # Imported here: python-docx takes a moment to load, and only .docx imports need it.
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
        styles = {style.style_id: style.name for style in document.styles}
        paragraphs = list(_docx_paragraphs(document.element.body, styles, qn))
    except Exception as error:
        # python-docx reports a broken package with many kinds of error
        # (KeyError, ValueError, lxml's XMLSyntaxError...); all mean the same to the editor.
        raise StoryImportError(
            f"This .docx cannot be opened: it is damaged or not a Word document ({error})."
        ) from error
    texts = [text for text, _ in paragraphs]
    if not texts:
        raise StoryImportError("This .docx has no text to import.")
    # The headline: a Title (else Heading 1) paragraph near the top, else the
    # first paragraph. Further down, a Heading 1 is a section's ("About us").
    styles_on_top = [style for _, style in paragraphs[:5]]
    for wanted in ("title", "heading 1"):
        if wanted in styles_on_top:
            index = styles_on_top.index(wanted)
            return texts[index], texts[:index] + texts[index + 1 :]
    return None, texts


def _check_docx_package(data, limit):
    """Refuse a .docx whose parts would expand beyond the bounds, before decompressing them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise StoryImportError(f"This .docx cannot be opened: it is damaged ({error}).") from error
    too_big = max((part.file_size for part in parts), default=0) > DOCX_PART_FACTOR * limit
    if (
        too_big
        or sum(part.file_size for part in parts) > DOCX_TOTAL_FACTOR * limit
        or len(parts) > DOCX_MAX_PARTS
    ):
        raise StoryImportError(
            "This .docx cannot be opened: it expands to far more than a story's text "
            "(a damaged or malicious file?)."
        )


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_paragraphs(body, styles, qn):
    """
    (text, lower-case style name) of every non-empty paragraph in document
    order: in tables (a release's layout table), content controls and
    tracked insertions too, which python-docx's own paragraph lists skip.
    Headers, footers and footnotes are not in the body: page furniture.
    """
    paragraph, line_break = qn("w:p"), qn("w:br")
    # What each run element reads as; None: its own text.
    text_tags = {
        qn("w:t"): None,
        qn("w:tab"): " ",
        line_break: "\n",
        qn("w:cr"): "\n",
        qn("w:noBreakHyphen"): "-",
    }
    for element in body.iter(paragraph):
        # A text box's paragraphs are stored twice (for old Word versions); read them once.
        if any(ancestor.tag == _MC_FALLBACK for ancestor in element.iterancestors()):
            continue
        parts = []
        for node in element.iter(*text_tags):
            if _nearest_paragraph(node, paragraph) is not element:
                continue  # a text box's paragraph inside this one: read on its own
            if node.tag == line_break and node.get(qn("w:type")) in ("page", "column"):
                continue
            as_text = text_tags[node.tag]
            parts.append(node.text or "" if as_text is None else as_text)
        text = "".join(parts)
        if text.strip():
            style_id = element.xpath("string(w:pPr/w:pStyle/@w:val)")
            yield text, (styles.get(style_id) or style_id or "").lower()


def _nearest_paragraph(node, paragraph):
    for ancestor in node.iterancestors(paragraph):
        return ancestor
    return None
