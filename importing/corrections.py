"""
The editor's corrections to a quote's speaker, title and organization.

The review screen shows each quote's attribution as recognized (`shown`) in
three fields the editor may change. Only a field they changed is a
correction: a field left as shown saves what was recognized, exactly as an
import without corrections does (a directory match unticked, a title
printed with an organization that is not linked, and so on).
"""

from importing.directory import NameIndex, add_organization, add_person, directory_names
from importing.folding import fold

FIELDS = ("speaker", "title", "organization")
# Person.name, Organization.name and Quote.speaker_title.
MAX_LENGTH = 200


def shown(match):
    """What the review screen shows for a quote (a `drafting.QuoteMatch`), field by field."""
    quote = match.quote
    if match.organization is not None:
        organization = match.organization.name
    elif match.proposal is not None:
        organization = match.proposal.name
    else:
        organization = quote.organization
    return {
        "speaker": match.speaker.name if match.speaker is not None else quote.speaker,
        "title": quote.title,
        "organization": organization,
    }


def _tidy(value):
    return " ".join((value or "").split())


def changes(match, values):
    """The fields of `values` ({field: text}) that differ from `shown(match)`, tidied."""
    recognized = shown(match)
    return {
        name: _tidy(value)
        for name, value in values.items()
        if name in FIELDS and value is not None and _tidy(value) != _tidy(recognized[name])
    }


def title_with(title, organization):
    """A title that names its organization itself, for a quote with none linked."""
    return ", ".join(part for part in (title, organization) if part)


class Names:
    """
    The people and organizations one save credits quotes to, found in the
    directory or added to it, each at most once.

    `unticked` holds the directory people the editor unticked: a name that
    only leads to one of them is someone else who shares it, so it gets a
    new person, as an unticked speaker's quotes do. An organization has no
    namesakes: one named in a quote's field is linked even if its match was
    unticked (the untick said the text did not mean it; the field says this
    quote does). People and organizations are added only when
    `add_people`/`add_organizations` allow it.
    """

    def __init__(self, *, unticked=(), add_people=True, add_organizations=True):
        self.unticked = {person.pk for person in unticked}
        self.add_people = add_people
        self.add_organizations = add_organizations
        self.new_people = {}  # by folded name
        self.new_organizations = {}
        self._organizations = self._people = None  # the directory's, looked up on first use

    def _directory(self):
        if self._people is None:
            organizations, people = directory_names()
            self._organizations, self._people = NameIndex(organizations), NameIndex(people)
        return self._organizations, self._people

    def new_person(self, name):
        """The person this save adds for `name`, flagged for review: one for all its quotes."""
        key = fold(name)
        if key not in self.new_people:
            self.new_people[key] = add_person(name)
        return self.new_people[key]

    def person(self, name):
        """The speaker `name` names: the directory's, else a new one if allowed, else None."""
        found = self._directory()[1].find(name)
        if found is not None and found.pk not in self.unticked:
            return found
        return self.new_person(name) if self.add_people else None

    def added_organization(self, name, organization):
        """Record `organization`, just added for `name`, so that later quotes naming it share it."""
        self.new_organizations.setdefault(fold(name), organization)

    def organization(self, name):
        """The organization `name` names: the directory's, else a new one if allowed, else None."""
        found = self._directory()[0].find(name)
        if found is not None:
            return found
        key = fold(name)
        if key not in self.new_organizations and self.add_organizations:
            self.new_organizations[key] = add_organization(name)
        return self.new_organizations.get(key)


def speaker(match, change, keep, names):
    """
    Who a kept quote is saved as said by, after the editor's `change`
    (`changes()`); None for no one: an emptied speaker, or one this save may
    not add to the directory (the words then stay in the body only).
    """
    if "speaker" in change:
        return names.person(change["speaker"]) if change["speaker"] else None
    if match.speaker is not None and f"person-{match.speaker.pk}" in keep:
        return match.speaker
    # Unknown, or the editor said the directory's namesake is someone else.
    return names.new_person(match.quote.speaker) if names.add_people else None


def attribution(match, change, keep, confirmed, names):
    """
    (organization or None, title) for a kept quote after the editor's
    `change`; `confirmed` holds the organizations added from ticked
    proposals, by proposal key.
    """
    quote = match.quote
    if "organization" in change:
        name = change["organization"]
        organization = names.organization(name) if name else None
    else:
        name = shown(match)["organization"]
        organization = None
        if match.organization is not None and f"organization-{match.organization.pk}" in keep:
            organization = match.organization
        elif match.proposal is not None:
            organization = confirmed.get(match.proposal.key)
        if "title" not in change:
            # Without its organization linked, the title keeps the name as printed.
            printed = quote.printed_title or quote.title
            return organization, quote.title if organization else printed
    title = change.get("title", quote.title)
    return organization, title if organization else title_with(title, name)
