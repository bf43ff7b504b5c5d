"""
Reading a reader's query: whatever was typed becomes `SearchTerms`, with
the syntax search engines taught readers (`"exact phrase"`, `-excluded`,
`this OR that`), control characters removed and its length bounded.
Nothing a reader types can make it raise.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Longest run of query words compared with a whole name ("Mila Quebec AI Institute").
MAX_NAME_WORDS = 6
MAX_NAME_CANDIDATE_WORDS = 24

_TOKEN = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
_EDGES = re.compile(r"\w(?:.*\w)?", re.DOTALL)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def clean_query(raw):
    """The reader's text, safe to send anywhere: no control characters, bounded length."""
    text = unicodedata.normalize("NFC", str(raw or ""))
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _term(text):
    """A term without the punctuation around it ("(Mila)," → "Mila"); "" if none is left."""
    match = _EDGES.search(" ".join(text.split()))
    return match.group() if match else ""


@dataclass(frozen=True)
class SearchTerms:
    """
    A parsed query. Every group must match; a group holds the alternatives
    joined by OR. `excluded` terms must not match.
    """

    text: str
    groups: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    def __bool__(self):
        return bool(self.groups)

    @property
    def terms(self):
        """Every term the reader is looking for (not the excluded ones), in order."""
        return tuple(term for group in self.groups for term in group)

    @property
    def websearch(self):
        """The query in `websearch_to_tsquery` syntax, rebuilt so quotes always balance."""

        def quoted(term):
            return f'"{term}"' if " " in term else term

        parts = [" or ".join(quoted(term) for term in group) for group in self.groups]
        parts += [f"-{quoted(term)}" for term in self.excluded]
        return " ".join(parts)

    @cached_property
    def name_candidates(self):
        """
        Every run of up to `MAX_NAME_WORDS` consecutive query words, lowercased:
        the names the query could mention ("mila", "ai sweden", "ai sweden's" → "ai sweden").
        """
        words = []
        for term in self.terms:
            words += [_POSSESSIVE.sub("", _term(word)).lower() for word in term.split()]
        words = [word for word in words if word][:MAX_NAME_CANDIDATE_WORDS]
        return sorted(
            {
                " ".join(words[start : start + size])
                for size in range(1, MAX_NAME_WORDS + 1)
                for start in range(len(words) - size + 1)
            }
        )


def parse_query(raw):
    """Read a reader's query into `SearchTerms` (see the module docstring for the syntax)."""
    if isinstance(raw, SearchTerms):
        return raw
    text = clean_query(raw)
    groups, excluded = [], []
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(text):
        if count >= MAX_TERMS:
            break
        phrase, word = match.group("phrase"), match.group("word")
        if word is not None and word.lower() == "or" and not match.group("minus"):
            pending_or = bool(groups)
            continue
        term = _term(phrase if phrase is not None else word)
        if not term:
            continue
        count += 1
        if match.group("minus"):
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return SearchTerms(
        text=text,
        groups=tuple(tuple(dict.fromkeys(group)) for group in groups),
        excluded=tuple(dict.fromkeys(excluded)),
    )
