"""Putting the parser's plain text together, and decoding text as its label says."""

import codecs
import re

from importing.reading import StoryImportError


def compose(headline, paragraphs):
    """The parser's plain text: the headline, a blank line, paragraphs separated by blank lines."""
    headline = " ".join((headline or "").split())
    blocks = [block for block in (_clean_block(p) for p in paragraphs) if block]
    if not headline:
        if not blocks:
            raise StoryImportError("There is no text in this file to import.")
        headline = " ".join(blocks.pop(0).split())
    blocks = [block for block in blocks if not same(block, headline)]
    return "\n\n".join([headline, *blocks]) + "\n"


def _clean_block(text):
    """One paragraph: spacing collapsed, line breaks (a <br>, a soft return) kept as lines."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def same(first, second):
    """Equal but for spacing and case."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def split_blocks(text):
    """Paragraphs of plain text: blocks separated by blank lines."""
    return [block for block in re.split(r"\n[ \t\xa0]*\n", text) if block.strip()]


def decode_declared(data, charset):
    """`data` decoded as `charset` declares, or None when the label is unknown or wrong."""
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        # Without a byte order mark (looked for first), a page declaring UTF-16
        # in its own ASCII-compatible bytes is not UTF-16: browsers read UTF-8.
        codec = "utf-8"
    elif codec in ("ascii", "latin-1", "iso8859-1", "cp1252"):
        # Labels mail programs and pages put on anything: UTF-8 mislabelled
        # as ASCII is common, and no Windows-1252 text with accents is valid
        # UTF-8, so UTF-8 is tried first, then Windows-1252 (a superset of
        # ISO-8859-1's printable characters, as browsers read it).
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            codec = "cp1252"
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return data.decode("latin-1") if codec == "cp1252" else None
