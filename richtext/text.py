"""
Rich text and user-typed strings made safe for other places: one line of
plain text (feeds, search, JSON-LD), text XML can carry, web addresses that
can only be http(s) links.
"""

import html
import re

from django.utils.html import strip_tags

# Before every block element's start or end tag, where words of two blocks meet.
_BLOCK_BOUNDARY = re.compile(
    r"(?=<(?:/?(?:p|h[1-6]|li|ul|ol|blockquote|figure|figcaption)\b|br\b))", re.IGNORECASE
)


def plain_text(rich_text):
    """Rich text as one line of plain text: no markup, no entities, blocks apart."""
    text = html.unescape(strip_tags(_BLOCK_BOUNDARY.sub(" ", rich_text or "")))
    return " ".join(text.split())


# Characters XML 1.0 cannot carry at all (a vertical tab pasted from a word processor).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text):
    """`text` without the control characters XML cannot carry, for feeds and sitemaps."""
    return _NOT_XML.sub("", text or "")


def web_address(url):
    """
    `url` if it is an http(s) address, else "". Forms only accept those, but
    a value saved another way (an import, the shell) must not become a
    `javascript:` link.
    """
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""
