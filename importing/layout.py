"""
A story's layout: headline, byline, dateline, dek and paragraphs, with the
page furniture and publication footer around them dropped; then its quotes
and names (`parse_story`).
"""

import datetime
import re

from importing.folding import UPPER, fold_in_place
from importing.language import MONTHS
from importing.language_detection import story_language
from importing.names import NAME, find_mentions, proposals
from importing.people import People
from importing.quotes import OPEN, curl_quotes, find_quotes
from importing.reading import StoryImportError, check_text, content_hash
from importing.story import DEK_MAX_LENGTH, HEADLINE_MAX_LENGTH, ParsedStory
from importing.titles import GENERIC, resolve_generic

_BOILERPLATE = re.compile(
    r"^(?:(?:published|posted|updated|last updated|publié|mis à jour|publicerad)"
    r"(?:\s+(?:on|at|le))?\b.{0,60}|"
    r"share(?: this)?(?: article| story| page)?|share on .{1,60}|print|e-?mail|tweet|"
    r"advertisement|subscribe|skip to (?:main )?content|skip navigation|"
    r"aller au contenu(?: principal)?|hoppa till (?:huvud)?innehållet|partager(?: cet article)?|"
    r"accueil|dela(?: artikeln| sidan)?|imprimer|skriv ut|"
    r"menu|search|home|back to .{1,40}|no (?:stories|articles|results) found\.?|"
    r"(?:press|news|media) releases?|for immediate release|pour diffusion immédiate|"
    r"communiqué(?: de presse)?|pressmeddelande|nyheter|news)\s*:?\s*$",
    re.IGNORECASE,
)
# A breadcrumb trail or an issue line: Home > News; Issue 42 | March 2023.
_NAVIGATION = re.compile(
    r"^[^«>›/]{1,40}(?:\s[>›»/]\s[^«>›»/]{1,40})+$"
    r"|^(?:issue|vol\.?|volume|no\.|numéro|nummer|nr\.?)\s*\d|\|.*\d",
    re.IGNORECASE,
)
_FOOTER_START = re.compile(
    r"^(?:related (?:stories|articles|posts|content|news)|more stories|more from .{1,60}|"
    r"you (?:may|might) also like|recommended(?: for you)?|read (?:more|next))\s*:?\s*$",
    re.IGNORECASE,
)
_WEB_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.I)
_BYLINE = re.compile(rf"^By\s+(?P<names>{NAME}(?:(?:,\s*|\s+and\s+){NAME})*)$")
_MONTH = r"[A-Za-zéûÉÛåäöÅÄÖ]{3,9}\.?"
# A date as releases print it: May 25, 2022 / Oct. 4, 2021 / le 16 mars 2021 /
# 12 april 2022 / 1er mai 2022 / 2022-05-25.
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|(?:le\s+)?\d{{1,2}}(?:er)?\.?\s+{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_PLACE = rf"[{UPPER}][\w.'’]*(?:-[\w.'’]+)*(?:\s+[\w.'’]+(?:-[\w.'’]+)*){{0,3}}?"
# A wire's name: /PRNewswire/, /CNW Telbec/, --(BUSINESS WIRE)--.
_WIRE = r"(?:/[^/\n]{2,40}/|-{0,2}\s*\([A-Z][^)\n]{1,40}\)\s*-{0,2})"
_SEPARATOR = r"(?:\s*(?:—|–|--|-(?=\s)|:)\s*|\s*-{2,}\s*)"
_DATELINE = re.compile(
    rf"^(?P<open>\()?(?P<place>{_PLACE}(?:,\s*{_PLACE}){{0,2}}?)"
    rf"(?:\s*{_WIRE})?(?:,?\s*(?P<date>{_DATE}))?\s*(?:{_WIRE})?"
    rf"(?(open)\)\s*(?:{_SEPARATOR})?|{_SEPARATOR})"
)
# A line with a date and at most a few words before it: “Published on 11 September 2023”.
_DATE_ONLY = re.compile(rf"^(?:\w+(?:\s+|\s*[,:]\s*)){{0,3}}(?P<date>{_DATE})\.?$", re.IGNORECASE)
# Where the release's own text ends: “About Kestrix”, « À propos de … », media contacts.
_BOILERPLATE_START = re.compile(
    r"^(?:about\s+\S.{0,80}|à\s+propos(?:\s+d[eu'’]\s*.{0,80})?|om\s+\S.{0,60}|"
    r"(?:media|press)\s+contacts?.{0,40}|contacts?\s*:?|for\s+(?:more|further)\s+information.{0,40}|"
    r"pour\s+(?:plus\s+d['’])?(?:information|renseignements).{0,40}|renseignements\s*:?|"
    r"source\s*:.{0,80}|(?:press)?kontakt(?:er|person)?\s*:?.{0,40}|för\s+mer\s+information.{0,40}|"
    r"#{3,}|-\s*30\s*-|–\s*30\s*–)$",
    re.IGNORECASE,
)


def _is_chrome(line):
    """A line of the page around the story: a button, a breadcrumb, an issue line."""
    return bool(_BOILERPLATE.match(line) or _NAVIGATION.search(line))


def _date_line(line):
    """The date a line holding nothing else gives (“March 14, 2023”), or None."""
    match = _DATE_ONLY.match(line)
    return parse_date(match["date"]) if match else None


def _headline_line(lines):
    """
    (index of the headline, dates seen above it): the first line that is
    not page furniture. A site's or newsletter's name just above a
    breadcrumb or an issue line is furniture too.
    """
    filled = [index for index, line in enumerate(lines) if line]
    dates = []
    for position, index in enumerate(filled[:15]):
        line = lines[index]
        if date := _date_line(line):
            dates.append(date)
            continue
        if _is_chrome(line):
            continue
        following = [lines[i] for i in filled[position + 1 : position + 3]]
        short_name = len(line.split()) <= 3 and not re.search(r"[.!?:]$", line)
        if short_name and any(_NAVIGATION.search(other) for other in following):
            continue
        return index, dates
    return filled[0], dates


def _paragraphs(block):
    """
    The paragraphs of a block of lines: one, wrapped over its lines; or one
    a line, when a text breaks lines only between paragraphs (most lines
    then end a sentence).
    """
    if len(block) == 1:
        return block
    ends = sum(1 for line in block[:-1] if re.search(r"[.!?”\"»:]$", line))
    if ends >= 0.6 * (len(block) - 1):
        return block
    return [" ".join(block)]


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
    first, dates = _headline_line(lines)
    headline = lines[first]
    if len(headline) > HEADLINE_MAX_LENGTH:
        raise StoryImportError(
            f"The first line should be the headline, but it is {len(headline)} characters "
            f"long (at most {HEADLINE_MAX_LENGTH})."
        )
    story = ParsedStory(headline=headline, paragraphs=[], content_hash=content_hash(text))

    body_lines, footer, boilerplate = [], [], []
    for line in lines[first + 1 :]:
        if footer or _FOOTER_START.match(line):
            footer.append(line)
        elif line and not boilerplate and (date := _date_line(line)):
            dates.append(date)
        elif boilerplate or (line and _BOILERPLATE_START.match(line) and body_lines):
            boilerplate.append(line)
        elif not (line and (_same(line, headline) or _is_chrome(line))):
            body_lines.append(line)
    _strip_footer(story, body_lines, footer)
    story.boilerplate = [line for line in boilerplate if line]

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
    if len(blocks) <= 1 and len(under_headline) > 1 and not body_lines:
        # No blank line anywhere: one paragraph a line, the first of them perhaps a dek.
        blocks, under_headline = [under_headline[1:]], under_headline[:1]
    story.paragraphs = [paragraph for block in blocks for paragraph in _paragraphs(block)]

    dek = " ".join(under_headline)
    if not dek and len(story.paragraphs) > 2 and _dateline(story.paragraphs[1])[0]:
        candidate = story.paragraphs[0]
        if len(candidate) <= DEK_MAX_LENGTH and OPEN not in curl_quotes(candidate):
            dek = story.paragraphs.pop(0)
    if len(dek) > DEK_MAX_LENGTH or (dek and _dateline(dek)[0]):
        story.paragraphs.insert(0, dek)
        dek = ""
    story.dek = dek
    if not story.paragraphs:
        raise StoryImportError("There is a headline but no story under it.")
    story.dateline, date, length = _dateline(story.paragraphs[0])
    story.paragraphs[0] = story.paragraphs[0][length:]
    story.date = date or (dates[0] if dates else None)
    detected = story_language(story)
    story.language, story.language_detected = detected.language, detected.detected

    named = People(people, organizations)
    story.quotes = find_quotes(story.paragraphs, organizations, people, speakers=named)
    story.unattributed = named.unattributed
    story.organizations = _outside_names(find_mentions(story, organizations), story, named)
    story.people = find_mentions(story, people)
    story.proposed_organizations = proposals(story, organizations)
    _resolve_generic_organizations(story)
    return story


def _outside_names(mentions, story, people):
    """
    Mentions that are not part of a person's name: “Mila Karlsson” is a
    person, not the institute called Mila.
    """
    names = [name for name in people.full_names() if len(name.split()) > 1]
    if not names:
        return mentions
    pattern = re.compile("|".join(re.escape(fold_in_place(name)) for name in names))
    taken = {}
    for part in ("headline", "dek", *range(len(story.paragraphs))):
        text = fold_in_place(story.part_text(part))
        taken[part] = [(match.start(), match.end()) for match in pattern.finditer(text)]
    kept = []
    for mention in mentions:
        mention.spans = [
            span
            for span in mention.spans
            if not any(start <= span.start and span.end <= end for start, end in taken[span.part])
        ]
        if mention.spans:
            kept.append(mention)
    return kept


def _position(span):
    """Where a span sits in the story, for ordering: headline, dek, then paragraphs."""
    part = {"headline": -2, "dek": -1}.get(span.part, span.part)
    return (part, span.start)


def _resolve_generic_organizations(story):
    """
    A quote's title that names its organization by a common noun (“the
    institute's scientific director”) gets the organization the story has
    named with that word (the one it names most before the quote, the
    latest of those on a tie); otherwise none.
    """
    story.proposed_organizations = [
        mention
        for mention in story.proposed_organizations
        if not re.match(rf"^(?:the\s+)?(?:{GENERIC})$", mention.name, re.IGNORECASE)
    ]
    named = sorted(
        (_position(span), mention.name)
        for mention in (*story.organizations, *story.proposed_organizations)
        for span in mention.spans
    )
    for quote in story.quotes:
        if not re.match(rf"^the\s+(?:{GENERIC})$", quote.organization):
            continue
        where = _position(quote.spans[0]) if quote.spans else (10**9, 0)
        before = [name for position, name in named if position < where]
        quote.organization = resolve_generic(quote.organization, before) or ""


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
    """
    (place, date, characters to remove) of the dateline a paragraph opens
    with: “HALIFAX —”, “(US and Canada)”, “MONTREAL, Quebec, May 25, 2022
    /PRNewswire/ --”, “MONTRÉAL, le 16 mars 2021 /CNW Telbec/ -”,
    “GOTHENBURG, Sweden--(BUSINESS WIRE)--Oct. 4, 2021--”; ("", None, 0)
    when it opens with none.
    """
    match = _DATELINE.match(paragraph)
    if match is None:
        return "", None, 0
    place = match["place"].strip(" ,")
    letters = [character for character in place if character.isalpha()]
    # A place, not the first words of a sentence: short, and capitalized
    # throughout, or followed by a date, a wire or a dash.
    words = place.replace(",", " ").split()
    if len(letters) < 3 or len(words) > 6:
        return "", None, 0
    if not match["open"] and not all(
        word[:1].isupper() or word in {"and", "et", "och"} for word in words
    ):
        return "", None, 0
    if not (
        match["open"]
        or match["date"]
        or place.isupper()
        or "/" in match.group()
        or "(" in match.group()
        or re.search(r"(?:—|–|--)", match.group())
    ):
        return "", None, 0
    # HALIFAX → Halifax; province and state codes (QC, ON) stay as they are.
    place = re.sub(
        r"[\w'’-]{4,}",
        lambda word: word.group().title() if word.group().isupper() else word.group(),
        place,
    )
    return place, parse_date(match["date"]), match.end()


def parse_date(text):
    """A date as a release prints it, in English, French or Swedish; None if it is none."""
    if not text:
        return None
    text = text.strip().lower().replace(",", " ")
    if iso := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        year, month, day = map(int, iso.groups())
    else:
        words = [word.rstrip(".") for word in text.split() if word not in {"le", "den"}]
        numbers = [word for word in words if re.fullmatch(r"\d{1,2}(?:er)?|\d{4}", word)]
        months = [MONTHS[word] for word in words if word in MONTHS]
        if len(numbers) < 2 or not months:
            return None
        day = int(re.sub(r"\D", "", numbers[0]))
        year = int(numbers[-1])
        month = months[0]
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
