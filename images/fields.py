"""
Images: one pipeline for article lead images, organization logos and
portraits.

- `UploadedImageField` (the form field) refuses anything that is not a
  JPEG, PNG, WebP or GIF within IMAGE_MAX_UPLOAD_BYTES and IMAGE_MAX_PIXELS,
  with a message naming the problem (see `images.pipeline.open_upload`).
- `ProcessedImageField` (the model field) stores, when its file changes, a
  clean original (upright, sRGB, no metadata) and renditions: WebP with a
  JPEG/PNG fallback at a few widths, square crops and a 1200×630 social
  card. Everything made from one upload lives in one folder named by the
  upload's content hash, e.g. `articles/lead/<hash>/<hash>-640w.webp`, and
  a manifest of names and sizes is kept in the `<field>_renditions` JSON
  column beside it, so pages render `<picture>` without touching storage.
- Crops keep the focal point (`<field>_focus_x`/`_y`, 0–1, when the model
  has them) in frame; logos use `fit="contain"` and are never cropped.
- Files are deleted once no row uses them: after the transaction commits,
  when an image is replaced, cleared, re-cropped or its row deleted.
  `manage.py prune_images` sweeps anything left behind by a failed request.

Models with such fields inherit `ImagesMixin`. What pages show is in
`images.pictures`; the pixel work in `images.pipeline`; sweeping and
rebuilding stored files in `images.housekeeping`.
"""

import contextlib
import copy
import logging
import os
import posixpath
import re
from functools import partial

from django import forms
from django.conf import settings
from django.core import checks
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import signals
from PIL import Image

from images import pipeline
from images.pictures import Picture

logger = logging.getLogger(__name__)

ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


def max_upload_bytes():
    return settings.IMAGE_MAX_UPLOAD_BYTES


def max_pixels():
    return settings.IMAGE_MAX_PIXELS


def limits_text():
    return (
        f"JPEG, PNG, WebP or GIF, up to {pipeline.format_bytes(max_upload_bytes())} and "
        f"{pipeline.format_pixels(max_pixels())}."
    )


class UploadedImageField(forms.ImageField):
    """
    An image upload, checked with Pillow before anything is stored.

    Only the uploaded name and size are looked at before the checks, so an
    oversized file is refused without being read. The file's own name and
    extension do not matter: what is stored is named by its content.
    """

    default_validators = []  # the extension says nothing; the content is checked
    default_error_messages = {"empty": "The file is empty."}

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        # A JPEG is checked at an eighth of its size: all its data is read, in less memory.
        image = pipeline.open_upload(
            upload, max_bytes=max_upload_bytes(), max_pixels=max_pixels(), full_size=False
        )
        upload.content_type = Image.MIME.get(image.format)
        pipeline.dispose(image)
        upload.seek(0)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ACCEPT
        return attrs


# Where a file of ours sits: <base>/<digest>/<digest><suffix>.<extension>.
NAME_PATTERN = re.compile(r"^(?P<base>.+)/(?P<digest>[0-9a-f]{20})/(?P=digest)[^/]*$")


def manifest_files(manifest):
    """Every file name a manifest refers to."""
    if not manifest:
        return set()
    names = {manifest.get("original")}
    for kind in ("natural", "square"):
        for entry in manifest.get(kind, []):
            names.update((entry.get("webp"), entry.get("fallback")))
    names.add((manifest.get("card") or {}).get("path"))
    names.discard(None)
    return names


class ProcessedImageField(models.ImageField):
    """
    An image stored clean, with renditions and a manifest (see the module docstring).

    `upload_to` is the folder for this field's files; `fit` is "cover" (crop
    around the focal point) or "contain" (fit inside, for logos).
    """

    def __init__(self, verbose_name=None, name=None, fit="cover", **kwargs):
        if fit not in ("cover", "contain"):
            raise ValueError("fit must be 'cover' or 'contain'")
        self.fit = fit
        super().__init__(verbose_name, name, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.fit != "cover":
            kwargs["fit"] = self.fit
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_delete.connect(self._release_on_delete, sender=cls)

    @property
    def manifest_attname(self):
        return f"{self.name}_renditions"

    @property
    def base_dir(self):
        return str(self.upload_to).strip("/")

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not hasattr(self.model, "_meta"):
            return errors
        names = {field.name for field in self.model._meta.get_fields()}
        if self.manifest_attname not in names:
            errors.append(
                checks.Error(
                    f"{self.model.__name__}.{self.name} needs a JSONField "
                    f"'{self.manifest_attname}' for its renditions.",
                    obj=self,
                    id="newsroom.E001",
                )
            )
        return errors

    def formfield(self, **kwargs):
        help_text = " ".join(part for part in (str(self.help_text), limits_text()) if part)
        return super().formfield(
            **{
                "form_class": UploadedImageField,
                "max_length": None,  # the uploaded name is not kept
                "help_text": help_text,
                **kwargs,
            }
        )

    def focus(self, instance):
        """The focal point as (x, y), rounded to hundredths; the centre when there is none."""
        if self.fit == "contain":
            return (0.5, 0.5)
        x = getattr(instance, f"{self.name}_focus_x", 0.5)
        y = getattr(instance, f"{self.name}_focus_y", 0.5)
        clamp = lambda value: min(1.0, max(0.0, round(float(value), 2)))  # noqa: E731
        return (clamp(0.5 if x is None else x), clamp(0.5 if y is None else y))

    def digest_of(self, name):
        """The content digest of a file of ours in this field's folder, else None."""
        match = NAME_PATTERN.match(name or "")
        if match and match["base"] == self.base_dir:
            return match["digest"]
        return None

    def is_current(self, name, manifest, focus):
        return bool(
            manifest
            and manifest.get("version") == pipeline.PIPELINE_VERSION
            and manifest.get("original") == name
            and (self.fit == "contain" or manifest.get("focus") == list(focus))
        )

    def pre_save(self, instance, add):
        file = getattr(instance, self.attname)
        if not file:
            setattr(instance, self.manifest_attname, {})
            return file
        written = instance.__dict__.setdefault("_images_written", [])
        focus = self.focus(instance)
        if not file._committed:
            name, manifest = self.store(file.file, focus, written)
        else:
            manifest = getattr(instance, self.manifest_attname) or {}
            if self.is_current(file.name, manifest, focus):
                return file
            # A new focal point, an older pipeline, or a file stored before it.
            with file.storage.open(file.name, "rb") as source:
                name, manifest = self.store(source, focus, written, stored_name=file.name)
        setattr(instance, self.attname, name)
        setattr(instance, self.manifest_attname, manifest)
        file = getattr(instance, self.attname)
        file._committed = True
        return file

    def store(self, source, focus, written, stored_name=None):
        """
        Write the clean original and renditions of `source`; return (name, manifest).

        A clean original of ours is re-rendered in place (same folder, new
        crops only); anything else starts a folder named by its content.
        Files that already exist there are the same content and are reused.
        """
        return self.write(self.render(source, focus, stored_name), written, stored_name)

    def render(self, source, focus, stored_name=None):
        """Check and render `source` (nothing is written): (digest, outputs, manifest)."""
        ours = self.digest_of(stored_name)
        digest = ours or pipeline.content_digest(source)
        image = pipeline.open_upload(
            source, max_bytes=max_upload_bytes(), max_pixels=max_pixels(), scan=ours is None
        )
        image = pipeline.clean(image)
        try:
            outputs, manifest = pipeline.render(
                image, fit=self.fit, focus=focus, original=ours is None
            )
        finally:
            pipeline.dispose(image)
        return digest, outputs, manifest

    def write(self, rendering, written, stored_name=None):
        """Store what `render()` made, skipping files already there; (name, manifest)."""
        digest, outputs, manifest = rendering
        manifest = copy.deepcopy(manifest)
        folder = f"{self.base_dir}/{digest}"
        names = {}
        original = stored_name if self.digest_of(stored_name) else None
        for output in outputs:
            name = f"{folder}/{digest}{output.suffix}.{output.extension}"
            if not self.storage.exists(name):
                content = ContentFile(output.data)
                content.content_type = output.mime_type
                name = self.storage.save(name, content)
                written.append((self.storage, name))
            names[f"{output.suffix}.{output.extension}"] = name
            if not output.suffix:
                original = name
        manifest["original"] = original
        for kind in ("natural", "square"):
            for entry in manifest[kind]:
                entry["webp"] = names[entry["webp"]]
                entry["fallback"] = names[entry["fallback"]]
        manifest["card"]["path"] = names[manifest["card"]["path"]]
        return original, manifest

    def _release_on_delete(self, sender, instance, using, **kwargs):
        name = instance.__dict__.get(self.attname)
        name = getattr(name, "name", name)
        if name:
            transaction.on_commit(partial(release, self, name), using=using, robust=True)

    def picture(self, instance, alt):
        """What templates show: a `Picture`, or None without a usable manifest."""
        name = getattr(instance, self.attname).name
        manifest = getattr(instance, self.manifest_attname, None)
        if not name or not manifest or manifest.get("original") != name:
            return None
        if not manifest.get("natural"):
            return None
        return Picture(manifest, self.storage, alt)


class FocusField(models.FloatField):
    """
    One coordinate of an image's focal point: 0 (left or top) to 1 (right or
    bottom). Optional in forms: left empty, it is the centre.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 0.5)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [MinValueValidator(0.0), MaxValueValidator(1.0)])
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        if getattr(model_instance, self.attname) is None:
            setattr(model_instance, self.attname, self.get_default())
        return super().pre_save(model_instance, add)

    def formfield(self, **kwargs):
        return super().formfield(**{"min_value": 0, "max_value": 1, "step_size": None, **kwargs})


def focus_field(verbose_name, help_text):
    return FocusField(verbose_name, help_text=help_text)


def image_fields(model):
    return [
        field for field in model._meta.concrete_fields if isinstance(field, ProcessedImageField)
    ]


class ImagesMixin:
    """
    For models with `ProcessedImageField`s: remembers which files a row had
    when loaded, deletes the ones a committed save stopped using, and
    deletes what a failed save had just written.
    """

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_images = {
            field.attname: instance.__dict__.get(field.attname) for field in image_fields(cls)
        }
        return instance

    def save(self, *args, **kwargs):
        self._images_written = []
        try:
            super().save(*args, **kwargs)
        except BaseException:
            discard(self.__dict__.pop("_images_written", []))
            raise
        written = self.__dict__.pop("_images_written", [])
        stored = self.__dict__.setdefault("_stored_images", {})
        for field in image_fields(type(self)):
            old = stored.get(field.attname)
            new = getattr(self, field.attname).name or ""
            if old and (old != new or written):
                transaction.on_commit(
                    partial(release, field, old), using=self._state.db, robust=True
                )
            stored[field.attname] = new


def discard(written):
    """Delete files a failed save wrote (nothing refers to them)."""
    for storage, name in written:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete %s", name)


def release(field, name):
    """
    Delete what `name` left behind that no row uses: the whole folder when
    no row refers to `name` any more, otherwise the files (old crops) that
    none of the rows' manifests lists. Runs after the transaction commits.
    """
    storage = field.storage
    users = list(
        field.model._base_manager.filter(**{field.attname: name}).values_list(
            field.manifest_attname, flat=True
        )
    )
    if field.digest_of(name) is None:
        # A file stored before the pipeline: just that one file.
        if not users:
            storage.delete(name)
        return
    keep = {name}.union(*(manifest_files(manifest) for manifest in users)) if users else set()
    folder = posixpath.dirname(name)
    try:
        _folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file_name in files:
        path = f"{folder}/{file_name}"
        if path not in keep:
            storage.delete(path)
    if not users:
        _remove_empty_folder(storage, folder)


def _remove_empty_folder(storage, folder):
    try:
        path = storage.path(folder)
    except NotImplementedError:
        return  # object storage has no folders to remove
    with contextlib.suppress(OSError):
        os.rmdir(path)


def picture(instance, field_name, alt):
    return instance._meta.get_field(field_name).picture(instance, alt)
