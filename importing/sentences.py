"""Where sentences start and end, full stops after “Dr”, “Inc” and initials aside."""

import re

from importing.language import ABBREVIATIONS

_TERMINATOR = re.compile(r"[.!?]+(?=[\s”\"»]|$)")


def _ends_sentence(text, match):
    """A full stop that ends a sentence, not one after “Dr” or an initial."""
    if match.group() != ".":
        return True
    word = re.search(r"([\w.]+)$", text[: match.start()])
    if word is None:
        return True
    word = word.group(1).casefold()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    return not re.fullmatch(r"(?:\w\.)+\w", word)


def sentence_end(text, start):
    """The index just after the end of the sentence that runs on from `start`."""
    for match in _TERMINATOR.finditer(text, start):
        if _ends_sentence(text, match):
            return match.end()
    return len(text)


def sentence_start(text, end):
    """The index where the sentence ending at `end` starts."""
    start = 0
    for match in _TERMINATOR.finditer(text, 0, end):
        if match.end() < end and _ends_sentence(text, match):
            start = match.end()
    return start
