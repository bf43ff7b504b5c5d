"""
Reading a story from the file an editor has: plain text (.txt), a page saved
from a browser (.html, .htm), a Word document (.docx) or an email (.eml).
`read_story_file` turns any of them into the plain text the parser reads: the
headline on the first line, then the paragraphs separated by blank lines.

The bytes choose the reader before the extension does (a .docx renamed .txt,
an .eml saved without an extension): `kinds` sniffs them. `webpage` keeps a
page's article without its furniture (trafilatura's main-content extraction),
`word` reads a .docx, `mail` an email or the release attached to it, and
`text` puts the parser's plain text together.
"""

from importing.formats.kinds import ACCEPTED, kind_of
from importing.formats.mail import parse_email, read_email
from importing.formats.text import compose, decode_declared
from importing.formats.webpage import decode_markup, read_html
from importing.formats.word import read_docx
from importing.reading import StoryImportError, check_size, check_text, decode_text, max_bytes

__all__ = ["ACCEPTED", "EXTENSIONS", "MIME_TYPES", "read_story_file"]

# The formats, as the desk's file field names them.
EXTENSIONS = ("txt", "html", "htm", "docx", "eml")
MIME_TYPES = (
    "text/plain",
    "text/html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "message/rfc822",
)


def read_story_file(name, data, limit=None):
    """
    The story in the file called `name` with contents `data` (bytes), as the
    checked plain text the parser reads. Raise `StoryImportError`, in words
    for the editor, for an empty, oversized, damaged or unsupported file.
    """
    limit = max_bytes() if limit is None else limit
    check_size(len(data), limit)
    return _within_limit(_read(name, data, limit, depth=0), limit)


def _within_limit(text, limit):
    text = check_text(text)
    if len(text.encode("utf-8")) > limit:
        raise StoryImportError(
            f"The text in this file is longer than {limit:,} bytes, the most one import takes."
        )
    return text


def _read(name, data, limit, *, depth, charset=None):
    """The text of one file (or attachment); `charset` is what a MIME header declared."""
    if not data.strip():
        raise StoryImportError("The file is empty: there is no story to import.")
    kind = kind_of(name, data)
    if kind == "docx":
        return compose(*read_docx(data, limit))
    if kind == "html":
        return compose(*read_html(decode_markup(data, charset)))
    if kind == "eml":
        return read_email(parse_email(data), limit, depth, _read)
    if charset and (text := decode_declared(data, charset)) is not None:
        return text
    return decode_text(data, limit)
