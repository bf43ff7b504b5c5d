"""
Quotes and who said them.

A story's paragraphs are read in order. Quotation marks of every kind
(“curly”, "straight", « guillemets », Swedish ”…” and dialogue dashes) are
made one pair, OPEN and CLOSE, by position; each quoted run is a quote part.
A quote left open at a paragraph's end goes on in the next paragraph.

Each quote's attribution is looked for in the clause right after it (“…,”
said Jane Roe, CEO of Northwind.), then in the clause right before it (Jane
Roe, CEO of Northwind, said: “…”). A clause attributes when it has a
speech verb in any of the three languages (or “according to”, « selon »,
“enligt”) and a person in it, or, after a quote, when it is nothing but a
person and their title (“…” Jane Roe, Vice President, Research,
Northwind.). The person is named in full, by surname or honorific and
surname after a full mention, or by a pronoun for the person the story
named last (in an attribution or in its own words: “Jane Roe leads the
lab.”). A quote whose clause attributes nothing and that follows a quote
attributed in between (“First part,” said Roe. “Second part.”) is the same
quote, continued. A title is never taken for a name: when no person can be
told, the quote stays unattributed rather than invent one.
"""

import re
from dataclasses import dataclass, field

from importing.language import (
    ACCORDING_TO,
    FRENCH_INVERTED,
    PRONOUNS,
    SPEECH_VERBS,
    alternation,
)
from importing.people import People, attribution_parts
from importing.sentences import WINDOW, sentence_end, sentence_start
from importing.story import ParsedQuote, Span
from importing.titles import split_title

OPEN, CLOSE = "“", "”"
# Every mark that can open or close a quotation; straight and Swedish marks
# are told apart by what stands around them.
_AMBIGUOUS = {'"', "”", "“", "„"}
_DASHES = "–—"

_VERB = re.compile(rf"(?<![\w-]){alternation(SPEECH_VERBS)}(?![\w-])", re.IGNORECASE)
_ACCORDING = re.compile(rf"(?<![\w-]){alternation(ACCORDING_TO)}(?![\w-])", re.IGNORECASE)
_PRONOUN = re.compile(rf"^(?:{alternation(PRONOUNS)})$", re.IGNORECASE)
# Swedish and French dialogue: a paragraph that opens with a dash is speech
# up to its attribution: – Vi är glada, säger Anna Berg.
_DIALOGUE = re.compile(rf"^[{_DASHES}]\s+")
# The longest clause an attribution takes; anything longer is narrative.
MAX_ATTRIBUTION = 220
# More quotations than any release holds: past these, a text is not one, and
# the rest are left unattributed rather than cost time.
MAX_QUOTES = 2000
# Quoted words from this many on, with no speaker found, are shown as speech.
UNATTRIBUTED_WORDS = 8


def curl_quotes(text):
    """
    Every quotation mark made OPEN or CLOSE by position: an opening one
    follows a space, a bracket or the start and comes before a word; « and »
    are themselves, with the spaces French puts inside them dropped.
    """
    text = re.sub(r"«[\s\u00a0\u202f]*", OPEN, text)
    text = re.sub(r"[\s\u00a0\u202f]*»", CLOSE, text)
    characters = list(text)
    for index, character in enumerate(characters):
        if character not in _AMBIGUOUS:
            continue
        before = characters[index - 1] if index else " "
        after = characters[index + 1] if index + 1 < len(characters) else " "
        if character == "„":
            characters[index] = OPEN
        elif before.isspace() or before in "([{—–-/‘'" or not index:
            characters[index] = OPEN if not after.isspace() else CLOSE
        else:
            characters[index] = CLOSE
    return "".join(characters)


def _dialogue(paragraph):
    """
    A dialogue paragraph (– Vi är glada, säger Anna Berg. – Det är en stor
    dag.) with its speech put between OPEN and CLOSE; others unchanged.
    """
    if not _DIALOGUE.match(paragraph) or OPEN in paragraph:
        return paragraph
    pieces = re.split(rf"(?:^|(?<=[.!?])\s+)[{_DASHES}]\s+", paragraph)
    result = []
    for piece in pieces:
        if not piece:
            continue
        verb = _VERB.search(piece)
        # The speech runs up to the comma before its attribution's verb.
        comma = piece.rfind(",", 0, verb.start()) if verb else -1
        if verb and comma != -1:
            result.append(f"{OPEN}{piece[: comma + 1]}{CLOSE}{piece[comma + 1 :]}")
        else:
            result.append(f"{OPEN}{piece}{CLOSE}")
    return " ".join(result)


@dataclass
class _Part:
    paragraph: int
    start: int  # the opening mark
    end: int  # after the closing mark, or the paragraph's end when it stays open
    closed: bool
    words: str


@dataclass
class _Candidate:
    parts: list[_Part]
    speaker: str = ""
    printed_title: str = ""
    # Where the clause that attributed it starts, to join a quote continued after it.
    attribution_at: tuple[int, int] | None = None
    extra: dict = field(default_factory=dict)


def _segments(paragraph):
    """Narrative and quoted runs: (kind, start, end), kind "text", "quote" or "open-quote"."""
    segments, position = [], 0
    while position < len(paragraph):
        opening = paragraph.find(OPEN, position)
        if opening == -1:
            segments.append(("text", position, len(paragraph)))
            break
        if opening > position:
            segments.append(("text", position, opening))
        closing = paragraph.find(CLOSE, opening + 1)
        if closing == -1:
            segments.append(("open-quote", opening, len(paragraph)))
            break
        segments.append(("quote", opening, closing + 1))
        position = closing + 1
    return segments


@dataclass
class Attribution:
    """Who an attribution clause names, and the title it prints."""

    name: str = ""
    pronoun: bool = False
    title: str = ""


def parse_attribution(clause, people, *, after):
    """
    The `Attribution` in an attribution clause, or None. `after`: the clause
    follows the quote (and may then have no verb at all).
    """
    original = clause.strip()
    clause = " ".join(clause.split()).strip(" ,.;:–—-")
    if not clause or len(clause) > MAX_ATTRIBUTION:
        return None
    if (inverted := FRENCH_INVERTED.search(clause)) and inverted.start() < 3:
        return Attribution(pronoun=True)
    verb = _VERB.search(clause)
    according = _ACCORDING.search(clause)
    if according and (verb is None or according.start() < verb.start()):
        who = clause[according.end() :]
        if _PRONOUN.match(who.strip(" ,")):
            return Attribution(pronoun=True)  # « Selon elle, … »
    elif verb:
        before, rest = clause[: verb.start()].strip(" ,"), clause[verb.end() :].strip(" ,")
        if _PRONOUN.match(before) or (not before and _PRONOUN.match(rest.split(" ")[0] or "")):
            return Attribution(pronoun=True)
        if after and not before:
            who = rest
        elif before:
            # “Jane Roe, CEO of Northwind, said in a statement”: who comes before the verb.
            who = before
        else:
            who = rest
    elif after or original.endswith(":"):
        # A verbless attribution: “…” Jane Roe, Vice President, Research, Northwind.
        # Before a quote, only a colon makes a name an attribution: Jane Roe: “…”
        who = clause
    else:
        return None
    parts = attribution_parts(who)
    for index, part in enumerate(parts):
        found = people.name_at_end(part)
        if found is None and (starting := people.name_at_start(part)):
            name, rest = starting
            parts[index] = name
            parts.insert(index + 1, rest)
            found = "", name
        if found is None:
            continue
        prefix, name = found
        if verb is None and not according and (prefix or index):
            # Without a verb, the clause must open with the person.
            return None
        title_parts = [*parts[:index], *([prefix] if prefix else []), *parts[index + 1 :]]
        if verb is None and after and not people.is_full_name(name):
            return None
        return Attribution(name=name, title=", ".join(title_parts))
    return None


def _after_clause(paragraph, end):
    """The clause right after a closing mark: up to its sentence's end or the next quote."""
    stop = paragraph.find(OPEN, end)
    stop = len(paragraph) if stop == -1 else stop
    return paragraph[end : min(stop, sentence_end(paragraph, end, window=WINDOW))]


def _before_clause(paragraph, start, floor=0):
    """The clause right before an opening mark: from its sentence's start (or `floor`)."""
    return paragraph[max(floor, sentence_start(paragraph, start)) : start]


def find_quotes(paragraphs, organizations=(), people=(), *, speakers=None):
    """
    The attributed quotations in the story's paragraphs, in order. Pass
    `speakers` (a `People`) to learn who else the story named.
    """
    candidates = []
    speakers = speakers if speakers is not None else People(people, organizations)
    pending = None  # a quote left open at the end of the previous paragraph
    for index, raw in enumerate(paragraphs):
        if len(candidates) >= MAX_QUOTES:
            break
        paragraph = _dialogue(curl_quotes(raw))
        segments = _segments(paragraph)
        carried, pending = pending, None
        previous = None  # the quote before this one in the paragraph
        for position, (kind, start, end) in enumerate(segments):
            if len(candidates) >= MAX_QUOTES:
                break
            if kind == "text":
                speakers.read(paragraph[start:end])
                continue
            closed = kind == "quote"
            words = paragraph[start + 1 : end - 1 if closed else end].strip()
            part = _Part(index, start, end, closed, words)
            if carried is not None and position == 0:
                candidate = carried
                candidate.parts.append(part)
            else:
                candidate = _Candidate([part])
                candidates.append(candidate)
            carried = None

            if not candidate.speaker:
                found = None
                if closed:
                    clause = _after_clause(paragraph, end)
                    found = _resolve(parse_attribution(clause, speakers, after=True), speakers)
                    if found:
                        candidate.attribution_at = (index, end)
                if not found:
                    floor = segments[position - 1][1] if position else 0
                    clause = _before_clause(paragraph, start, floor)
                    found = _resolve(parse_attribution(clause, speakers, after=False), speakers)
                if not found and position == 0 and index and paragraphs[index - 1].endswith(":"):
                    # “Ingrid Halvorsen, vd för Orvanta Pharma, kommenterar:” then the quote.
                    previous_paragraph = paragraphs[index - 1]
                    clause = previous_paragraph[
                        sentence_start(previous_paragraph, len(previous_paragraph) - 1) :
                    ]
                    found = _resolve(parse_attribution(clause, speakers, after=False), speakers)
                continued = (
                    not found
                    and previous is not None
                    and previous is not candidate
                    and previous.attribution_at == (index, segments[position - 1][1])
                )
                if not (found or continued) and closed and end >= len(paragraph.rstrip()) - 1:
                    found = _attribution_below(paragraphs, index, speakers)
                if found:
                    candidate.speaker, candidate.printed_title = found
                    speakers.spoke(candidate.speaker, candidate.printed_title)
                elif continued:
                    # “First part,” said Ada Lind. “Second part.” is one quote.
                    previous.parts.extend(candidate.parts)
                    candidates.pop()  # it was the last one added
                    candidate = previous
            previous = candidate
            if not closed:
                pending = candidate

    quotes = []
    for candidate in candidates:
        text = _quote_text(candidate.parts)
        spans = [Span(part.paragraph, part.start, part.end) for part in candidate.parts]
        if not candidate.speaker:
            # Speech whose speaker cannot be told (not scare quotes or a title):
            # shown to the editor as such, never credited to someone invented.
            if len(text.split()) >= UNATTRIBUTED_WORDS:
                speakers.unattributed.append(ParsedQuote(text=text, speaker="", spans=spans))
            continue
        if not text:
            continue
        title, organization = split_title(candidate.printed_title, organizations)
        quotes.append(
            ParsedQuote(
                text=text,
                speaker=candidate.speaker,
                title=title,
                organization=organization,
                printed_title=" ".join(candidate.printed_title.split()),
                spans=spans,
            )
        )
    return quotes


def _attribution_below(paragraphs, index, speakers):
    """
    A quote that ends its paragraph, attributed by the short line below it:
    “…” / Daniel Osei, Head of Research, Quorvia.
    """
    if index + 1 >= len(paragraphs):
        return None
    below = paragraphs[index + 1]
    if len(below) > 140 or OPEN in curl_quotes(below) or _VERB.search(below):
        return None
    return _resolve(parse_attribution(below, speakers, after=True), speakers)


def _resolve(attribution, speakers):
    """(speaker, printed title) for an attribution, or None when it names no one surely."""
    if attribution is None:
        return None
    if attribution.pronoun:
        return speakers.last_named()
    return speakers.resolve(attribution.name, attribution.title)


def _quote_text(parts):
    """The quoted words: a split quote's comma becomes the sentence end it stood for."""
    text = ""
    previous = None
    for part in parts:
        words = part.words
        if previous is None:
            text = words
        elif previous.paragraph != part.paragraph:
            text = f"{text}\n\n{words}"
        elif text.endswith(",") and words[:1].isupper():
            text = f"{text[:-1]}. {words}"
        else:
            text = f"{text} {words}"
        previous = part
    return text.rstrip(",").strip()
