"""
The people a story names: who an attribution means (in full, by surname,
by honorific and surname, by pronoun), the title each was given where the
story introduces them, and the person named last.
"""

import re

from importing.folding import UPPER, fold
from importing.language import HONORIFICS, MONTHS, NOT_NAMES, SPEECH_VERBS, WEEKDAYS, alternation
from importing.names import ORGANIZATION_WORDS
from importing.sentences import sentence_end
from importing.titles import NOT_TITLE_STARTS_FOLDED, PREPOSITIONS, folded_word, is_title_word

_HONORIFICS = {fold(word) for word in HONORIFICS}
_NOT_PERSON = (
    {fold(word) for word in NOT_NAMES}
    | set(MONTHS)
    # English weekdays only: “Mercredi” is a surname, “mercredi” a day.
    | {fold(day) for day in WEEKDAYS if day.endswith("day")}
    | {"north", "south", "east", "west", "canada", "sweden", "quebec", "europe"}
)
_PARTICLES = {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "af", "la", "le"}
_NAME_WORD_RE = re.compile(rf"^(?:[{UPPER}]\.|[{UPPER}][\w’'\-]*\w|[{UPPER}])$")


def _is_acronym(word):
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", word.strip(".,;:()")))


def _is_name_word(word):
    return bool(_NAME_WORD_RE.match(word)) and not word.endswith(("'s", "’s"))


_SPEECH = re.compile(rf"(?<![\w-]){alternation(SPEECH_VERBS)}(?![\w-])", re.IGNORECASE)
_CANDIDATE_NAME = re.compile(
    rf"(?<![\w’'])(?:[{UPPER}][\w’'\-]*\w\.?\s+)(?:(?:{'|'.join(_PARTICLES)})\s+)?"
    rf"(?:[{UPPER}][\w’'\-]*\w)(?:\s+[{UPPER}][\w’'\-]*\w)?"
)
_NAME_RUN = rf"(?:[{UPPER}][\w’'\-]*\w\.?)(?:\s+[{UPPER}][\w’'\-]*\w){{0,2}}"
_APPOINTMENT = re.compile(
    r"\b(?:appoint(?:s|ed)?|nam(?:e|es|ed)|hir(?:e|es|ed)|promot(?:e|es|ed)|welcom(?:e|es|ed)|"
    r"elect(?:s|ed)?|(?:the\s+)?(?:appointment|nomination|hiring)\s+of|a\s+nommé|nomme|"
    r"(?:la\s+)?nomination\s+de|utser|utsåg|har\s+utsett|rekryterar|rekryterade|"
    r"utnämningen\s+av)\s+"
    rf"(?P<name>{_NAME_RUN})"
    # An aside about them first: “Sami Benali, an epidemiologist, as its…”.
    r"(?:\s*,\s*[^,.;:]{3,100},)?\s*,?\s+"
    r"(?:as|to\s+the\s+(?:role|post|position)\s+of|to\s+be|to|comme|au\s+poste\s+de|"
    r"à\s+titre\s+de|à\s+la\s+présidence\s+de|till|som)\s+"
    r"(?P<title>[^.;:()]{3,120}?)\s*"
    r"(?:[.;(]|,|\s+(?:effective|for\s+a|starting|beginning|from|as\s+of|à\s+compter|dès|"
    r"pour\s+(?:un|une)|från\s+och\s+med|för\s+en)\b|$)"
)
# “Sofia Bergström har anställts som professor…”, “Jane Roe has been named CEO”.
_PASSIVE_APPOINTMENT = re.compile(
    rf"^(?P<name>{_NAME_RUN})\s+(?:has\s+been|have\s+been|was|is|a\s+été|est|har|blir|"
    r"har\s+blivit)\s+(?:appointed|named|hired|promoted|elected|nommée?|élue?|anställts|"
    r"utsetts|utnämnts|valts|rekryterats)?\s*(?:as|to\s+the\s+(?:role|post)\s+of|to\s+be|to|"
    r"comme|au\s+poste\s+de|à\s+titre\s+de|till|som)\s+"
    r"(?P<title>[^.;:()]{3,160}?)\s*(?:[.;(]|,\s|\s+(?:effective|starting|à\s+compter|"
    r"från\s+och\s+med)\b|$)"
)
_START_PREPOSITIONS = "of|at|from|with|de|du|des|d['’]|chez|på|vid|hos|från"


_ARTICLES = {"the", "le", "la", "les", "l'"}
MAX_NAMES_IN_A_SENTENCE = 100


def _without_honorifics(name):
    words = name.split()
    while len(words) > 1 and fold(words[0].rstrip(".")) in _HONORIFICS | _ARTICLES:
        words.pop(0)
    return " ".join(words)


def attribution_parts(who):
    """
    The comma-separated parts of who an attribution names, up to one that
    is not about them (“Jonas Berglund, who chairs the board”).
    """
    parts = []
    for raw in re.split(r",\s*", who):
        part = raw.strip(" -–—:;()")
        if not part:
            continue
        if part.split()[0].casefold().strip("“”\"'") in NOT_TITLE_STARTS_FOLDED:
            break
        parts.append(part)
    return parts


class People:
    """
    Who a story has named so far: the people attributions and narrative name,
    by full name and surname, with the title first printed with each, and
    the one named last (for “she said”).
    """

    def __init__(self, known_people=(), known_organizations=()):
        self.known = {fold(name): name for name in known_people}
        self.organizations = {fold(name) for name in known_organizations}
        self.by_surname = {}
        # Titles attributions printed, and those the story's own words gave:
        # an attribution's title is the one a later reference takes.
        self.titles = {}
        self.introduced = {}
        self.last = None
        # Quotations no one could be credited with (see `importing.quotes`).
        self.unattributed = []
        for name in known_people:
            self._remember(name)

    def _remember(self, name):
        words = _without_honorifics(name).split()
        if len(words) > 1:
            self.by_surname.setdefault(fold(words[-1]), name)
            if len(words) > 2 and fold(words[-2]) in _PARTICLES:
                self.by_surname.setdefault(fold(" ".join(words[-2:])), name)

    def is_person_words(self, words):
        """True when `words` can be a person's name: not a title, place, month or organization."""
        if not words or fold(" ".join(words)) in self.organizations:
            return False
        for word in words:
            folded = folded_word(word)
            if folded in _PARTICLES:
                continue
            if folded in _NOT_PERSON or is_title_word(word) or folded in ORGANIZATION_WORDS:
                return False
        return True

    def name_at_end(self, part):
        """
        (what comes before, name) when `part` ends with a person's name
        (“the lab's scientific director Jane Roe”, “Professor John Doe”,
        “Roe”); None otherwise. Honorifics are neither name nor title.
        """
        words = part.split()
        run = []
        while words and len(run) < 5:
            word = words[-1]
            if is_title_word(word) or folded_word(word) in ORGANIZATION_WORDS or _is_acronym(word):
                break
            if _is_name_word(word) or (run and fold(word) in _PARTICLES):
                run.insert(0, words.pop())
            else:
                break
        while run and fold(run[0]) in _PARTICLES:
            words.append(run.pop(0))
        honorific = False
        while run and fold(run[0].rstrip(".")) in _HONORIFICS:
            run.pop(0)
            honorific = True
        while words and fold(words[-1].rstrip(".")) in _HONORIFICS:
            words.pop()
            honorific = True
        if not run or not self.is_person_words(run):
            return None
        if honorific and words and fold(words[-1]) in _ARTICLES:
            words.pop()  # « la Dre Sylvie Marchand »
        prefix = " ".join(words)
        # “a spokesperson for Northwind Europe”: what follows a preposition is an organization.
        if words and fold(words[-1]) in PREPOSITIONS:
            return None
        folded = fold(run[0])
        known = folded in self.by_surname or folded in self.known
        if len(run) == 1 and not honorific and not known:
            return None
        return prefix, " ".join(run)

    def name_at_start(self, part):
        """
        (name, what follows) when `part` opens with a person's name and goes
        on with where they work: “Ingrid Solberg of the Nordvik Institute”,
        « Marie Roy de l'Institut Boréal », “Anna Berg på Kestrix”.
        """
        match = re.match(
            rf"^(?P<name>{_NAME_RUN})\s+(?P<rest>(?:{_START_PREPOSITIONS})\s.+)$", part
        )
        if not match:
            return None
        found = self.name_at_end(match["name"])
        if found is None or found[0]:
            return None
        return found[1], match["rest"]

    def full_names(self):
        """Everyone the story has named in full so far."""
        return {*self.by_surname.values(), *self.titles, *self.introduced}

    def is_full_name(self, name):
        return len(name.split()) > 1 or fold(name) in self.known

    def resolve(self, name, title=""):
        """
        (full name, printed title) for a name an attribution prints: a full
        name as it is (the directory's spelling when it knows it), a surname
        for the person named with it earlier. None for a surname no one had.
        """
        folded = fold(name)
        full = self.known.get(folded)
        if full is None:
            for key, known in self.known.items():
                if folded.endswith(" " + key) or key.endswith(" " + folded):
                    full = known if len(key.split()) > 1 else None
                    break
        if full is None:
            full = name if len(name.split()) > 1 else self.by_surname.get(folded)
        if full is None:
            return None
        return full, title or self.title_of(full)

    def title_of(self, name):
        """The title the story gave `name`: in an attribution first, else in its own words."""
        return self.titles.get(name) or self.introduced.get(name, "")

    def spoke(self, name, title, *, attributed=True):
        """Remember a person an attribution (or, not `attributed`, the narrative) named."""
        self._remember(name)
        if title:
            (self.titles if attributed else self.introduced).setdefault(name, title)
        self.last = name

    def last_named(self):
        """(name, title) of the person named last, for a pronoun; None if none yet."""
        if self.last is None:
            return None
        return self.last, self.title_of(self.last)

    def read(self, text):
        """
        Note who narrative text names: “Jane Roe, chief scientist at
        Northwind, said the results…”, “Lindqvist said…”, “led by Jane Roe”.
        """
        position = 0
        while position < len(text):
            end = sentence_end(text, position)
            self._read_sentence(text[position:end])
            position = end

    def _read_sentence(self, sentence):
        sentence = sentence.strip()
        if self._read_appointment(sentence):
            return
        verb = _SPEECH.search(sentence)
        if verb:
            parts = attribution_parts(sentence[: verb.start()])
            for index, part in enumerate(parts):
                found = self.name_at_end(part)
                if found:
                    prefix, name = found
                    resolved = self.resolve(name)
                    if resolved:
                        title = ", ".join(
                            [*parts[:index], *([prefix] if prefix else []), *parts[index + 1 :]]
                        )
                        self.spoke(resolved[0], title, attributed=False)
                        return
        # The sentence's subject, when it is someone named before: “Petrović, who studies…”.
        if opening := re.match(rf"^(?:{_NAME_RUN})(?=[,\s])", sentence):
            resolved = self.resolve(_without_honorifics(opening.group()))
            if resolved and self.is_person_words(opening.group().split()):
                self.last = resolved[0]
                return
        last = None
        for count, match in enumerate(_CANDIDATE_NAME.finditer(sentence)):
            if count == MAX_NAMES_IN_A_SENTENCE:
                break  # a list or a run of capitals, not a sentence about people
            name = _without_honorifics(match.group())
            words = name.split()
            if len(words) < 2 or not self.is_person_words(words):
                continue
            if match.start() > 0:
                # Named in passing: a later “said Moreau” may mean them.
                self._remember(name)
            before = sentence[max(0, match.start() - 60) : match.start()].split()[-1:] or [""]
            after = sentence[match.end() : match.end() + 2]
            self._read_appositive(sentence, match, name)
            named = (
                fold(name) in self.known
                or name in self.titles
                or name in self.introduced
                or fold(before[0]) in {"by", "par", "av"}
                or is_title_word(before[0])
                or after.startswith(", ")
            )
            if named and match.start() > 0:
                last = name
        if last:
            self._remember(last)
            self.last = last

    def _read_appositive(self, sentence, match, name):
        """
        A title set beside a name by commas: “a postdoctoral researcher,
        Mila Karlsson, who…” or “Jane Roe, chief scientist at Northwind,
        said…”. Kept for attributions that print none.
        """
        if name in self.titles or name in self.introduced:
            return
        # Looked at within 200 characters either side: no title is longer.
        after = re.match(
            r",\s*(?P<title>[^,.;:()]{3,100})[,.;]", sentence[match.end() : match.end() + 200]
        )
        # The phrase right before “, Name,”: back to the last comma or “and”.
        before = re.search(
            r"(?:^|[,;:(]\s*|\b(?:and|et|och)\s+)(?P<title>(?:(?![,;:(]|\b(?:and|et|och)\s)"
            r"[^.])"
            r"{3,100}),\s*$",
            sentence[max(0, match.start() - 200) : match.start()],
        )
        for found in (after, before):
            if not found:
                continue
            title = found["title"].strip()
            if title.split()[0].casefold() in NOT_TITLE_STARTS_FOLDED:
                continue
            title = re.sub(
                r"^(?:a|an|the|its|their|our|his|her|un|une|le|la|l['’]|en|ett|dess)\s+",
                "",
                title,
                flags=re.IGNORECASE,
            )
            if any(is_title_word(word) for word in title.split()):
                self.introduced.setdefault(name, title)
                return

    def _read_appointment(self, sentence):
        """
        “Kestrix has appointed Anne-Sophie Lebrun as managing director for
        North America”: the person, their title and who appointed them.
        """
        match = _APPOINTMENT.search(sentence) or _PASSIVE_APPOINTMENT.match(sentence)
        if not match:
            return False
        name = _without_honorifics(match["name"])
        if not self.is_person_words(name.split()) or len(name.split()) < 2:
            return False
        title = re.sub(
            r"^(?:its|their|the|his|her|a|an|new|first|next|interim|son|sa|ses|nouveau|"
            r"nouvelle|premier|première|ny|nya|sin|sitt)\s+",
            "",
            match["title"].strip(" ,."),
            flags=re.IGNORECASE,
        )
        title = re.sub(r"^(?:its|their|new|first|next|interim|nouveau|nouvelle)\s+", "", title)
        subject = sentence[: match.start()].split(",")[0]
        subject = re.sub(
            r"\s+(?:today|has|have|will|is|are|announced|on\s+\w+|aujourd'hui|a|annonce|"
            r"idag|har|meddelar)\b.*$",
            "",
            subject,
            flags=re.IGNORECASE,
        ).strip()
        # “Ashbourne University's Board of Governors”, « Le conseil d'administration
        # de l'Université de Trois-Lacs »: the organization is the owner.
        subject = re.split(r"[’']s\s", subject)[0]
        subject = re.sub(
            r"^(?:the\s+|le\s+|la\s+)?(?:board\s+of\s+(?:directors|governors|trustees)|"
            r"conseil\s+d['’]administration|styrelsen)\s+(?:of|de|du|för|i)\s+"
            r"(?:the\s+|l['’]|la\s+|le\s+)?",
            "",
            subject,
            flags=re.IGNORECASE,
        )
        subject = re.sub(r"\s*\([^)]*\)\s*", " ", subject).strip()
        if subject and subject[:1].isupper() and not self.name_at_end(subject):
            title = f"{title}, {subject}"
        self._remember(name)
        self.introduced.setdefault(name, title)
        self.last = name
        return True
