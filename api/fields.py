"""
Pieces every serializer of the API shares: absolute links, images with
their renditions, and the short references one record makes to another.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def absolute(context, path):
    """`path` as an absolute URL on the host the request came to."""
    return context["request"].build_absolute_uri(path)


class PublicURLField(serializers.Field):
    """The reader's page for a record: its absolute `get_absolute_url()`."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return absolute(self.context, instance.get_absolute_url())

    def to_internal_value(self, data):  # pragma: no cover - the API is read-only
        raise NotImplementedError


PublicURLField = extend_schema_field({"type": "string", "format": "uri"})(PublicURLField)


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    type = serializers.CharField(help_text="The file's media type, e.g. image/webp.")


class ImageSerializer(serializers.Serializer):
    """An image at every size the site made of it."""

    alt = serializers.CharField(help_text="What the image shows, for readers who cannot see it.")
    width = serializers.IntegerField(help_text="The original's width in pixels.")
    height = serializers.IntegerField()
    renditions = RenditionSerializer(
        many=True, help_text="Natural proportions, smallest first, in WebP and a fallback."
    )
    square = RenditionSerializer(many=True, help_text="Cropped square around the focal point.")
    card = RenditionSerializer(help_text="The 1200×630 social card.")


def renditions(context, image_set):
    """Each width of an `images.pictures.ImageSet`, in WebP and its fallback type."""
    storage = image_set.storage
    found = []
    for entry in image_set.entries:
        for key, kind in (("webp", "image/webp"), ("fallback", image_set.fallback_type)):
            if entry.get(key):
                found.append(
                    {
                        "url": absolute(context, storage.url(entry[key])),
                        "width": entry["width"],
                        "height": entry["height"],
                        "type": kind,
                    }
                )
    return found


def image_data(context, picture):
    """An `images.pictures.Picture` as `ImageSerializer` data, or None."""
    if picture is None:
        return None
    card = picture.card
    return {
        "alt": picture.alt,
        "width": picture.width,
        "height": picture.height,
        "renditions": renditions(context, picture.natural),
        "square": renditions(context, picture.square),
        "card": {**card, "url": absolute(context, card["url"])},
    }


class OrganizationReferenceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    url = PublicURLField()


class PersonReferenceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = PublicURLField()


class SectionReferenceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = PublicURLField()


class TagReferenceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, tag) -> str:
        return absolute(self.context, reverse("articles:tag", kwargs={"slug": tag.slug}))
