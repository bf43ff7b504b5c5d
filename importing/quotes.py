"""
Quotes and who said them, in the attribution forms newsrooms use (see the
`importing` package docstring), over one paragraph or several.
"""

import re
from dataclasses import dataclass

from importing.names import NAME, NOT_NAMES, looks_like_organization, split_title
from importing.story import ParsedQuote, Span

VERBS = (
    r"(?:says|said|states|stated|adds|added|explains|explained|notes|noted|continues|"
    r"continued|comments|commented|remarks|remarked|recalls|recalled|argues|argued|"
    r"observes|observed|concludes|concluded|writes|wrote)"
)
PRONOUN = r"(?:he|she|they)"
# A title clause that is not a title: “…,” said Ada Lind, who joined in 2020.
_NOT_TITLES = re.compile(
    r"^(?:who|whose|which|that|adding|noting|explaining|referring|pointing|speaking|"
    r"during|in|on|when|while|after|before|as|and|but|to)\b",
    re.IGNORECASE,
)
# After a closing quotation mark: the attribution that follows it.
_AFTER = [
    re.compile(rf"^\s*(?:{VERBS})\s+(?P<name>{NAME})(?P<rest>.*)$", re.DOTALL),
    re.compile(
        rf"^\s*(?P<name>{NAME}),\s*(?P<title>[^,“”]{{2,150}}?),\s*(?:{VERBS})\b(?P<rest>.*)$",
        re.DOTALL,
    ),
    re.compile(rf"^\s*(?P<name>{NAME})\s+(?:{VERBS})\b(?P<rest>.*)$", re.DOTALL),
    re.compile(rf"^\s*,?\s*according\s+to\s+(?P<name>{NAME})(?P<rest>.*)$", re.DOTALL),
    re.compile(
        rf"^\s*(?:(?:{VERBS})\s+(?P<pronoun>{PRONOUN})|(?P<pronoun2>{PRONOUN})\s+(?:{VERBS}))\b"
        r"(?P<rest>.*)$",
        re.DOTALL | re.IGNORECASE,
    ),
]
# Before an opening quotation mark: “Ada Lind said:”, “Ada Lind, Director, said:”.
_BEFORE = [
    re.compile(
        rf"(?:^|(?<=[\s(]))(?P<name>{NAME})(?:,\s*(?P<title>[^,“”]{{2,150}}?))?,?\s+(?:{VERBS})"
        r"\s*[:,]?\s*$"
    ),
    re.compile(
        rf"(?:^|(?<=[\s(]))(?:{VERBS})\s+(?P<name>{NAME})(?:,\s*(?P<title>[^:“”]{{2,150}}?))?"
        r"\s*:\s*$"
    ),
    re.compile(rf"(?:^|(?<=[\s(]))(?P<pronoun>{PRONOUN})\s+(?:{VERBS})\s*[:,]?\s*$", re.I),
]
# The first sentence of what follows a name: its title, when it is one.
_TITLE_AFTER_NAME = re.compile(
    r"^,\s*(?P<title>.+?)\s*(?:[.;!?](?=\s|$)|$)(?P<rest>.*)$", re.DOTALL
)
_ORG_AFTER_NAME = re.compile(
    r"^\s+(?:of|at|from)\s+(?:the\s+)?(?P<organization>[A-Z][^.;!?,]*?)\s*(?:[.;!?,](?=\s|$)|$)",
    re.DOTALL,
)
OPEN, CLOSE = "“", "”"


def curl_quotes(text):
    """Straight double quotes made curly by position, so openings and closings can be told apart."""
    characters = list(text)
    for index, character in enumerate(characters):
        if character == '"':
            before = characters[index - 1] if index else " "
            opening = before.isspace() or before in "([{—–-/‘'"
            characters[index] = OPEN if opening else CLOSE
    return "".join(characters)


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
    # The text run that attributed it, to let a following quote in the same paragraph join it.
    attribution_run: tuple[int, int] | None = None


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


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


class _Speakers:
    """Who has spoken so far in a story, to name speakers from what an attribution says."""

    def __init__(self, known_people):
        self.known = {person.casefold(): person for person in known_people}
        self.by_surname = {}
        self.last = None  # the last attributed candidate, for “he said”

    def spoke(self, candidate):
        self.by_surname[candidate.speaker.split()[-1].casefold()] = candidate.speaker
        self.last = candidate

    def name(self, name):
        """
        A matched name made a speaker's: sentence words (“At”, “The”) and a
        trailing weekday dropped, a known person's name preferred inside a
        longer match, a lone surname taken for an earlier speaker. "" if none.
        """
        words = name.split()
        while words and words[0].casefold() in NOT_NAMES:
            words.pop(0)
        while words and words[-1].casefold() in _WEEKDAYS:
            words.pop()
        if not words or any(not word[:1].isupper() for word in words):
            return ""
        for length in range(len(words), 1, -1):
            for offset in range(len(words) - length + 1):
                found = self.known.get(" ".join(words[offset : offset + length]).casefold())
                if found:
                    return found
        if len(words) == 1:
            return self.by_surname.get(words[0].casefold(), "")
        name = " ".join(words)
        return "" if looks_like_organization(name, acronyms=False) else name

    def attribution(self, groups, after):
        """(speaker, printed title) from an attribution's groups, or None when it names no one."""
        if groups.get("pronoun") or groups.get("pronoun2"):
            if self.last is None:
                return None
            return self.last.speaker, self.last.printed_title
        speaker = self.name(groups["name"])
        if not speaker:
            return None
        printed_title = (groups.get("title") or "").strip()
        rest = groups.get("rest") or ""
        if after and not printed_title:
            if title_match := _TITLE_AFTER_NAME.match(rest):
                printed_title = title_match["title"]
            elif organization_match := _ORG_AFTER_NAME.match(rest):
                printed_title = organization_match.group().strip(" .,;:!?")
        if printed_title and _NOT_TITLES.match(printed_title):
            printed_title = ""
        return speaker, printed_title

    def after(self, run):
        """The attribution in the text right after a closing quotation mark."""
        for pattern in _AFTER:
            match = pattern.match(run)
            if match and (found := self.attribution(match.groupdict(), True)):
                return found
        return None

    def before(self, run):
        """The attribution in the text right before an opening quotation mark."""
        # An attribution sits just before its quote; the rest of a long paragraph is narrative.
        run = run[-300:]
        # Every word start, leftmost first: the regex alone would settle on the
        # first match even when it names no one (“The director, Ada Lind, said:”).
        starts = [0, *(match.end() for match in re.finditer(r"[\s(]", run))]
        for pattern in _BEFORE:
            for start in starts:
                if (match := pattern.match(run, start)) and (
                    found := self.attribution(match.groupdict(), False)
                ):
                    return found
        return None


def find_quotes(paragraphs, organizations=(), people=()):
    """The attributed quotations in the story's paragraphs, in order."""
    candidates = []
    speakers = _Speakers(people)
    pending = None  # a quote left open at the end of the previous paragraph
    for index, raw in enumerate(paragraphs):
        paragraph = curl_quotes(raw)
        segments = _segments(paragraph)
        carried, pending = pending, None
        previous = None  # the quote before this one in the paragraph
        for position, (kind, start, end) in enumerate(segments):
            if kind == "text":
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
                if closed and position + 1 < len(segments):
                    _kind, run_start, run_end = segments[position + 1]
                    found = speakers.after(paragraph[run_start:run_end])
                    if found:
                        candidate.attribution_run = (index, run_start)
                if not found and position:
                    _kind, run_start, run_end = segments[position - 1]
                    found = speakers.before(paragraph[run_start:run_end])
                if found:
                    candidate.speaker, candidate.printed_title = found
                    speakers.spoke(candidate)
                elif (
                    previous is not None
                    and previous is not candidate
                    and previous.attribution_run == (index, segments[position - 1][1])
                ):
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
        if not (candidate.speaker and text):
            continue
        title, organization = split_title(candidate.printed_title, organizations)
        quotes.append(
            ParsedQuote(
                text=text,
                speaker=candidate.speaker,
                title=title,
                organization=organization,
                printed_title=" ".join(candidate.printed_title.split()),
                spans=[Span(part.paragraph, part.start, part.end) for part in candidate.parts],
            )
        )
    return quotes


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
