"""
Housekeeping for stored image files: bringing rows' files up to date with
the pipeline, listing the files rows use, and finding the ones none does.
Used by `manage.py rebuild_images`, `prune_images` and the backups.
"""

from functools import partial

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from images.fields import ProcessedImageField, discard, image_fields, manifest_files, release


def all_image_fields():
    return [field for model in apps.get_models() for field in image_fields(model)]


def rebuild(field, instance):
    """
    Bring one row's files up to date (a file stored before the pipeline, an
    older pipeline, a missing manifest) without touching anything else on
    the row. Returns True when something changed.
    """
    file = getattr(instance, field.attname)
    manifest = getattr(instance, field.manifest_attname) or {}
    if not file or field.is_current(file.name, manifest, field.focus(instance)):
        return False
    old = file.name
    written = []
    try:
        with file.storage.open(old, "rb") as source:
            name, manifest = field.store(source, field.focus(instance), written, stored_name=old)
        type(instance)._base_manager.filter(pk=instance.pk).update(
            **{field.attname: name, field.manifest_attname: manifest}
        )
    except BaseException:
        discard(written)
        raise
    transaction.on_commit(partial(release, field, old), robust=True)
    return True


def files_in_use(field):
    """
    The storage names the rows of a file field refer to: each file and, for
    a `ProcessedImageField`, every rendition in its manifest.
    """
    columns = [field.attname]
    if isinstance(field, ProcessedImageField):
        columns.append(field.manifest_attname)
    rows = (
        field.model._base_manager.exclude(**{f"{field.attname}__isnull": True})
        .exclude(**{field.attname: ""})
        .values_list(*columns)
    )
    names = set()
    for name, *manifest in rows.iterator(chunk_size=2000):
        names.add(name)
        if manifest:
            names |= manifest_files(manifest[0])
    return names


def orphans(field, min_age=None):
    """Files under the field's folder that no row refers to (older than `min_age`)."""
    keep = files_in_use(field)
    storage = field.storage
    found = []

    def walk(folder):
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        for sub in folders:
            walk(f"{folder}/{sub}")
        for file_name in files:
            path = f"{folder}/{file_name}"
            if path in keep:
                continue
            if min_age is not None:
                try:
                    if timezone.now() - storage.get_modified_time(path) < min_age:
                        continue
                except (NotImplementedError, OSError):
                    pass
            found.append(path)

    walk(field.base_dir)
    return found
