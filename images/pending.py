"""
An image chosen in a form that came back with an error stays chosen.

A browser never sends a file input back, so without help the editor would
have to pick the image again after any mistake elsewhere in the form.
`KeepsChosenImages` stores such an upload under its field's folder
(`<upload_to>/pending/`) and puts a signed token for it in a hidden input;
posted again without a new file, the form takes the stored one as if it
had been uploaded now, and the pipeline stores it as usual. The token is
signed (no one can name another file) and expires after `MAX_AGE`;
`manage.py prune_images` sweeps pending files as it sweeps any file no row
refers to.
"""

import datetime
import posixpath
import uuid

from django import forms
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

SALT = "images.pending"
MAX_AGE = datetime.timedelta(hours=1)
FOLDER = "pending"


def pending_name(field_name):
    return f"{field_name}_pending"


def stash(model_field, upload):
    """Store `upload` for a later post of the form; returns its token."""
    extension = posixpath.splitext(upload.name or "")[1].lower()[:8]
    folder = posixpath.join(str(model_field.upload_to).rstrip("/"), FOLDER)
    upload.seek(0)
    name = model_field.storage.save(posixpath.join(folder, uuid.uuid4().hex + extension), upload)
    return signing.dumps({"name": name, "shown": upload.name}, salt=SALT)


def take(model_field, token):
    """The stored upload of `token` as an uploaded file, or None if it is not one."""
    try:
        kept = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        name, shown = kept["name"], kept["shown"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    storage = model_field.storage
    if f"/{FOLDER}/" not in f"/{name}" or not storage.exists(name):
        return None
    with storage.open(name, "rb") as stored:
        return SimpleUploadedFile(shown or posixpath.basename(name), stored.read())


class KeepsChosenImages:
    """
    A ModelForm mixin: the image fields named in `keeps_images` keep an
    upload across a post with errors. The form declares, or the mixin adds,
    a hidden `<field>_pending` input for each; show it with the field.
    """

    keeps_images = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.keeps_images:
            self.fields.setdefault(
                pending_name(name), forms.CharField(widget=forms.HiddenInput, required=False)
            )

    def _model_field(self, name):
        return self._meta.model._meta.get_field(name)

    def full_clean(self):
        taken = set()
        if self.is_bound:
            for name in self.keeps_images:
                token = self.data.get(self.add_prefix(pending_name(name)))
                key = self.add_prefix(name)
                if name in self.fields and token and not self.files.get(key):
                    upload = take(self._model_field(name), token)
                    if upload is not None:
                        self.files = self.files.copy()
                        self.files[key] = upload
                        taken.add(name)
        super().full_clean()
        if not (self.is_bound and self._errors):
            return
        for name in self.keeps_images:
            upload = self.cleaned_data.get(name)
            if not isinstance(upload, UploadedFile):
                continue
            if name not in taken:  # Taken from a token: the token in the form stands.
                token = stash(self._model_field(name), upload)
                self.data = self.data.copy()
                self.data[self.add_prefix(pending_name(name))] = token
            kept = (
                f"Kept: “{upload.name}”, chosen before the form came back. It is saved "
                "with the story unless you choose another."
            )
            # The bound field copied the help text when the checks made it.
            self.fields[name].help_text = self[name].help_text = kept
