"""
Which organizations and people readers may see.

The directory follows the one visibility rule for stories: an organization
or a person is public when staff have reviewed it (`needs_review` is off) or
when a story readers can see cites it. A name that only an unpublished story
knows — a proposal from a story import, say — stays off every public
surface, so a draft never announces what it is about.

Stories belong to the articles app, which sits above this one. It tells this
module how a published story cites an entity (`register_citation`) when it
starts, so the rule lives here without this app importing articles.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

_citations = {}


def register_citation(model, condition):
    """
    Count `condition()` as "a published story cites it" for `model`.

    `condition` is called each time the rule is applied (it usually reads
    the clock, as the publishing rule does) and returns a Q on `model`.
    """
    _citations.setdefault(model, []).append(condition)


def cited(model):
    """A Q on `model`: some story readers can see cites the row."""
    conditions = [condition() for condition in _citations.get(model, [])]
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def public_condition(model):
    """A Q on `model`: readers may see the row (reviewed, or cited by a published story)."""
    return Q(needs_review=False) | cited(model)
