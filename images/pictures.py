"""
Images as pages use them: a `Picture` (natural proportions, square crop,
social card) made of `ImageSet`s, each one `<picture>` with `srcset`, read
from a field's manifest without touching storage.
"""

from django.template.loader import render_to_string
from django.utils.functional import cached_property


class ImageSet:
    """One `<picture>`: the same image at several widths, in WebP and a fallback."""

    def __init__(self, entries, storage, alt, fallback_type):
        self.entries = entries
        self.storage = storage
        self.alt = alt
        self.fallback_type = fallback_type

    def _srcset(self, key):
        return ", ".join(
            f"{self.storage.url(entry[key])} {entry['width']}w" for entry in self.entries
        )

    @cached_property
    def webp_srcset(self):
        return self._srcset("webp")

    @cached_property
    def srcset(self):
        return self._srcset("fallback")

    @property
    def largest(self):
        return self.entries[-1]

    @cached_property
    def src(self):
        """For browsers without srcset: the first rendition at least 640 wide."""
        entry = next((e for e in self.entries if e["width"] >= 640), self.largest)
        return self.storage.url(entry["fallback"])

    @property
    def smallest_url(self):
        return self.storage.url(self.entries[0]["fallback"])

    @property
    def largest_url(self):
        return self.storage.url(self.largest["fallback"])

    @property
    def width(self):
        return self.largest["width"]

    @property
    def height(self):
        return self.largest["height"]


class Picture:
    """An image as pages use it: natural proportions, square, social card; all URLs."""

    def __init__(self, manifest, storage, alt):
        self.manifest = manifest
        self.storage = storage
        self.alt = alt
        fallback_type = manifest.get("fallback_type", "image/jpeg")
        self.natural = ImageSet(manifest["natural"], storage, alt, fallback_type)
        self.square = ImageSet(manifest["square"], storage, alt, fallback_type)

    @cached_property
    def card(self):
        card = self.manifest["card"]
        return {
            "url": self.storage.url(card["path"]),
            "width": card["width"],
            "height": card["height"],
            "type": "image/png" if card["path"].endswith(".png") else "image/jpeg",
        }

    @property
    def width(self):
        return self.manifest["width"]

    @property
    def height(self):
        return self.manifest["height"]


def admin_preview(picture, empty="No image yet."):
    """The desk's view of an image: as stored, and its square and social-card crops."""
    if picture is None:
        return empty
    return render_to_string("images/admin_preview.html", {"picture": picture})
