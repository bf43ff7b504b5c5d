"""Where sentences start and end, full stops after “Dr”, “Inc” and initials aside."""

import re

from importing.language import ABBREVIATIONS

_TERMINATOR = re.compile(r"[.!?]+(?=[\s”\"»]|$)")


# The most of a sentence looked at around an attribution: enough for any
# attribution clause, and a bound on the work a huge paragraph can cause.
WINDOW = 600
_LAST_WORD = re.compile(r"[\w.]+$")


def _ends_sentence(text, match):
    """A full stop that ends a sentence, not one after “Dr” or an initial."""
    if match.group() != ".":
        return True
    word = _LAST_WORD.search(text, max(0, match.start() - 40), match.start())
    if word is None:
        return True
    word = word.group().casefold()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    return not re.fullmatch(r"(?:\w\.)+\w", word)


def sentence_end(text, start, window=None):
    """
    The index just after the end of the sentence that runs on from `start`
    (looking at most `window` characters on, then stopping there).
    """
    stop = len(text) if window is None else min(len(text), start + window)
    for match in _TERMINATOR.finditer(text, start, stop):
        if _ends_sentence(text, match):
            return match.end()
    return stop


def sentence_start(text, end, window=WINDOW):
    """The index where the sentence ending at `end` starts (at most `window` back)."""
    start = max(0, end - window)
    for match in _TERMINATOR.finditer(text, start, end):
        if match.end() < end and _ends_sentence(text, match):
            start = match.end()
    return start
