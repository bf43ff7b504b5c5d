"""
Two editors, one story. A form opened at an older version than the story
now has is merged field by field: what only the other editor changed is
kept, what only this editor changed is saved. Where both changed the same
field differently, nothing is saved and the form shows both versions side
by side, with this editor's input still in it.

What the story held when the form was opened comes from its revisions
(django-reversion keeps one per save). A story saved since without a
revision (a script, a data fix) cannot be merged: the save is refused and
the editor reloads, as before merging existed.

The story's own fields are merged; bylines, quotes and tags are saved as
the form posts them, row by row.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.utils.html import strip_tags
from reversion.models import Version

# How many of the newest revisions are searched for the one a form was opened at.
SEARCHED = 100
NOT_MERGED = {"tags", "opened_version"}


@dataclass
class Clash:
    """A field both editors changed: its label and each side's value, for reading."""

    label: str
    theirs: str
    mine: str


@dataclass
class Merge:
    """What a stale form's save amounts to."""

    who: str
    when: object
    kept: list  # labels of fields the other editor changed, kept
    clashes: list  # Clash


def revision_at(article, number):
    """The revision that saved the article at version `number`, or None."""
    versions = Version.objects.get_for_object(article).select_related("revision__user")
    for version in versions[:SEARCHED]:
        if version.field_dict.get("version") == number:
            return version
    return None


def _comparable(field, value):
    if field.many_to_many:
        return sorted(getattr(item, "pk", item) for item in value or [])
    if field.is_relation:
        return getattr(value, "pk", value)
    value = field.to_python(value)
    if value is not None and not isinstance(value, (int, float, bool)):
        value = field.get_db_prep_save(value, connection)
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
    return value


def _saved(article, field):
    if field.many_to_many:
        return list(getattr(article, field.name).values_list("pk", flat=True))
    return getattr(article, field.attname)


def _readable(field, value):
    if field.many_to_many:
        return ", ".join(str(item) for item in field.related_model.objects.filter(pk__in=value))
    if field.is_relation:
        found = field.related_model.objects.filter(pk=value).first() if value else None
        return str(found) if found else "—"
    if value in (None, ""):
        return "—"
    return strip_tags(str(value)) if "<" in str(value) else str(value)


def merge(form, article, opened, cleaned_data):
    """
    Merge a form opened at version `opened` into the article as saved now
    (`article`, loaded for this request). Returns a `Merge`, or None when
    the revision the form was opened at is unknown. On a merge without
    clashes, `cleaned_data` takes the other editor's values for the fields
    they alone changed.
    """
    base = revision_at(article, opened)
    if base is None:
        return None
    now = revision_at(article, article.version)
    who = now.revision.user if now is not None and now.revision.user else article.updated_by
    before = base.field_dict
    kept, clashes = [], []
    for name in form.fields:
        if name in NOT_MERGED or name not in cleaned_data:
            continue
        try:
            field = article._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        key = field.name if field.many_to_many else field.attname
        if key not in before:
            continue
        was = _comparable(field, before[key])
        theirs = _comparable(field, _saved(article, field))
        mine = _comparable(field, cleaned_data[name])
        if theirs in (was, mine):
            continue  # Only this editor changed it, or both made the same change.
        label = str(form.fields[name].label or field.verbose_name).capitalize()
        if mine == was:
            kept.append(label)
            cleaned_data[name] = (
                list(getattr(article, name).all())
                if field.many_to_many
                else getattr(article, field.name)
            )
        else:
            clashes.append(
                Clash(label, _readable(field, _saved(article, field)), _readable(field, mine))
            )
    return Merge(
        who=who.get_username() if who else "someone",
        when=article.updated_at,
        kept=kept,
        clashes=clashes,
    )
