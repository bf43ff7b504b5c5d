"""
Laying out an article body: pull quotes set between its paragraphs.

The body is sanitized HTML (see `richtext.fields`), so it is well formed
and made only of allowlisted block elements; splitting it at the end of each
top-level block is safe.
"""

import re

from django.utils.safestring import mark_safe

BLOCK_TAG = re.compile(r"<(/?)(p|h2|h3|h4|ul|ol|li|blockquote|figure|figcaption)\b[^>]*>", re.I)


def top_level_blocks(html):
    """The body's top-level elements (paragraphs, headings, lists…), in order."""
    blocks, depth, start = [], 0, 0
    for match in BLOCK_TAG.finditer(html):
        closing = match.group(1) == "/"
        depth += -1 if closing else 1
        if closing and depth == 0:
            blocks.append(html[start : match.end()].strip())
            start = match.end()
    rest = html[start:].strip()
    if rest:
        blocks.append(rest)
    return [block for block in blocks if block]


def interleave_quotes(html, quotes, every=2):
    """
    The body as a list of ("html", safe string) and ("quote", Quote) parts:
    a quote after every `every` blocks, and any left over at the end.
    """
    quotes = list(quotes)
    parts = []
    for index, block in enumerate(top_level_blocks(html), start=1):
        parts.append(("html", mark_safe(block)))  # sanitized on save
        if quotes and index % every == 0:
            parts.append(("quote", quotes.pop(0)))
    parts.extend(("quote", quote) for quote in quotes)
    return parts
