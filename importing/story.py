"""What parsing a story produces: its parts, quotes and the names it mentions."""

import datetime
from dataclasses import dataclass, field

HEADLINE_MAX_LENGTH = 250
DEK_MAX_LENGTH = 400


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
    # The release's own date, when its dateline or first lines give one.
    date: datetime.date | None = None
    dek: str = ""
    byline: str = ""
    source_name: str = ""
    source_url: str = ""
    quotes: list[ParsedQuote] = field(default_factory=list)
    # Quoted speech whose speaker could not be told: shown, not saved as quotes.
    unattributed: list[ParsedQuote] = field(default_factory=list)
    # Directory names the text mentions, keyed by the name as it was given.
    organizations: list[Mention] = field(default_factory=list)
    people: list[Mention] = field(default_factory=list)
    # Organization-like names the directory does not know: proposals for the editor.
    proposed_organizations: list[Mention] = field(default_factory=list)
    content_hash: str = ""
    # The release's boilerplate (“About …”, contacts), kept out of the body.
    boilerplate: list[str] = field(default_factory=list)
    # The language the text is written in (`importing.language_detection`);
    # `language_detected` is False when the text did not say and English is the default.
    language: str = "en"
    language_detected: bool = False

    def part_text(self, part):
        if part == "headline":
            return self.headline
        if part == "dek":
            return self.dek
        return self.paragraphs[part]
