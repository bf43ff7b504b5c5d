"""
Plain text in, a story's parts out: headline, dateline, dek, paragraphs,
quotes with their speakers, and the organizations the text names.

Nothing here touches the database. `parse_story()` is told which
organization and people names the directory knows (plain strings) and
reports which of them the text mentions and where; `articles.drafting`
looks those names up and saves the draft. Keeping the two apart lets the
admin preview a story, and tests check the parsing, without writing a row.

Quotes are recognized in the attribution forms newsrooms use::

    “We are pleased,” says Ada Lind, the Nordvik Institute's Director.
    “We are pleased,” said Ada Lind.       “We are pleased,” Ada Lind said.
    Ada Lind said: “We are pleased.”       “We are pleased,” stated Ada Lind.
    “First part,” said Ada Lind. “Second part.”       (one quote, split)

with straight or curly quotation marks, over several paragraphs (a quote
that continues leaves its paragraph unclosed and opens the next one).
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings

# A file bigger than this is refused; `settings.IMPORT_MAX_BYTES` overrides it.
DEFAULT_MAX_BYTES = 1024 * 1024
HEADLINE_MAX_LENGTH = 250
DEK_MAX_LENGTH = 400


class StoryImportError(ValueError):
    """The text cannot be imported; the message says why, in words for the editor."""


# Text blocks: where a mention or a quote sits. `part` is "headline", "dek"
# or the index of a body paragraph.
@dataclass(frozen=True)
class Span:
    part: str | int
    start: int
    end: int


@dataclass
class Mention:
    """A name found in the text: a directory name it matched, or a proposed new one."""

    name: str
    spans: list[Span] = field(default_factory=list)


@dataclass
class ParsedQuote:
    """
    One quotation with its attribution as printed.

    `title` is the speaker's title without the organization, which is in
    `organization` when the printed title names one (“Mila's Founder and
    Scientific Director” gives “Founder and Scientific Director” and “Mila”);
    `printed_title` keeps the whole phrase.
    """

    text: str
    speaker: str
    title: str = ""
    organization: str = ""
    printed_title: str = ""
    spans: list[Span] = field(default_factory=list)


@dataclass
class ParsedStory:
    headline: str
    paragraphs: list[str]
    dateline: str = ""
    dek: str = ""
    byline: str = ""
    source_name: str = ""
    source_url: str = ""
    quotes: list[ParsedQuote] = field(default_factory=list)
    # Directory names the text mentions, keyed by the name as it was given.
    organizations: list[Mention] = field(default_factory=list)
    people: list[Mention] = field(default_factory=list)
    # Organization-like names the directory does not know: proposals for the editor.
    proposed_organizations: list[Mention] = field(default_factory=list)
    content_hash: str = ""

    def part_text(self, part):
        if part == "headline":
            return self.headline
        if part == "dek":
            return self.dek
        return self.paragraphs[part]


# Reading bytes.


def max_bytes():
    """The largest story file accepted: `settings.IMPORT_MAX_BYTES`, else `DEFAULT_MAX_BYTES`."""
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_size(size, limit):
    """Refuse a file of `size` bytes over `limit`, before it is read."""
    if size > limit:
        raise StoryImportError(
            f"The file is {size:,} bytes; stories of at most {limit:,} bytes can be imported."
        )


def decode_text(data, limit=None):
    """
    The text of an uploaded or read file: UTF-8 (with or without a byte order
    mark), UTF-16 with a byte order mark, else Windows-1252. Raise
    `StoryImportError` for an empty, oversized (over `limit`, by default
    `max_bytes()`) or binary file.
    """
    check_size(len(data), max_bytes() if limit is None else limit)
    if not data.strip():
        raise StoryImportError("The file is empty: there is no story to import.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise StoryImportError("The file is not readable text (broken UTF-16).") from error
    elif b"\x00" in data:
        raise StoryImportError(
            "The file is binary (an image, a PDF, a word-processor file?), "
            "not plain text. Save it as .txt first."
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                raise StoryImportError(
                    "The file is not readable text in UTF-8 or Windows-1252."
                ) from error
    return check_text(text)


# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_text(text):
    """`text` normalized (NFC, \\n line ends, no BOM); refuse binary-looking or empty text."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise StoryImportError("The file is binary, not plain text. Save it as .txt first.")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise StoryImportError("The text is empty: there is no story to import.")
    return text


def content_hash(text):
    """SHA-256 of the text with spacing and line ends normalized: the same story, the same hash."""
    lines = [" ".join(line.split()) for line in check_text(text).split("\n")]
    normalized = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


# Names, verbs and quotation marks.

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
# Possessive quantifiers: a long run of capitalized words must not backtrack for ever.
_NAME_WORD = rf"(?:[{_UPPER}]\.|[{_UPPER}]\w*+(?:[’'\-]\w++)*+)"
_PARTICLE = r"(?:de|da|di|du|del|della|der|den|van|von|la|le|bin|ibn|al|ter|ten)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,3}}"
VERBS = (
    r"(?:says|said|states|stated|adds|added|explains|explained|notes|noted|continues|"
    r"continued|comments|commented|remarks|remarked|recalls|recalled|argues|argued|"
    r"observes|observed|concludes|concluded|writes|wrote)"
)
PRONOUN = r"(?:he|she|they)"
# Words that start a sentence or clause, never a name.
_NOT_NAMES = {
    "a",
    "after",
    "also",
    "an",
    "and",
    "as",
    "at",
    "but",
    "during",
    "for",
    "he",
    "her",
    "his",
    "in",
    "it",
    "meanwhile",
    "on",
    "she",
    "so",
    "speaking",
    "the",
    "their",
    "then",
    "there",
    "they",
    "this",
    "when",
    "while",
    "yet",
}
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


# Organizations.

ORGANIZATION_WORDS = {
    "academy",
    "agency",
    "alliance",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "centre",
    "center",
    "college",
    "commission",
    "company",
    "consortium",
    "corp",
    "corporation",
    "council",
    "department",
    "foundation",
    "fund",
    "group",
    "hospital",
    "inc",
    "initiative",
    "institut",
    "institute",
    "laboratories",
    "laboratory",
    "lab",
    "labs",
    "ltd",
    "llc",
    "magazine",
    "ministry",
    "museum",
    "network",
    "observatory",
    "office",
    "partnership",
    "programme",
    "program",
    "school",
    "society",
    "trust",
    "université",
    "university",
}
_CAP_WORD = rf"(?:[{_UPPER}][\w’'&\-]*|[0-9]+[\w\-]*)"
# Not “and”: “the Nordvik Institute and Harbour University” are two names.
_CONNECTOR = r"(?:of|for|on|the|de|du|des|la|le|für|&)"
_ORG_CANDIDATE = re.compile(
    rf"(?<![\w’']){_CAP_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_CAP_WORD})*"
    r"(?:\s+\((?P<acronym>[A-Z][A-Za-z]{1,9})\))?"
)


def looks_like_organization(name, acronyms=True):
    """A capitalized name with a word like Institute or Agency in it (or an acronym)."""
    words = re.findall(r"[\w’']+", name)
    if not words or not name[:1].isupper():
        return False
    if acronyms and len(words) == 1 and re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", words[0]):
        return True
    return any(_strip_possessive(word).casefold() in ORGANIZATION_WORDS for word in words)


def _strip_possessive(text):
    return re.sub(r"[’']s$", "", text)


def _clean_organization(name):
    name = _strip_possessive(name.strip(" ,;:."))
    if name.count("(") != name.count(")"):
        name = name.strip("()")
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def split_title(printed, known_organizations=()):
    """
    (title, organization) from a title as printed: “Mila's Founder and
    Scientific Director” → (“Founder and Scientific Director”, “Mila”),
    “Co-Director at AI Sweden” → (“Co-Director”, “AI Sweden”). The
    organization is "" when the title names none.
    """
    printed = " ".join(printed.split()).strip(" ,;:.")
    known = {name.casefold() for name in known_organizations}
    if match := re.match(r"^(?:at|of|from|with)\s+(?P<organization>.+)$", printed):
        return "", _clean_organization(match["organization"])

    def is_organization(name, loose):
        name = _clean_organization(name)
        if not name or not name[:1].isupper():
            return False
        return name.casefold() in known or loose or looks_like_organization(name)

    match = re.match(r"^(?:the\s+)?(?P<organization>.+?)[’']s\s+(?P<title>.+)$", printed, re.I)
    if match and is_organization(match["organization"], loose=True):
        return match["title"], _clean_organization(match["organization"])
    # “Director of Research at the Nordvik Institute”: the last preposition names it.
    for preposition, loose in (("at", True), ("with", False), ("of", False), ("for", False)):
        head, found, tail = printed.rpartition(f" {preposition} ")
        if found and head and is_organization(tail, loose):
            return head, _clean_organization(tail)
    head, found, tail = printed.rpartition(", ")
    if found and head and is_organization(tail, loose=False):
        return head, _clean_organization(tail)
    for name in sorted(known_organizations, key=len, reverse=True):
        if printed.casefold().startswith(name.casefold() + " "):
            return printed[len(name) + 1 :], printed[: len(name)]
    return printed, ""


# Lines that are page furniture rather than story.

_BOILERPLATE = re.compile(
    r"^(?:(?:published|posted|updated|last updated)(?:\s+(?:on|at))?\b.{0,60}|"
    r"share(?: this)?(?: article| story)?|print|e-?mail|tweet|advertisement|subscribe|"
    r"skip to (?:main )?content|menu|no (?:stories|articles|results) found\.?)\s*$",
    re.IGNORECASE,
)
# Everything from one of these on is the page's footer.
_FOOTER_START = re.compile(
    r"^(?:related (?:stories|articles|posts|content|news)|more stories|more from .{1,60}|"
    r"you (?:may|might) also like|recommended(?: for you)?|read (?:more|next))\s*:?\s*$",
    re.IGNORECASE,
)
_WEB_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.I)
_BYLINE = re.compile(rf"^By\s+(?P<names>{NAME}(?:(?:,\s*|\s+and\s+){NAME})*)$")
_DATELINE_PARENTHESES = re.compile(r"^\((?P<dateline>[^()]{2,60})\)\s*(?:[—–-]+\s*)?")
_DATELINE_CAPITALS = re.compile(
    rf"^(?P<dateline>[{_UPPER}][{_UPPER} .'’-]{{2,40}}?)"
    r"(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?(?:,\s*\d{4})?)?\s*(?:\([^)]{1,40}\)\s*)?"
    r"(?:—|–|--| - )\s*"
)


def _same(first, second):
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _is_footer_line(line):
    """The publication's name, address and web address at the end of a page."""
    if _WEB_ADDRESS.match(line) or "@" in line:
        return True
    if re.search(r"©|\bcopyright\b|all rights reserved", line, re.I):
        return True
    words = line.split()
    ends_sentence = line.rstrip().endswith((".", "!", "?", "”", '"', ":"))
    # A street address or a phone number: short, with digits, not a sentence.
    if len(words) <= 8 and re.search(r"\d", line) and not ends_sentence:
        return True
    # A name: a few capitalized words (“of”, “de” aside) and no sentence.
    small = {"of", "for", "on", "the", "and", "de", "du", "des", "la", "le", "&"}
    return (
        len(words) <= 6
        and not ends_sentence
        and words[0][:1].isupper()
        and all(word[:1].isupper() or word in small for word in words)
    )


def _blocks(lines):
    """Lines grouped by blank lines; each block a list of (non-empty) lines."""
    blocks, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_story(text, organizations=(), people=()):
    """
    The story in `text` (already decoded): a `ParsedStory`. `organizations`
    and `people` are the names the directory knows (names, short names and
    aliases, as strings); the story lists the ones it mentions.
    """
    text = check_text(text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    first = next(index for index, line in enumerate(lines) if line)
    headline = lines[first]
    if len(headline) > HEADLINE_MAX_LENGTH:
        raise StoryImportError(
            f"The first line should be the headline, but it is {len(headline)} characters "
            f"long (at most {HEADLINE_MAX_LENGTH})."
        )
    story = ParsedStory(headline=headline, paragraphs=[], content_hash=content_hash(text))

    body_lines, footer = [], []
    for line in lines[first + 1 :]:
        if footer or _FOOTER_START.match(line):
            footer.append(line)
        elif not (line and (_same(line, headline) or _BOILERPLATE.match(line))):
            body_lines.append(line)
    _strip_footer(story, body_lines, footer)

    # Lines right under the headline, with no blank line between, are its dek (or byline).
    under_headline = []
    while body_lines and body_lines[0]:
        under_headline.append(body_lines.pop(0))
    for line in list(under_headline):
        if match := _BYLINE.match(line):
            story.byline = match["names"]
            under_headline.remove(line)
    blocks = _blocks(body_lines)
    if blocks and len(blocks[0]) == 1 and (match := _BYLINE.match(blocks[0][0])):
        story.byline = match["names"]
        blocks.pop(0)
    # A file without blank lines between paragraphs has one paragraph a line.
    if len(blocks) <= 1:
        story.paragraphs = [line for block in blocks for line in block]
    else:
        story.paragraphs = [" ".join(block) for block in blocks]

    dek = " ".join(under_headline)
    if not dek and len(story.paragraphs) > 2 and _dateline(story.paragraphs[1])[0]:
        candidate = story.paragraphs[0]
        if len(candidate) <= DEK_MAX_LENGTH and OPEN not in curl_quotes(candidate):
            dek = story.paragraphs.pop(0)
    if len(dek) > DEK_MAX_LENGTH:
        story.paragraphs.insert(0, dek)
        dek = ""
    story.dek = dek
    if not story.paragraphs:
        raise StoryImportError("There is a headline but no story under it.")
    story.dateline, length = _dateline(story.paragraphs[0])
    story.paragraphs[0] = story.paragraphs[0][length:]

    story.quotes = find_quotes(story.paragraphs, organizations, people)
    story.organizations = find_mentions(story, organizations)
    story.people = find_mentions(story, people)
    story.proposed_organizations = _proposals(story, organizations)
    return story


def _strip_footer(story, body_lines, footer):
    """
    Drop the page's footer: what follows "Related Stories", and the trailing
    publication name and addresses. Keep the publication as the story's source.
    """
    trailing = []
    while body_lines and (not body_lines[-1] or _is_footer_line(body_lines[-1])):
        line = body_lines.pop()
        if line:
            trailing.insert(0, line)
    # Only a real run of footer lines; a lone short last paragraph stays in the story.
    if len(trailing) == 1 and not footer and not _WEB_ADDRESS.match(trailing[0]):
        body_lines.append(trailing.pop())
    footer = [
        line
        for line in [*trailing, *footer]
        if line and not _BOILERPLATE.match(line) and not _FOOTER_START.match(line)
    ]
    names = [
        line
        for line in footer
        if _is_footer_line(line)
        and not _WEB_ADDRESS.match(line)
        and not re.search(r"\d|@|©|copyright", line, re.I)
    ]
    addresses = [line for line in footer if _WEB_ADDRESS.match(line) and "@" not in line]
    if addresses:
        address = addresses[0]
        story.source_url = address if address.lower().startswith("http") else f"https://{address}"
        # The publication's name is the name line closest above its web address.
        above = footer[: footer.index(address)]
        names = [line for line in above if line in names] or names
        story.source_name = names[-1] if names else ""
    elif trailing and names:
        story.source_name = names[0]


def _dateline(paragraph):
    """(dateline, characters to remove) at the start of a paragraph, or ("", 0)."""
    if match := _DATELINE_PARENTHESES.match(paragraph):
        return match["dateline"].strip(), match.end()
    if match := _DATELINE_CAPITALS.match(paragraph):
        place = match["dateline"].strip(" ,")
        if sum(character.isalpha() for character in place) >= 3:
            return (place.title() if place.isupper() else place), match.end()
    return "", 0


# Quotes.


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
        while words and words[0].casefold() in _NOT_NAMES:
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


# Names in the text.


def _plain_apostrophes(text):
    return text.replace("’", "'")


def find_mentions(story, names):
    """Where each of `names` occurs (headline, dek, paragraphs), as a `Mention` per name found."""
    names = [name for name in dict.fromkeys(names) if name and name.strip()]
    if not names:
        return []
    by_folded = {}
    for name in names:
        by_folded.setdefault(_plain_apostrophes(name).lower(), name)
    alternatives = sorted(by_folded, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w'])(?:" + "|".join(re.escape(name) for name in alternatives) + r")(?!\w)",
        re.IGNORECASE,
    )
    mentions = {}
    for part in ("headline", "dek", *range(len(story.paragraphs))):
        text = _plain_apostrophes(story.part_text(part))
        for match in pattern.finditer(text):
            # Names are capitalized in text; “mila” in a word list is not Mila.
            if match.group()[:1].islower():
                continue
            name = by_folded.get(match.group().lower())
            if name is None:
                continue
            mentions.setdefault(name, Mention(name)).spans.append(
                Span(part, match.start(), match.end())
            )
    return list(mentions.values())


def _proposals(story, organizations):
    """Organization-like names in the body (and quote titles) that the directory does not know."""
    known = {name.casefold() for name in organizations}
    covered = {}
    for mention in story.organizations:
        for span in mention.spans:
            covered.setdefault(span.part, []).append((span.start, span.end))
    proposals = {}

    def propose(name, span, named_in_title=False):
        name = _clean_organization(name)
        if not name or name.casefold() in known:
            return
        # A title names an organization whatever its words; elsewhere, only the usual words do.
        if not (named_in_title or looks_like_organization(name, acronyms=False)):
            return
        taken = covered.get(span.part, [])
        if any(start < span.end and span.start < end for start, end in taken):
            return
        proposals.setdefault(name.casefold(), Mention(name)).spans.append(span)

    for index, paragraph in enumerate(story.paragraphs):
        for match in _ORG_CANDIDATE.finditer(paragraph):
            name = match.group()
            if match["acronym"] and not _acronym_fits(name, match["acronym"]):
                name = name[: name.rfind("(")].strip()
            # “Coastal Research Fund's Director General”: the name ends at the possessive.
            if possessive := re.search(r"[’']s\b", name):
                name = name[: possessive.start()]
            start = match.start() + (len(name) - len(name.lstrip()))
            # Sentence-initial words (“The”, “Researchers at the…”) are not part of the name.
            leading = re.match(r"^(?:(?:The|A|An|In|At|On|For|By)\s+)+", name)
            if leading:
                name, start = name[leading.end() :], start + leading.end()
            propose(name, Span(index, start, start + len(name)))
    for quote in story.quotes:
        if quote.organization and quote.organization.casefold() not in known:
            for span in quote.spans:
                found = story.paragraphs[span.part].find(quote.organization)
                if found != -1:
                    end = found + len(quote.organization)
                    propose(quote.organization, Span(span.part, found, end), named_in_title=True)
                    break
    return list(proposals.values())


def _acronym_fits(name, acronym):
    """“Global Partnership on Artificial Intelligence (GPAI)”: the letters are the initials."""
    words = re.findall(r"[\w’']+", name[: name.rfind("(")])
    initials = "".join(word[0] for word in words if word[:1].isupper())
    return acronym.upper() in initials.upper() or initials.upper().endswith(acronym.upper())
