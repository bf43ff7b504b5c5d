"""
Restoring a revision, or recovering a deleted article, writes the row as it
was saved (django-reversion's raw saves). These receivers keep what a
restore must not bring back: an older version number, a revoked preview
key, a lead image whose files are gone. Connected by `ArticlesConfig`.
"""

import uuid

from django.db.models.signals import pre_save

from articles.models import Article, status_change_revokes_previews


def keep_version_rising_on_restore(sender, instance, raw, **kwargs):
    """
    Restoring a revision writes the row as it was, version number included;
    keep the current number instead, so a form opened before the restore is
    still seen as stale.
    """
    if raw and instance.pk:
        current = Article.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        if current is not None:
            instance.version = max(instance.version, current)


def revoke_previews_on_restore(sender, instance, raw, **kwargs):
    """
    A restored revision never brings back the preview key it was saved with
    (links revoked since would open the story again): it keeps today's key,
    or gets a new one when the restore moves the story to or from Published
    or Archived, as a save would.
    """
    if not (raw and instance.pk):
        return
    current = Article.objects.filter(pk=instance.pk).values("status", "preview_key").first()
    if current is None:
        return  # a deleted story recovered, or a backup loaded: its own key
    instance.preview_key = current["preview_key"]
    if status_change_revokes_previews(current["status"], instance.status):
        instance.preview_key = uuid.uuid4()


# The lead image and the words that describe it.
LEAD_IMAGE_FIELDS = (
    "lead_image",
    "lead_image_renditions",
    "lead_image_focus_x",
    "lead_image_focus_y",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
)


def keep_lead_image_on_restore(sender, instance, raw, **kwargs):
    """
    Restoring a revision leaves the lead image as it is now, with its alt
    text, caption and credit: a replaced image's files are deleted, so an
    old revision cannot bring them back, and its words describe that image.
    A recovered (deleted) article keeps its image only if the files are still there.
    """
    if not (raw and instance.pk):
        return
    current = Article.objects.filter(pk=instance.pk).values(*LEAD_IMAGE_FIELDS).first()
    if current is not None:
        for name, value in current.items():
            setattr(instance, name, value)
    elif instance.lead_image and not instance.lead_image.storage.exists(instance.lead_image.name):
        instance.lead_image = ""
        instance.lead_image_renditions = {}


def connect():
    for receiver in (
        keep_version_rising_on_restore,
        revoke_previews_on_restore,
        keep_lead_image_on_restore,
    ):
        pre_save.connect(receiver, sender=Article, dispatch_uid=f"articles-{receiver.__name__}")
