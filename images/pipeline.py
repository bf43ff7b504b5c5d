"""
The image pipeline's pixel work: Pillow only, no models and no storage.

`open_upload()` decides whether a file is an image the newsroom accepts and
refuses anything else with a message an editor can act on. It checks the
cheap things first — the byte size before reading, the pixel count from the
header before decoding — so a hostile file is turned away before it can cost
memory. `render()` turns an accepted image into everything that is stored:
a clean full-size original and the renditions, all re-encoded from pixels,
so no metadata (camera, GPS, comments, XMP) and nothing appended to the file
survives.

Animated GIF, PNG and WebP files keep their first frame only: renditions of
every frame would multiply storage and decoding cost, and a lead image,
logo or portrait is a still.
"""

import hashlib
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, ImageOps

# What Pillow may try to read an upload as; every other decoder stays off.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
FORMAT_NAMES = "a JPEG, PNG, WebP or GIF image"

# Widths of the renditions that keep the image's proportions (never wider than
# the original), of the square crops, and the Open Graph card.
NATURAL_WIDTHS = (320, 640, 1024, 1600)
SQUARE_WIDTHS = (160, 320, 640)
CARD_SIZE = (1200, 630)

# Part of every file name: bump it when what render() produces changes, so
# new renditions never collide with ones made the old way.
PIPELINE_VERSION = 1

WEBP_OPTIONS = {"format": "WEBP", "quality": 80, "method": 4}
JPEG_OPTIONS = {"format": "JPEG", "quality": 85, "optimize": True, "progressive": True}
PNG_OPTIONS = {"format": "PNG", "compress_level": 6}
# The stored original is re-encoded too, at a higher quality.
ORIGINAL_OPTIONS = {
    "JPEG": {**JPEG_OPTIONS, "quality": 92},
    "PNG": PNG_OPTIONS,
    "WEBP": {**WEBP_OPTIONS, "quality": 90},
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# The longest side each format can encode. A long infographic (say 1200 ×
# 30,000) fits in PNG but not in WebP, so its renditions are scaled to fit.
MAX_SIDE = {"WEBP": 16383, "JPEG": 65535, "PNG": 2**31 - 1}
RENDITION_MAX_SIDE = min(MAX_SIDE.values())
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

# Markers of HTML, script or PDF hidden in an image file (a polyglot). Long
# enough that compressed pixel data does not contain them by chance.
POLYGLOT_MARKERS = (
    b"<script",
    b"<html",
    b"<!doctype",
    b"<iframe",
    b"<?php",
    b"javascript:",
    b"%pdf-",
)
SCAN_CHUNK = 1 << 20

SRGB = ImageCms.createProfile("sRGB")


def format_bytes(size):
    """10485760 → “10 MB”; 12897485 → “12.3 MB”; 2048 → “2 KB”."""
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def format_pixels(pixels):
    """40000000 → “40 megapixels”; 2500000 → “2.5 megapixels”; 1000 → “1,000 pixels”."""
    if pixels < 100_000:
        return f"{pixels:,} pixels"
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0") + " megapixels"


def too_many_pixels(width, height, max_pixels):
    return ValidationError(
        f"The image is {width} × {height} pixels; the limit is {format_pixels(max_pixels)}.",
        code="too_many_pixels",
    )


def file_size(file):
    """The size of an upload without reading it (UploadedFile.size, or seek to the end)."""
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, io.SEEK_END)
        file.seek(position)
    return size


def _contains_markup(file):
    """
    True when HTML, script or PDF markers appear anywhere in the file (read in
    chunks); the file is left where it was, for Pillow to go on reading.
    """
    position = file.tell()
    file.seek(0)
    overlap = max(len(marker) for marker in POLYGLOT_MARKERS)
    tail = b""
    while chunk := file.read(SCAN_CHUNK):
        window = (tail + chunk).lower()
        if any(marker in window for marker in POLYGLOT_MARKERS):
            return True
        tail = window[-overlap:]
    file.seek(position)
    return False


def open_upload(file, *, max_bytes, max_pixels, scan=True, full_size=True):
    """
    Open `file` as an image the newsroom accepts, with its first frame decoded
    (a JPEG at an eighth of its size with `full_size=False`: every byte is
    still decoded, so damage is still found, in 1/64 of the memory).

    Raises ValidationError naming the problem: empty, too many bytes, not a
    JPEG/PNG/WebP/GIF (SVG, PDF, EPS, HTML… whatever the file is called),
    something hidden in it (not looked for with `scan=False`, for files we
    wrote), too many pixels (judged from the header, before decoding —
    decompression bombs included), or truncated and damaged.
    """
    size = file_size(file)
    if not size:
        raise ValidationError("The file is empty.", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The file is {format_bytes(size)}; the limit is {format_bytes(max_bytes)}.",
            code="file_too_large",
        )
    file.seek(0)
    try:
        image = Image.open(file, formats=FORMATS)
    except Image.DecompressionBombError as error:
        raise _bomb(error, max_pixels) from error
    except Exception as error:
        # UnidentifiedImageError for other formats; malformed headers raise others.
        raise ValidationError(f"This is not {FORMAT_NAMES}.", code="not_an_image") from error
    width, height = image.size
    # Pillow's own guard (Image.MAX_IMAGE_PIXELS) stays a backstop above ours.
    limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    if width * height > limit or width < 1 or height < 1:
        dispose(image)
        raise too_many_pixels(width, height, limit)
    if scan and _contains_markup(file):
        dispose(image)
        raise ValidationError(
            "This image hides something else in its file (HTML, script or PDF); "
            "save it again as a plain JPEG, PNG, WebP or GIF.",
            code="polyglot",
        )
    if not full_size and image.format == "JPEG":
        image.draft(image.mode, ((width + 7) // 8, (height + 7) // 8))
    try:
        image.load()
    except Image.DecompressionBombError as error:
        dispose(image)
        raise _bomb(error, max_pixels) from error
    except Exception as error:
        # Any decoder failure: cut short, corrupt data, a bad palette…
        dispose(image)
        raise ValidationError("The image file is truncated or damaged.", code="damaged") from error
    return image


def dispose(image):
    """
    Free an image's pixels now. Not `Image.close()`: for a file it did not
    open itself Pillow would close it too, and the upload is still needed.
    """
    image.fp = None
    if hasattr(image, "_fp"):
        image._fp = None
    image.close()


def _bomb(error, max_pixels):
    """Pillow refused to open the file at all: far more pixels than any limit."""
    match = re.search(r"\((\d+) pixels\)", str(error))
    claimed = format_pixels(int(match.group(1))) if match else "huge"
    return ValidationError(
        f"The image claims to be {claimed}; the limit is {format_pixels(max_pixels)}.",
        code="too_many_pixels",
    )


def content_digest(file):
    """A short name for the file's content (and the pipeline version), read in chunks."""
    digest = hashlib.sha256(f"newsroom-images-v{PIPELINE_VERSION}".encode())
    file.seek(0)
    while chunk := file.read(SCAN_CHUNK):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()[:20]


# From a decoded image to clean pixels.


def clean(image):
    """
    The image as it should be shown, with nothing but pixels: upright (EXIF
    orientation applied), in sRGB, RGB or RGBA, and without any metadata.

    Consumes `image`: it is closed once converted, so that two full-size
    copies are never kept longer than the conversion takes.
    """
    source_format = image.format
    icc_profile = image.info.get("icc_profile")
    ImageOps.exif_transpose(image, in_place=True)
    converted = _to_rgb(image)
    if converted is not image:
        dispose(image)
    image = converted
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    # Encoders fall back on `info` (PNG's ICC profile, JPEG's comment): empty it.
    image.info = {}
    image.format = source_format
    return image


def _to_rgb(image):
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit greyscale: scale to 8 bits instead of clipping everything to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )
    target = "RGBA" if has_alpha else "RGB"
    # convert() to the same mode would still copy every pixel: skip it.
    converted = image if image.mode == target else image.convert(target)
    if has_alpha and converted.getchannel("A").getextrema() == (255, 255):
        # An alpha channel that is opaque everywhere is not transparency.
        converted = converted.convert("RGB")
    return converted


def _to_srgb(image, icc_profile):
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=image.mode) or image
    except (ImageCms.PyCMSError, OSError, ValueError):
        # An unreadable profile: keep the pixels as they are.
        return image


def has_alpha(image):
    return image.mode == "RGBA"


# From clean pixels to files.


@dataclass
class Output:
    """One file to store: its name suffix (after the digest), pixels' size and bytes."""

    suffix: str
    extension: str
    width: int
    height: int
    data: bytes

    @property
    def mime_type(self):
        return {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[self.extension]


def encode(image, options):
    buffer = io.BytesIO()
    fmt = options["format"]
    if fmt == "JPEG" and image.mode != "RGB":
        image = flatten(image)
    image.save(buffer, **options)
    return buffer.getvalue()


def flatten(image, background=(255, 255, 255)):
    """An RGB copy, transparent areas on white (JPEG and social cards have no alpha)."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    canvas = Image.new("RGB", image.size, background)
    canvas.paste(image, mask=image.getchannel("A"))
    return canvas


def original_format(image):
    """
    The stored original keeps a photo a photo: JPEG stays JPEG, GIF becomes
    PNG, and a WebP too long for WebP's own limit (possible in a file that
    claims it) is kept as PNG.
    """
    if image.format == "JPEG" and not has_alpha(image):
        return "JPEG"
    if image.format == "WEBP" and max(image.size) <= MAX_SIDE["WEBP"]:
        return "WEBP"
    return "PNG"


def fit_within(width, height, limit=RENDITION_MAX_SIDE):
    """(width, height) scaled down, proportions kept, until neither side exceeds `limit`."""
    scale = min(1.0, limit / width, limit / height)
    return max(1, int(width * scale)), max(1, int(height * scale))


def fallback_options(image):
    """For browsers without WebP: PNG when there is transparency, JPEG otherwise."""
    return PNG_OPTIONS if has_alpha(image) else JPEG_OPTIONS


def _resize(image, size, box=None):
    return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def _widths(available, wanted):
    """The wanted widths below `available`, then `available` itself capped at the largest."""
    largest = min(available, max(wanted))
    return [width for width in wanted if width < largest] + [largest]


def cover(image, size, focus):
    """Crop to the proportions of `size` around the focal point, then scale."""
    target_width, target_height = size
    width, height = image.size
    scale = max(target_width / width, target_height / height)
    crop_width, crop_height = target_width / scale, target_height / scale
    focus_x, focus_y = focus
    center_x = min(max(focus_x * width, crop_width / 2), width - crop_width / 2)
    center_y = min(max(focus_y * height, crop_height / 2), height - crop_height / 2)
    box = (
        center_x - crop_width / 2,
        center_y - crop_height / 2,
        center_x + crop_width / 2,
        center_y + crop_height / 2,
    )
    return _resize(image, size, box=box)


def contain(image, size, margin=0.1):
    """The whole image inside `size`, with a margin, on a transparent background (logos)."""
    target_width, target_height = size
    width, height = image.size
    scale = min(target_width * (1 - 2 * margin) / width, target_height * (1 - 2 * margin) / height)
    inner = (max(1, round(width * scale)), max(1, round(height * scale)))
    canvas = Image.new("RGBA", size, (255, 255, 255, 0))
    resized = _resize(image.convert("RGBA"), inner)
    canvas.paste(
        resized, ((target_width - inner[0]) // 2, (target_height - inner[1]) // 2), resized
    )
    return canvas


def crop_suffix(fit, focus):
    """Crops around a focal point are named after it, so moving it makes new files."""
    if fit == "contain":
        return ""
    return f"-f{round(focus[0] * 100):02d}{round(focus[1] * 100):02d}"


def render(image, *, fit="cover", focus=(0.5, 0.5), original=True):
    """
    Every file for a clean image: the original (unless `original` is False),
    natural-proportion renditions and square crops in WebP and a JPEG/PNG
    fallback, and the 1200×630 social card. Returns (outputs, manifest), the
    manifest holding sizes and suffixes (the caller turns suffixes into names).
    """
    outputs = []
    width, height = image.size
    fallback = fallback_options(image)
    fallback_extension = EXTENSIONS[fallback["format"]]
    manifest = {
        "version": PIPELINE_VERSION,
        "width": width,
        "height": height,
        "fit": fit,
        "focus": list(focus) if fit == "cover" else None,
        "fallback_type": MIME_TYPES[fallback["format"]],
        "natural": [],
        "square": [],
    }
    if original:
        fmt = original_format(image)
        outputs.append(
            Output("", EXTENSIONS[fmt], width, height, encode(image, ORIGINAL_OPTIONS[fmt]))
        )

    def add(kind, suffix, picture):
        entry = {"width": picture.width, "height": picture.height}
        for key, options, extension in (
            ("webp", WEBP_OPTIONS, "webp"),
            ("fallback", fallback, fallback_extension),
        ):
            outputs.append(
                Output(suffix, extension, picture.width, picture.height, encode(picture, options))
            )
            entry[key] = f"{suffix}.{extension}"
        manifest[kind].append(entry)

    # Largest first, each scaled from the one before: quicker, and as sharp. A
    # very long image is narrower than the width asked, so that every format
    # can hold it; widths that come out the same are made once.
    source = image
    for target in sorted(_widths(width, NATURAL_WIDTHS), reverse=True):
        size = fit_within(target, max(1, round(height * target / width)))
        if manifest["natural"] and manifest["natural"][-1]["width"] == size[0]:
            continue
        source = source if source.size == size else _resize(source, size)
        add("natural", f"-{target}w", source)
    manifest["natural"].reverse()

    crop = crop_suffix(fit, focus)
    squares = sorted(_widths(min(width, height), SQUARE_WIDTHS), reverse=True)
    source = None
    for side in squares:
        if source is None:
            source = (
                contain(image, (side, side))
                if fit == "contain"
                else cover(image, (side, side), focus)
            )
        elif source.width != side:
            source = _resize(source, (side, side))
        add("square", f"-square{crop}-{side}", source)
    manifest["square"].reverse()

    card = contain(image, CARD_SIZE) if fit == "contain" else cover(image, CARD_SIZE, focus)
    card = flatten(card)
    card_options = PNG_OPTIONS if fit == "contain" else JPEG_OPTIONS
    card_extension = EXTENSIONS[card_options["format"]]
    suffix = f"-card{crop}"
    outputs.append(Output(suffix, card_extension, *CARD_SIZE, encode(card, card_options)))
    manifest["card"] = {
        "width": CARD_SIZE[0],
        "height": CARD_SIZE[1],
        "path": f"{suffix}.{card_extension}",
    }
    return outputs, manifest
