"""
Marking what a reader searched for: a pattern of the query's words (common
endings allowed, accents ignored, as search ignores them), text with every
match in `<mark>`, and an excerpt of a story's body around its first match.
Escaped throughout.
"""

import re
import unicodedata
from collections import defaultdict

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from richtext.text import plain_text
from search.query import parse_query

EXCERPT_LENGTH = 220
_WORD = re.compile(r"\w+")
_ENDINGS = r"(?:s|es|ed|d|ing|y|ies|ly|er|ers|ship|ships|ment|ments)?"


def _accented_forms():
    """Each ASCII letter's character class of itself and its accented forms: "e" → "[eÈÉÊË…é…]"."""
    forms = defaultdict(str)
    for code in range(0xC0, 0x250):  # Latin-1 Supplement to Latin Extended-B
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            forms[base.lower()] += char
    return {letter: f"[{letter}{chars}]" for letter, chars in forms.items()}


_ACCENTED_FORMS = _accented_forms()


def _fold(word):
    """`word` without its accents: "Montréal" → "Montreal"."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _any_accents(word):
    """A regex for `word` with or without accents on its letters."""
    return "".join(_ACCENTED_FORMS.get(char, re.escape(char)) for char in _fold(word))


def _stem(word):
    """A crude English stem, so "partnerships" also marks "partnership"."""
    word = word.lower()
    for suffix in ("ies", "ing", "ed", "es", "s", "y"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def highlight_pattern(terms):
    """
    A regex for the query's terms as whole words, allowing common endings
    ("fund" marks "funding", not "fundamental"); a phrase's words in order.
    None when there is nothing to mark.
    """
    alternatives = []
    for term in parse_query(terms).terms:
        words = _WORD.findall(term)
        if words:
            alternatives.append(r"\W+".join(_any_accents(_stem(word)) + _ENDINGS for word in words))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def mark_matches(text, pattern):
    """
    `text` as HTML with every match of `pattern` in <mark>.

    The text is split at the matches first and every piece is escaped on its
    own, so neither the text nor the query can inject markup and a match can
    never land inside an escaped entity such as `&amp;`.
    """
    text = str(text or "")
    if pattern is None:
        return escape(text)
    result = SafeString()
    position = 0
    for match in pattern.finditer(text):
        result += escape(text[position : match.start()])
        result += format_html("<mark>{}</mark>", match.group())
        position = match.end()
    return result + escape(text[position:])


def excerpt(rich_text, pattern, length=EXCERPT_LENGTH):
    """About `length` characters of the body around its first match, highlighted; "" if none."""
    text = plain_text(rich_text)
    match = pattern.search(text) if pattern else None
    if match is None:
        return SafeString()
    # Start a third of the way back, at a word; end at a word, past the match.
    start = max(0, match.start() - length // 3)
    if start:
        start = text.rfind(" ", 0, start) + 1
    end = start + length
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space != -1 else max(end, match.end())
    return (
        SafeString("…" if start else "")
        + mark_matches(text[start:end], pattern)
        + SafeString("…" if end < len(text) else "")
    )
