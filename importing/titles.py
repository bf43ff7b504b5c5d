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


# Prepositions that put the organization after a title, strongest first:
# “at”, « chez », “på” name a place of work; “of”, « de », “för” may name a field.
_AT = ("at", "chez", "på", "vid", "hos", "auprès de", "with", "from", "från")
_OF = ("of", "for", "de", "du", "des", "d'", "d’", "för", "i", "inom", "à", "au")
_ARTICLE = r"(?:the\s+|l['’]|la\s+|le\s+|les\s+)?"
_ALL_PREPOSITIONS = alternation(_AT + _OF)


def split_title(printed, known_organizations=()):
    """
    (title, organization) from a title as printed: “Mila's Founder and
    Scientific Director” → (“Founder and Scientific Director”, “Mila”),
    “Co-Director at AI Sweden” → (“Co-Director”, “AI Sweden”), “Northwind
    President” → (“President”, “Northwind”), “Vice President, Research,
    Northwind” → (“Vice President, Research”, “Northwind”), « directrice
    générale de l'Institut Boréal » → (« directrice générale », « Institut
    Boréal »), “vd på Kestrix” → (“vd”, “Kestrix”), “the institute's
    director” → (“director”, “the institute”: a reference the story
    resolves, `resolve_generic`). The organization is "" when none is named.
    """
    printed = " ".join(printed.split()).strip(" ,;:.")
    printed = re.sub(r"^(?:the|le|la|les|l['’])\s*(?=\w)", "", printed, flags=re.IGNORECASE)
    if not printed:
        return "", ""
    known = sorted({name for name in known_organizations if name}, key=len, reverse=True)
    folded = fold(printed)

    if match := re.match(rf"^(?:{_ALL_PREPOSITIONS})\s+{_ARTICLE}(?P<organization>.+)$", printed):
        return "", clean_organization(match["organization"])

    def is_organization(name, loose):
        name = clean_organization(name)
        if not name or not name[:1].isupper() or is_title_word(name.split()[0]):
            return False
        return loose or looks_like_organization(name)

    # “the institute's director”, « directrice du programme », “bolagets vd”:
    # an organization named before, which the story resolves.
    if generic := _generic_reference(printed):
        return generic
    # Possessive: “Northwind's chief executive”; Swedish “VTH:s rektor”, “Orvantas vd”.
    match = re.match(r"^(?P<organization>.+?)(?:[’']s|:s)\s+(?P<title>.+)$", printed, re.IGNORECASE)
    if match and is_organization(match["organization"], loose=True):
        return match["title"], clean_organization(match["organization"])
    # “Vice President, Research, Northwind”: a last part that is not a title.
    head, found, tail = printed.rpartition(", ")
    if found and head and is_organization(tail, loose=True) and not _title_like(tail):
        return head, clean_organization(tail)
    # “CEO at Northwind”, « chef chez Kestrix », “vd på Kestrix”: the first such place.
    for prepositions, strict in ((_AT, False), (_OF, True)):
        pattern = rf"\s(?:{alternation(prepositions)})\s*{_ARTICLE}"
        for match in re.finditer(pattern, printed, re.IGNORECASE):
            head, tail = printed[: match.start()], printed[match.end() :]
            if not head or not tail[:1].isupper():
                continue
            if strict and (_title_like(tail) or _is_unit(tail)):
                continue
            if is_organization(tail, loose=True):
                # « directeur du bureau de Québec de Quorvia »: a place, then the organization.
                for name in known:
                    place, found, rest = fold(tail).rpartition(" " + fold(name))
                    by_place = re.search(r"\s(?:de|of|i|för|at)$", place)
                    if found and not rest and by_place and len(place.split()) <= 3:
                        cut = len(printed) - len(name)
                        head = re.sub(rf"\s{_ALL_PREPOSITIONS}$", "", printed[:cut].rstrip())
                        return head, printed[cut:]
                return head, clean_organization(tail)
    # A directory name at the end (after a preposition or a comma) or at the start.
    for name in known:
        name_folded = fold(name)
        if folded.endswith(name_folded) and len(folded) > len(name_folded):
            head = printed[: len(printed) - len(name)].rstrip()
            head = re.sub(r"(?:^|\s+)(?:the|l['’]|la|le|les)$", "", head, flags=re.IGNORECASE)
            head = re.sub(
                rf"(?:,|(?:^|\s){_ALL_PREPOSITIONS})$", "", head, flags=re.IGNORECASE
            ).rstrip(" ,")
            if head != printed and not head.endswith(("'", "’")):
                return head, printed[len(printed) - len(name) :]
        first = printed[len(name) :].split()[:1]
        if folded.startswith(name_folded + " ") and first and is_title_word(first[0]):
            return printed[len(name) :].strip(), printed[: len(name)]

    # “Northwind President”: capitalized words before the title's first title word.
    tokens = printed.split()
    for index, token in enumerate(tokens):
        if is_title_word(token):
            if index and all(word[:1].isupper() for word in tokens[:index]):
                organization = " ".join(tokens[:index])
                return " ".join(tokens[index:]), re.sub(r"(?::s|[’']s)$", "", organization)
            break
    return printed, ""


# What a story calls an organization it has named, in three languages:
# {noun as printed: stems of the names it can stand for}.
GENERIC_NOUNS = {
    "institute": ("institut",),
    "laboratory": ("laborator", "lab"),
    "lab": ("lab",),
    "university": ("universit", "college", "school", "hogskola"),
    "agency": ("agenc", "myndighet"),
    "consortium": ("consorti",),
    "foundation": ("foundation", "fondation", "stiftelse"),
    "centre": ("centre", "center", "centrum"),
    "center": ("centre", "center", "centrum"),
    "company": ("",),
    "firm": ("",),
    "group": ("",),
    "network": ("network", "reseau", "natverk"),
    "cooperative": ("cooperative", "co-operative", "coop"),
    "hospital": ("hospital", "hopital", "sjukhus", "hospitalier"),
    "programme": ("programme", "program", "exchange"),
    "program": ("programme", "program", "exchange"),
    "society": ("society", "societe"),
    "council": ("council", "conseil", "rad"),
    # French (« du programme », « de l'établissement »).
    "institut": ("institut",),
    "laboratoire": ("laborator",),
    "université": ("universit",),
    "agence": ("agenc",),
    "fondation": ("fondation", "foundation"),
    "entreprise": ("",),
    "société": ("",),
    "organisme": ("",),
    "établissement": ("hospital", "hopital", "universit", "centre", "college"),
    "réseau": ("reseau", "network"),
    # Swedish, definite (“bolaget”) and genitive (“bolagets vd”).
    "bolaget": ("",),
    "företaget": ("",),
    "högskolan": ("hogskola", "universitet", "institute"),
    "universitetet": ("universitet", "universit"),
    "institutet": ("institut",),
    "myndigheten": ("myndighet", "agenc"),
    "stiftelsen": ("stiftelse", "foundation"),
    "centrumet": ("centrum", "centre", "center"),
}
GENERIC = "|".join(sorted(GENERIC_NOUNS, key=len, reverse=True))
_GENERIC_REFERENCES = (
    re.compile(rf"^(?:the\s+)?(?P<noun>{GENERIC})(?:[’']s|s)\s+(?P<title>.+)$", re.IGNORECASE),
    re.compile(
        rf"^(?P<title>.+?)\s+(?:of|at|for|with|de|du|des|chez|à|au|på|vid|för|i)\s+"
        rf"(?:the\s+|l['’]|la\s+|le\s+)?(?P<noun>{GENERIC})$",
        re.IGNORECASE,
    ),
)


def _generic_reference(printed):
    """(title, "the NOUN") when the title names its organization by a common noun, else None."""
    for pattern in _GENERIC_REFERENCES:
        if match := pattern.match(printed):
            return match["title"], f"the {match['noun'].casefold()}"
    return None


def resolve_generic(reference, mentions_before):
    """
    The organization “the institute” means: of those named before it with
    that word in their name (“the company”: any), the one named most, the
    latest on a tie. `mentions_before` are names in the order the story gives
    them. None when none fits.
    """
    noun = reference.removeprefix("the ").strip()
    stems = GENERIC_NOUNS.get(noun, (fold(noun),))
    fitting = [name for name in mentions_before if any(stem in fold(name) for stem in stems)]
    if not fitting:
        return None
    # The organization the story is about outranks one named in passing.
    counts = {name: fitting.count(name) for name in fitting}
    return max(reversed(fitting), key=lambda name: counts[name])


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
