"""
The directory as an import sees it: names to look up, loosely (`fold`), and
the people and organizations an import adds, flagged for an editor's review.
"""

import re

from articles.models import Article, ArticleRedirect
from importing.folding import fold
from importing.names import COMPANY_FORMS
from organizations import adding
from organizations.adding import NAME_MAX_LENGTH, add_organization, add_person, slug_words
from organizations.models import Organization, Person

# Adding names is the directory's own business (`organizations.adding`); an
# import uses it through here.
__all__ = ["NAME_MAX_LENGTH", "add_organization", "add_person", "slug_words"]


def _words(text):
    return set(re.findall(r"\w+", fold(text)))


def directory_names(text=None):
    """
    ({name: Organization}, {name: Person}) for every name, short name and
    alias in the directory whose words all occur in `text` (accents and case
    aside); every one of them when `text` is None.
    """
    words = None if text is None else _words(text)

    def named(name):
        return name and (words is None or _words(name) <= words)

    organizations = {}
    for organization in Organization.objects.order_by("pk"):
        for name in (organization.name, organization.short_name, *organization.alias_list):
            if named(name):
                organizations.setdefault(name, organization)
    people = {}
    for person in Person.objects.order_by("pk").only("pk", "name", "slug"):
        if named(person.name):
            people.setdefault(person.name, person)
    return organizations, people


class NameIndex:
    """Directory entries by name, folded once to be looked up many times."""

    def __init__(self, names):
        self._folded = {fold(key): value for key, value in names.items()}

    def find(self, name):
        """
        The entry `name` refers to, with or without a leading "the" (or « l' »),
        accents and case aside; None if none.
        """
        name = (name or "").strip()
        bare = re.sub(r"^(?:the\s+|l['’])", "", name, flags=re.IGNORECASE)
        # “Quorvia Inc.”, “Kestrix AB”: the directory may know the company without its form.
        without_form = re.sub(rf"[\s,]+(?:{COMPANY_FORMS})\.?$", "", bare, flags=re.IGNORECASE)
        for candidate in (name, bare, without_form):
            if (found := self._folded.get(fold(candidate))) is not None:
                return found
        return None


def find(names, name):
    """The entry of `names` ({name: entry}) that `name` refers to (see `NameIndex.find`)."""
    return NameIndex(names).find(name)


def unique_slug(model, text, max_length):
    """A slug from `text` that no object (nor, for articles, an old address) uses yet."""
    if model is Article:
        return adding.unique_slug(
            model, text, max_length, also_taken=_old_address, fallback="story"
        )
    return adding.unique_slug(model, text, max_length)


def _old_address(slug):
    return ArticleRedirect.objects.filter(old_slug=slug).exists()
