"""
Comparing names loosely: without accents, case, curly apostrophes or
typographic dashes (`fold`), or the same character by character so that
positions still point into the original text (`fold_in_place`).
"""

import re
import unicodedata

# Capital letters, accented ones included, for name patterns.
UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"


def fold(text):
    """`text` compared loosely: no accents, no case, one kind of apostrophe and dash."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(character for character in text if not unicodedata.combining(character))
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(re.sub(r"[‐-―−]", "-", text).casefold().split())


def _fold_character(character):
    base = unicodedata.normalize("NFKD", character)[:1]
    lowered = (base if base.isascii() else character).lower()
    return _SAME_LENGTH.get(lowered, lowered) if len(lowered) == 1 else character


_SAME_LENGTH = {"’": "'", "‘": "'", "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"}


def fold_in_place(text):
    """`fold()` character by character: the same length, so positions still point into `text`."""
    return "".join(_fold_character(character) for character in text)
