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


# The folding of every character a story is likely to hold, made once: ASCII,
# Latin-1, Latin Extended-A and B, and typographic punctuation.
_TABLE = {
    code: _fold_character(chr(code))
    for code in (*range(0x250), *range(0x2010, 0x2030), 0x2212)
    if _fold_character(chr(code)) != chr(code)
}


def fold_in_place(text):
    """`fold()` character by character: the same length, so positions still point into `text`."""
    folded = text.translate(_TABLE)
    if folded.isascii():
        return folded
    # Characters outside the table, one by one (each stays one character).
    return "".join(
        character if ord(character) < 0x250 else _fold_character(character) for character in folded
    )
