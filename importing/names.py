"""
Organizations in a story: the directory's names where the text mentions
them (accents and case aside), and the names it does not know, proposed
with their whole name (an acronym in brackets tells how far back it goes).
"""

import re

from importing.folding import UPPER, fold_in_place
from importing.language import words
from importing.story import Mention, Span

# Possessive quantifiers: a long run of capitalized words must not backtrack for ever.
_NAME_WORD = rf"(?:[{UPPER}]\.|[{UPPER}]\w*+(?:[’'\-]\w++)*+)"
_PARTICLE = r"(?:de|da|di|du|del|della|der|den|van|von|la|le|bin|ibn|al|ter|ten)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,3}}"
ORGANIZATION_WORDS = frozenset(
    words(
        """
        academy agency alliance association authority bank board bureau centre center
        college commission company consortium corp corporation council department foundation
        fund group hospital inc initiative institut institute laboratories laboratory lab
        labs ltd llc magazine ministry museum network observatory office partnership
        programme program school society trust université university
        """
    )
)
_CAP_WORD = rf"(?:[{UPPER}][\w’'&\-]*|[0-9]+[\w\-]*)"
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


# The legal forms companies add to their names.
COMPANY_FORMS = (
    r"inc|incorporated|ltd|limited|llc|corp|corporation|plc|ab|asa|as|oy|oyj|gmbh|ag|sa|sas|"
    r"nv|bv|spa|srl|ltée"
)


def clean_organization(name):
    """
    An organization's name as a title or the text gives it, without what is
    not part of it: a leading “the”, a possessive, a stray bracket, the town
    after it (“Åbergs Bageri i Borås”).
    """
    name = _strip_possessive(name.strip(" ,;:."))
    if name.count("(") != name.count(")"):
        name = name.strip("()")
    name = re.sub(rf"\s+(?:i|in|en|à)\s+[{UPPER}][\w'’\-]+$", "", name)
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _plain_apostrophes(text):
    return text.replace("’", "'")


def find_mentions(story, names):
    """
    Where each of `names` occurs (headline, dek, paragraphs), as a `Mention`
    per name found; accents, case, apostrophes and dashes aside.
    """
    names = [name for name in dict.fromkeys(names) if name and name.strip()]
    if not names:
        return []
    by_folded = {}
    for name in names:
        by_folded.setdefault(fold_in_place(" ".join(name.split())), name)
    alternatives = sorted(by_folded, key=len, reverse=True)
    pattern = re.compile(
        # Not inside a word; after « l' » or « d' » is the start of one.
        r"(?:(?<![\w'])|(?<=\b[ldLD]'))(?:"
        + "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in alternatives)
        + r")(?![\w-])"
    )
    mentions = {}
    for part in ("headline", "dek", *range(len(story.paragraphs))):
        original = story.part_text(part)
        text = fold_in_place(original)
        for match in pattern.finditer(text):
            # Names are capitalized in text; “mila” in a word list is not Mila.
            if not original[match.start()].isupper() and not original[match.start()].isdigit():
                continue
            name = by_folded.get(" ".join(match.group().split()))
            if name is None:
                continue
            mentions.setdefault(name, Mention(name)).spans.append(
                Span(part, match.start(), match.end())
            )
    return list(mentions.values())


def proposals(story, organizations):
    """Organization-like names in the body (and quote titles) that the directory does not know."""
    known = {name.casefold() for name in organizations}
    covered = {}
    for mention in story.organizations:
        for span in mention.spans:
            covered.setdefault(span.part, []).append((span.start, span.end))
    proposals = {}

    def propose(name, span, named_in_title=False):
        name = clean_organization(name)
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
