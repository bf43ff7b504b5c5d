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
_CAP_WORD = rf"(?:[{UPPER}][\w’'&\-]*+|[0-9]++[\w\-]*+)"
# Not “and”: “the Nordvik Institute and Harbour University” are two names.
_CONNECTOR = r"(?:of|for|on|the|de|du|des|la|le|für|&)"
_ORG_CANDIDATE = re.compile(
    rf"(?<![\w’']){_CAP_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_CAP_WORD})*"
    r"(?:\s+\((?P<acronym>[A-Z][A-Za-z]{1,9})\))?"
)


_WORD = re.compile(r"[\w’']+")


def looks_like_organization(name, acronyms=True):
    """A capitalized name with a word like Institute or Agency in it (or an acronym)."""
    words = _WORD.findall(name)
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


_POSSESSIVE = re.compile(r"[’']s\b")
_LEADING = re.compile(r"^(?:(?:The|A|An|In|At|On|For|By|Le|La|Les|Den|Det|Ett|En)\s+)+")
_COMPANY_FORM = re.compile(rf"\s(?:{COMPANY_FORMS})\.?$", re.IGNORECASE)
# “Kestrix, the Swedish maker of…”, « l'entreprise Kestrix », “läkemedelsbolaget
# Orvanta”: a name the text itself says is an organization.
_DESCRIBED = re.compile(
    rf"(?<![\w’'&\-])(?P<name>[{UPPER}][\w’'&\-]*+(?:\s+[{UPPER}][\w’'&\-]*+){{0,4}}),\s+"
    r"(?:a|an|the|un|une|le|la|"
    r"ett|en)\s+(?:[\w’'\-]+\s+){0,4}?(?:company|maker|manufacturer|developer|provider|"
    r"operator|start-?up|firm|insurer|bank|consultancy|publisher|carrier|cooperative|"
    r"co-operative|entreprise|société|fabricant|développeur|fournisseur|opérateur|"
    r"coopérative|företag|bolag|tillverkare|leverantör|operatör)\b"
)
_NAMED_AS = re.compile(
    rf"\b(?:l['’]entreprise|la\s+société|la\s+firme|la\s+coopérative|the\s+company|"
    rf"\w*bolaget|\w*företaget)\s+(?P<name>[{UPPER}][\w’'&\-]*+(?:\s+[{UPPER}][\w’'&\-]*+){{0,3}})"
)
_ABOUT = re.compile(
    rf"^(?:about|à\s+propos\s+d[eu'’]\s*(?:l['’]|la\s+|le\s+)?|om)\s+"
    rf"(?P<name>[{UPPER}0-9][^.:;!?]{{1,80}}?)\s*:?$",
    re.IGNORECASE,
)


def proposals(story, organizations):
    """
    Organization-like names the directory does not know, with their whole
    name: ones with a word like Institute or a company form (AB, Inc.),
    ones the text says are companies (“Kestrix, the Swedish maker of…”),
    the subjects of its “About …” sections, and the organizations quotes'
    titles name.
    """
    known = {name.casefold() for name in organizations}
    covered = {}
    for mention in story.organizations:
        for span in mention.spans:
            covered.setdefault(span.part, []).append((span.start, span.end))
    proposals = {}
    cleaned = {}  # (name as found, named) → name as proposed, or "" (names recur)

    def propose(name, span, named=False):
        if (name, named) not in cleaned:
            cleaned[name, named] = _proposable(name, named, known)
        name = cleaned[name, named]
        if not name:
            return
        taken = covered.get(span.part, [])
        if any(start < span.end and span.start < end for start, end in taken):
            return
        proposals.setdefault(name.casefold(), Mention(name)).spans.append(span)

    described = {}
    for index, paragraph in enumerate(story.paragraphs):
        for pattern in (_DESCRIBED, _NAMED_AS):
            for match in pattern.finditer(paragraph):
                name = _LEADING.sub("", match["name"])
                start = match.end("name") - len(name)
                described[name.casefold()] = name
                propose(name, Span(index, start, start + len(name)), named=True)
        for match in _ORG_CANDIDATE.finditer(paragraph):
            name = match.group()
            if match["acronym"] and not _acronym_fits(name, match["acronym"]):
                name = name[: name.rfind("(")].strip()
            # “Coastal Research Fund's Director General”: the name ends at the possessive.
            if possessive := _POSSESSIVE.search(name):
                name = name[: possessive.start()]
            start = match.start() + (len(name) - len(name.lstrip()))
            # Sentence-initial words (“The”, “Researchers at the…”) are not part of the name.
            if leading := _LEADING.match(name):
                name, start = name[leading.end() :], start + leading.end()
            propose(name, Span(index, start, start + len(name)), named=name.casefold() in described)
    for line in story.boilerplate:
        if (match := _ABOUT.match(line)) and " " not in match["name"].strip()[40:]:
            name = match["name"].strip()
            for index, paragraph in enumerate(story.paragraphs):
                if (found := paragraph.find(name)) != -1:
                    propose(name, Span(index, found, found + len(name)), named=True)
                    break
    for quote in story.quotes:
        if quote.organization and quote.organization.casefold() not in known:
            for span in quote.spans:
                found = story.paragraphs[span.part].find(quote.organization)
                if found != -1:
                    end = found + len(quote.organization)
                    propose(quote.organization, Span(span.part, found, end), named=True)
                    break
    return list(proposals.values())


def _proposable(name, named, known):
    """`name` as an organization to propose, or "" when it is none (or the directory's)."""
    # Only the usual words or a company form make a name an organization, unless
    # a title or the text names it as one.
    if not (named or looks_like_organization(name, acronyms=False) or _COMPANY_FORM.search(name)):
        return ""
    name = clean_organization(name)
    if not name or name.casefold() in known or len(name) > 120:
        return ""
    return name


def _acronym_fits(name, acronym):
    """“Global Partnership on Artificial Intelligence (GPAI)”: the letters are the initials."""
    words = re.findall(r"[\w’']+", name[: name.rfind("(")])
    initials = "".join(word[0] for word in words if word[:1].isupper())
    return acronym.upper() in initials.upper() or initials.upper().endswith(acronym.upper())
