"""
A story's layout: headline, byline, dateline, dek and paragraphs, with the
page furniture and publication footer around them dropped; then its quotes
and names (`parse_story`).
"""

import re

from importing.names import NAME, UPPER, find_mentions, proposals
from importing.quotes import OPEN, curl_quotes, find_quotes
from importing.reading import StoryImportError, check_text, content_hash
from importing.story import DEK_MAX_LENGTH, HEADLINE_MAX_LENGTH, ParsedStory

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
    rf"^(?P<dateline>[{UPPER}][{UPPER} .'’-]{{2,40}}?)"
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
    story.proposed_organizations = proposals(story, organizations)
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
