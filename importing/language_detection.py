"""
Which of the three languages (English, French, Swedish) a story is written in.

The rule is meant to be explained to an editor in one sentence: count, in
the story's headline, dek and paragraphs, the function words of each
language (`importing.language.FUNCTION_WORDS`: “the”, “with”; « les »,
« dans »; ”och”, ”på”), and the language with the most of them is the
story's if it has at least `MIN_EVIDENCE` and at least `MARGIN` times as
many as the next language. Otherwise (a text too short to tell, a bilingual
release in two halves, no words at all) the story is in English, the
site's first language, and the editor chooses on the review screen.

Function words rather than a statistical model: they are what a person
reading the text would go by, a quoted sentence in another language cannot
outweigh the story around it, and names and jargon (which a character model
weighs) do not count at all.
"""

import re
from collections import Counter
from dataclasses import dataclass

from importing.language import FUNCTION_WORDS

DEFAULT_LANGUAGE = "en"
# One sentence of running text: « Le laboratoire ouvre ses portes dans le
# quartier ; il accueille des chercheurs. » has six.
MIN_EVIDENCE = 6
# A release whose French half is about as long as its English half is not French.
MARGIN = 1.5

# A word, with the apostrophe that ends a French elision (l', qu', d').
_WORD = re.compile(r"[^\W\d_]+'?")
_LANGUAGE_OF = {word: language for language, words in FUNCTION_WORDS.items() for word in words}


@dataclass(frozen=True)
class DetectedLanguage:
    """A story's language and the evidence for it: function words counted per language."""

    language: str
    counts: dict[str, int]
    # False when the text did not say enough and `language` is the default.
    detected: bool


def count_function_words(text):
    """{language: how many of its function words `text` has}, over all three languages."""
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    # Every word counted once by Counter (in C), then each distinct word looked up once.
    for word, times in Counter(_WORD.findall(text.lower().replace("\u2019", "'"))).items():
        if language := _LANGUAGE_OF.get(word):
            counts[language] += times
    return counts


def detect_language(text):
    """The language `text` is written in, as a `DetectedLanguage` (English when it cannot tell)."""
    counts = count_function_words(text)
    # Most evidence first; English first among equals.
    ranked = sorted(counts, key=lambda language: (-counts[language], language != "en"))
    best, runner_up = counts[ranked[0]], counts[ranked[1]]
    if best >= MIN_EVIDENCE and best >= MARGIN * runner_up:
        return DetectedLanguage(ranked[0], counts, detected=True)
    return DetectedLanguage(DEFAULT_LANGUAGE, counts, detected=False)


def story_language(story):
    """The language of a `ParsedStory`, from the text the draft keeps (not its boilerplate)."""
    return detect_language("\n".join([story.headline, story.dek, *story.paragraphs]))
