"""
An article's revisions (stored by django-reversion on every save) and what
changed between two of them, field by field, for the desk's compare page.
"""

import difflib

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from reversion.models import Version

from articles.models import Article, Correction
from organizations.models import Organization, Person

# Bookkeeping that changes on every save and says nothing to an editor.
IGNORED_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "updated_by",
    "preview_key",
    # Derived from the lead image: a changed image shows as that field.
    "lead_image_renditions",
}
RELATED_NAMES = {
    "organizations": (Organization, "name"),
    "people": (Person, "name"),
    "pinned_related": (Article, "headline"),
    "authors": (Person, "name"),
}


def versions_of(article):
    """Every saved revision of the article, newest first, with who saved it."""
    return list(
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def _display(field, value):
    if field.name in RELATED_NAMES:
        model, attribute = RELATED_NAMES[field.name]
        names = model.objects.filter(pk__in=value or []).values_list(attribute, flat=True)
        return ", ".join(sorted(names))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and value is not None:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"(deleted #{value})"
    if field.name == "body":
        return strip_tags(value.replace("</p>", "</p>\n")).strip() if value else ""
    return "" if value is None else str(value)


def word_diff(old, new):
    """`new` compared with `old`, word by word, with <del> and <ins> marks; escaped."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(old_words[old_start:old_end])))
            continue
        if old_end > old_start:
            parts.append(f"<del>{escape(' '.join(old_words[old_start:old_end]))}</del>")
        if new_end > new_start:
            parts.append(f"<ins>{escape(' '.join(new_words[new_start:new_end]))}</ins>")
    return mark_safe(" ".join(parts))


def compare(older, newer):
    """[{label, old, new, diff}] for each field that differs between two versions."""
    changes = []
    old_fields, new_fields = older.field_dict, newer.field_dict
    for field in Article._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in IGNORED_FIELDS:
            continue
        key = field.attname
        if key not in old_fields and key not in new_fields:
            continue
        old_value, new_value = old_fields.get(key), new_fields.get(key)
        if old_value == new_value:
            continue
        old_text, new_text = _display(field, old_value), _display(field, new_value)
        if old_text == new_text:
            continue
        changes.append(
            {
                "label": str(field.verbose_name).capitalize(),
                "old": old_text,
                "new": new_text,
                "diff": word_diff(old_text, new_text),
            }
        )
    return changes


def describe_restore(version):
    """What the audit trail says of restoring `version`: which revision, saved by whom."""
    revision = version.revision
    when = date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT")
    who = revision.user.get_username() if revision.user else "the system"
    return (
        f"Restored the revision of {when} by {who} (version #{version.pk}); "
        "corrections published since are kept"
    )


def recover_corrections(article):
    """
    Bring back the corrections deleted with a recovered article; how many.

    Revisions do not follow corrections (restoring one must never remove
    them), so a recovered article's own revision does not hold them: each
    correction's last saved version does.
    """
    restored = 0
    for version in Version.objects.get_deleted(Correction):
        if str(version.field_dict.get("article_id")) == str(article.pk):
            version.revert()
            restored += 1
    return restored
