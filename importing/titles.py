"""
Titles as attributions print them, and the organization a title names:
“CEO of Northwind”, “Northwind President”, « directrice générale de
l'Institut Boréal », “vd på Kestrix”, “the institute's scientific director”.
"""

import re

from importing.folding import fold
from importing.language import (
    NOT_TITLE_STARTS,
    ORGANIZATION_PREPOSITIONS,
    TITLE_SUFFIXES,
    TITLE_WORDS,
    alternation,
    words,
)
from importing.names import clean_organization, looks_like_organization


def folded_word(word):
    return fold(word.strip(".,;:()“”\"'")).removesuffix("'s")


def is_title_word(word):
    """A word titles are made of: Director, vice-président, forskningschef, CEO."""
    word = folded_word(word)
    if not word:
        return False
    if word in FOLDED_TITLE_WORDS or any(part in FOLDED_TITLE_WORDS for part in word.split("-")):
        return True
    return len(word) > 6 and word.endswith(TITLE_SUFFIXES)


FOLDED_TITLE_WORDS = {fold(word) for word in TITLE_WORDS}
NOT_TITLE_STARTS_FOLDED = {fold(word) for word in NOT_TITLE_STARTS}
PREPOSITIONS = {fold(word) for words in ORGANIZATION_PREPOSITIONS.values() for word in words} | {
    "by",
    "par",
    "av",
    "the",
    "le",
    "la",
    "les",
    "l'",
    "den",
    "det",
}


def split_title(printed, known_organizations=()):
    """
    (title, organization) from a title as printed: “Mila's Founder and
    Scientific Director” → (“Founder and Scientific Director”, “Mila”),
    “Co-Director at AI Sweden” → (“Co-Director”, “AI Sweden”), “Northwind
    President” → (“President”, “Northwind”), “Vice President, Research,
    Northwind” → (“Vice President, Research”, “Northwind”), « directrice
    générale de l'Institut Boréal » → (« directrice générale », « Institut
    Boréal »), “vd på Kestrix” → (“vd”, “Kestrix”). The organization is ""
    when the title names none.
    """
    printed = " ".join(printed.split()).strip(" ,;:.")
    printed = re.sub(r"^(?:the|le|la|les|l['’])\s*(?=\w)", "", printed, flags=re.IGNORECASE)
    if not printed:
        return "", ""
    known = sorted({name for name in known_organizations if name}, key=len, reverse=True)
    folded = fold(printed)

    # A directory name at the end (after a preposition or a comma) or at the start.
    for name in known:
        name_folded = fold(name)
        if folded.endswith(name_folded) and len(folded) > len(name_folded):
            head = printed[: len(printed) - len(name)].rstrip()
            head = re.sub(r"(?:^|\s+)(?:the|l['’]|la|le|les)$", "", head, flags=re.IGNORECASE)
            head = re.sub(
                rf"(?:,|(?:^|\s){alternation(PREPOSITIONS)})$", "", head, flags=re.IGNORECASE
            ).rstrip(" ,")
            if head != printed:
                return head, printed[len(printed) - len(name) :]
        if folded.startswith(name_folded + " ") and is_title_word(printed[len(name) :].split()[0]):
            return printed[len(name) :].strip().lstrip("'’s ").strip(), printed[: len(name)]

    if match := re.match(r"^(?:at|of|from|with|chez|på|vid)\s+(?P<organization>.+)$", printed):
        return "", clean_organization(match["organization"])

    def is_organization(name, loose):
        name = clean_organization(name)
        if not name or not name[:1].isupper() or is_title_word(name.split()[0]):
            return False
        return loose or looks_like_organization(name)

    # “the institute's scientific director”, “President of the agency”: the
    # organization named before, which the story resolves (`resolve_generic`).
    if match := re.match(
        rf"^(?:the\s+)?(?P<noun>{GENERIC})[’']s\s+(?P<title>.+)$", printed, re.IGNORECASE
    ):
        return match["title"], f"the {match['noun'].casefold()}"
    if match := re.match(
        rf"^(?P<title>.+?)\s+(?:of|at|for|with)\s+the\s+(?P<noun>{GENERIC})$", printed, re.I
    ):
        return match["title"], f"the {match['noun'].casefold()}"
    # Possessive: “Northwind's chief executive”.
    match = re.match(r"^(?P<organization>.+?)[’']s\s+(?P<title>.+)$", printed, re.IGNORECASE)
    if match and is_organization(match["organization"], loose=True):
        return match["title"], clean_organization(match["organization"])
    # “Vice President, Research, Northwind”: a last part that is not a title.
    head, found, tail = printed.rpartition(", ")
    if found and head and is_organization(tail, loose=True) and not _title_like(tail):
        return head, clean_organization(tail)
    # “CEO of Northwind”, « directrice de l'Institut Boréal », “vd på Kestrix”.
    for preposition in (
        "at",
        "chez",
        "på",
        "vid",
        "hos",
        "with",
        "of",
        "for",
        "för",
        "i",
        "de",
        "du",
        "des",
        "från",
        "from",
    ):
        for match in re.finditer(
            rf"\s{re.escape(preposition)}\s+(?:the\s+|l['’]|la\s+|le\s+|les\s+)?", printed
        ):
            tail = printed[match.end() :]
            head = printed[: match.start()]
            if head and is_organization(tail, loose=preposition not in ("of", "for", "de", "du")):
                return head, clean_organization(tail)
            names_it = preposition in ("of", "for", "de", "du", "des", "i") and tail[:1].isupper()
            if head and names_it and not _title_like(tail) and not _is_unit(tail):
                return head, clean_organization(tail)
    # “Northwind President”: capitalized words before the title's first title word.
    tokens = printed.split()
    for index, token in enumerate(tokens):
        if is_title_word(token):
            if index and all(word[:1].isupper() for word in tokens[:index]):
                return " ".join(tokens[index:]), " ".join(tokens[:index])
            break
    return printed, ""


# What a story calls an organization it has named: “the institute's director”.
GENERIC_NOUNS = {
    "institute": ("institut",),
    "laboratory": ("laborator", "lab"),
    "lab": ("lab",),
    "university": ("universit", "college", "school"),
    "agency": ("agenc", "myndighet"),
    "consortium": ("consorti",),
    "foundation": ("foundation", "fondation", "stiftelse"),
    "centre": ("centre", "center", "centrum"),
    "center": ("centre", "center", "centrum"),
    "company": ("",),
    "firm": ("",),
    "group": ("",),
    "network": ("network", "réseau", "nätverk"),
    "cooperative": ("cooperative", "co-operative", "coop"),
    "hospital": ("hospital", "hôpital", "sjukhus"),
    "programme": ("programme", "program"),
    "program": ("programme", "program"),
    "society": ("society", "société"),
    "council": ("council", "conseil", "råd"),
}
GENERIC = "|".join(GENERIC_NOUNS)


def resolve_generic(reference, mentions_before):
    """
    The organization “the institute” means: the latest organization named
    before it whose name has that word (“the company”: any). `mentions_before`
    are names in the order the story gives them. None when none fits.
    """
    noun = reference.removeprefix("the ").strip()
    stems = GENERIC_NOUNS.get(noun, (noun,))
    for name in reversed(mentions_before):
        folded = fold(name)
        if any(stem in folded for stem in stems):
            return name
    return None


# Parts of an organization, not organizations: “Chair of the Search Committee”.
_UNITS = frozenset(
    words(
        """
        committee board department division faculty office unit team school programme
        program comité conseil département faculté service kommitté styrelse avdelning
        """
    )
)


def _is_unit(text):
    return fold(text.split()[-1]) in _UNITS if text.split() else False


def _title_like(text):
    """Words of a title or a field (“Research”, “Global Affairs”) rather than an organization."""
    words = text.split()
    return any(is_title_word(word) for word in words) or (
        len(words) <= 3
        and all(
            fold(word) in _FIELDS for word in words if fold(word) not in {"and", "&", "et", "och"}
        )
    )


# Fields a title names after a comma (“Vice President, Research”): not organizations.
_FIELDS = frozenset(
    words(
        """
        research innovation operations strategy partnerships communications marketing sales
        engineering technology science sciences policy affairs global public corporate
        external clinical development product products business finance legal data digital
        recherche forskning europe nordics americas emea canada sweden quebec
        """
    )
)
