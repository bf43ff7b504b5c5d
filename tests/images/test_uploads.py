"""
Images: hostile uploads are refused through the desk with a clear error and
nothing stored; accepted ones are stored upright and without metadata, with
renditions that are reused, served with sizes, and deleted with the image.
"""

import datetime
import functools
import io
import json
import mimetypes
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import reversion
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image, ImageFile
from reversion.models import Version

from articles.models import Article, ArticleConflict
from images import pipeline as images_pipeline
from images.fields import manifest_files
from organizations.models import Organization, Person
from tests.factories import (
    ArticleFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
    published_article,
)
from tests.forms import form_data
from tests.html_checker import html_errors

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# Files, good and hostile, made here.


def jpeg(size=(120, 80), color=(200, 40, 40), **options):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **options)
    return buffer.getvalue()


@functools.cache
def noisy_jpeg(size=(400, 300)):
    """A JPEG of noise: every byte of it is image data, so cutting it really truncates it."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def black_png(width, height):
    """
    A 1-bit black PNG of any size, written row by row: it claims width × height
    pixels but compresses about a thousandfold (the decompression bomb).
    """
    compressor = zlib.compressobj(9)
    row = b"\x00" + bytes((width + 7) // 8)
    rows = [compressor.compress(row * 100) for _ in range(height // 100)]
    data = b"".join(rows) + compressor.compress(row * (height % 100)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
    b'<script type="text/javascript">alert(document.cookie)</script>'
    b'<rect width="64" height="64" fill="red"/></svg>'
)
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)
EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 64 64\n"
    b"newpath 0 0 moveto 64 64 lineto stroke showpage\n%%EOF\n"
)

NOT_AN_IMAGE = "This is not a JPEG, PNG, WebP or GIF image."

HOSTILE = {
    "decompression bomb": (
        "bomb.png",
        lambda: black_png(20_000, 20_000),
        "The image claims to be 400 megapixels; the limit is 40 megapixels.",
    ),
    "too many pixels": (
        "huge.png",
        lambda: black_png(8_000, 6_000),
        "The image is 8000 × 6000 pixels; the limit is 40 megapixels.",
    ),
    "SVG with a script": ("logo.svg", lambda: SVG_WITH_SCRIPT, NOT_AN_IMAGE),
    "PDF renamed .jpg": ("photo.jpg", lambda: PDF, NOT_AN_IMAGE),
    "EPS": ("drawing.eps", lambda: EPS, NOT_AN_IMAGE),
    "HTML renamed .png": (
        "page.png",
        lambda: b"<html><script>alert(1)</script></html>",
        NOT_AN_IMAGE,
    ),
    "JPEG with a script appended": (
        "polyglot.jpg",
        lambda: jpeg() + b"<script>alert(document.cookie)</script>",
        "This image hides something else in its file (HTML, script or PDF)",
    ),
    "truncated JPEG": (
        "cut.jpg",
        lambda: noisy_jpeg()[: len(noisy_jpeg()) // 2],
        "The image file is truncated or damaged.",
    ),
    "empty file": ("empty.jpg", lambda: b"", "The file is empty."),
}


# The three forms that take an image, filled in as the desk would.


def add_form(client, model, form_id, **values):
    """POST data for a model's admin add form: as rendered, then `values` on top."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    data = form_data(client.get(url).content.decode(), form_id)
    data.update(values)
    return url, data


def article_form(client, image=None, **values):
    section = SectionFactory()
    defaults = {
        "headline": "Mila and AI Sweden join forces",
        "slug": "mila-and-ai-sweden-join-forces",
        "section": str(section.pk),
        "lead_image_alt": "Two researchers at a whiteboard.",
        "lead_image_caption": "At Mila's offices in Montreal.",
        "lead_image_credit": "Photo: Newsroom",
    }
    url, data = add_form(client, Article, "article_form", **{**defaults, **values})
    if image is not None:
        data["lead_image"] = image
    return url, data


def organization_form(client, image=None, **values):
    url, data = add_form(
        client,
        Organization,
        "organization_form",
        name="Mila",
        slug="mila",
        description_en="Montreal research institute.",
        **values,
    )
    if image is not None:
        data["logo"] = image
    return url, data


def person_form(client, image=None, **values):
    url, data = add_form(
        client,
        Person,
        "person_form",
        name="Yoshua Bengio",
        slug="yoshua-bengio",
        bio_en="Founder and Scientific Director of Mila.",
        **values,
    )
    if image is not None:
        data["photo"] = image
    return url, data


FORMS = {
    "lead image": (article_form, Article, "lead_image", "Mila and AI Sweden join forces"),
    "logo": (organization_form, Organization, "logo", "Montreal research institute."),
    "portrait": (person_form, Person, "photo", "Founder and Scientific Director of Mila."),
}


def stored_files():
    """Every file under MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return set()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def modification_times():
    root = Path(settings.MEDIA_ROOT)
    return {name: os.stat(root / name).st_mtime_ns for name in stored_files()}


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Refusals.


@pytest.mark.parametrize("target", sorted(FORMS))
@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_upload_is_refused_with_a_form_error_and_nothing_stored(admin_client, target, case):
    make_form, model, field, kept_text = FORMS[target]
    file_name, make_content, message = HOSTILE[case]
    url, data = make_form(admin_client, upload(file_name, make_content()))

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field]), errors
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html or message in html
    assert kept_text in html  # the rest of the input is still in the form
    assert not model.objects.exists()
    assert stored_files() == set()


@pytest.mark.parametrize("target", sorted(FORMS))
def test_file_over_the_byte_limit_is_refused_before_it_is_read(admin_client, settings, target):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1024
    make_form, model, field, kept_text = FORMS[target]
    content = noisy_jpeg((200, 200))
    url, data = make_form(admin_client, upload("big.jpg", content))

    response = admin_client.post(url, data)

    expected = f"The file is {images_pipeline.format_bytes(len(content))}; the limit is 1 KB."
    assert response.context["adminform"].form.errors[field] == [expected]
    assert kept_text in response.content.decode()
    assert not model.objects.exists()
    assert stored_files() == set()


def test_default_limits_are_ten_megabytes_and_forty_megapixels():
    assert settings.IMAGE_MAX_UPLOAD_BYTES == 10 * 1024 * 1024
    assert settings.IMAGE_MAX_PIXELS == 40_000_000
    assert images_pipeline.format_bytes(12_897_485) == "12.3 MB"
    assert images_pipeline.format_pixels(40_000_000) == "40 megapixels"


def test_decompression_bomb_is_refused_from_its_header_without_decoding(monkeypatch):
    def no_decoding(self):
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    for width, height in [(20_000, 20_000), (8_000, 6_000)]:
        with pytest.raises(ValidationError) as refused:
            images_pipeline.open_upload(
                io.BytesIO(black_png(width, height)), max_bytes=10**7, max_pixels=40_000_000
            )
        assert refused.value.code == "too_many_pixels"


def test_pixel_limit_follows_the_setting(admin_client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000
    url, data = person_form(admin_client, upload("portrait.jpg", jpeg((50, 40))))

    response = admin_client.post(url, data)

    assert response.context["adminform"].form.errors["photo"] == [
        "The image is 50 × 40 pixels; the limit is 1,000 pixels."
    ]


def test_saving_a_hostile_file_outside_the_desk_is_refused_too():
    article = ArticleFactory()
    article.lead_image = ContentFile(PDF, name="report.jpg")

    with pytest.raises(ValidationError):
        article.save()

    assert stored_files() == set()


# What is stored.


def camera_jpeg():
    """A photo as a phone writes it: sideways (orientation 6), with camera, GPS and comments."""
    image = Image.new("RGB", (120, 80), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 60, 80))  # left half red, right half blue
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS 5D Mark IV"
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {1: "N", 2: (45.0, 30.0, 15.0), 3: "W", 4: (73.0, 34.0, 0.0)}
    )
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'exif:GPSLatitude="45,30.25N"/></rdf:RDF></x:xmpmeta>'
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif, xmp=xmp, comment=b"Owner: Jane Doe")
    data = buffer.getvalue()
    assert b"Exif" in data and b"GPS" in data and b"Canon" in data
    return data


def test_camera_jpeg_is_stored_upright_with_no_metadata_in_any_file(admin_client):
    url, data = person_form(admin_client, upload("IMG_0001.JPG", camera_jpeg()))

    response = admin_client.post(url, data)

    assert response.status_code == 302
    person = Person.objects.get()
    files = stored_files()
    assert len(files) > 5  # the original and its renditions
    for name in files:
        raw = (Path(settings.MEDIA_ROOT) / name).read_bytes()
        for marker in (b"Exif", b"GPS", b"Canon", b"xmpmeta", b"Jane Doe"):
            assert marker not in raw, (name, marker)
        with Image.open(io.BytesIO(raw)) as stored:
            assert len(stored.getexif()) == 0, name
            assert not {"exif", "xmp", "comment", "icc_profile"} & set(stored.info), name
    with person.photo.open() as original, Image.open(original) as image:
        # Orientation 6 is a quarter turn clockwise: the red left half ends up on top.
        assert image.size == (80, 120)
        red, _green, blue = image.convert("RGB").getpixel((40, 10))
        assert red > 200 and blue < 60
        red, _green, blue = image.convert("RGB").getpixel((40, 110))
        assert blue > 200 and red < 60


def test_uploads_are_named_by_content_not_by_the_uploaded_name(admin_client):
    url, data = person_form(admin_client, upload("../../etc/evil name.php.jpg", jpeg()))

    admin_client.post(url, data)

    assert stored_files()
    for name in stored_files():
        assert name.startswith("people/photos/")
        assert name.rsplit(".", 1)[1] in {"jpg", "png", "webp"}
        assert "evil" not in name and "php" not in name
        # Served by extension, as an image: never a type a browser would run.
        assert mimetypes.guess_type(name)[0] in {"image/jpeg", "image/png", "image/webp"}


def encoded(fmt, mode="RGB", size=(300, 120), **options):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "stored_as"),
    [
        ("logo.jpg", lambda: encoded("JPEG"), ".jpg"),
        ("logo.png", lambda: encoded("PNG", "RGBA"), ".png"),
        ("logo.webp", lambda: encoded("WEBP"), ".webp"),
        ("logo.gif", lambda: encoded("GIF", "P"), ".png"),
        ("logo", lambda: encoded("PNG", "L"), ".png"),  # the name does not matter
    ],
)
def test_jpeg_png_webp_and_gif_are_accepted_through_the_desk(
    admin_client, name, content, stored_as
):
    url, data = organization_form(admin_client, upload(name, content()))

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    organization = Organization.objects.get()
    assert organization.logo.name.endswith(stored_as)
    assert organization.logo_picture is not None
    assert stored_files() == manifest_files(organization.logo_renditions)


def test_transparent_png_keeps_its_transparency_with_png_fallbacks():
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    image.paste((19, 64, 124, 255), (100, 50, 300, 150))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    organization = OrganizationFactory(logo=ContentFile(buffer.getvalue(), name="logo.png"))

    manifest = organization.logo_renditions
    assert manifest["fallback_type"] == "image/png"
    assert organization.logo.name.endswith(".png")
    assert all(entry["fallback"].endswith(".png") for entry in manifest["natural"])
    with Image.open(organization.logo.path) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0


def test_animated_gif_keeps_its_first_frame_as_a_png():
    frames = [Image.new("P", (64, 64), color) for color in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)

    person = PersonFactory(photo=ContentFile(buffer.getvalue(), name="wave.gif"))

    assert person.photo.name.endswith(".png")
    with Image.open(person.photo.path) as stored:
        assert getattr(stored, "n_frames", 1) == 1


# Renditions.


def test_renditions_at_several_widths_in_webp_and_jpeg(admin_client):
    url, data = article_form(admin_client, upload("wide.jpg", jpeg((1700, 900))))

    admin_client.post(url, data)

    article = Article.objects.get()
    manifest = article.lead_image_renditions
    assert [entry["width"] for entry in manifest["natural"]] == [320, 640, 1024, 1600]
    assert manifest["natural"][-1]["height"] == 847
    assert [entry["width"] for entry in manifest["square"]] == [160, 320, 640]
    assert (manifest["card"]["width"], manifest["card"]["height"]) == (1200, 630)
    digest = Path(article.lead_image.name).parent.name
    files = stored_files()
    for name in manifest_files(manifest):
        assert name in files
        assert digest in Path(name).name
    for entry in manifest["natural"]:
        with Image.open(Path(settings.MEDIA_ROOT) / entry["webp"]) as webp:
            assert (webp.format, webp.size) == ("WEBP", (entry["width"], entry["height"]))
        with Image.open(Path(settings.MEDIA_ROOT) / entry["fallback"]) as fallback:
            assert fallback.format == "JPEG"
    with Image.open(Path(settings.MEDIA_ROOT) / manifest["card"]["path"]) as card:
        assert card.size == (1200, 630)


def test_small_image_is_never_enlarged():
    article = ArticleFactory(lead_image=ContentFile(jpeg((500, 300)), name="small.jpg"))

    widths = [entry["width"] for entry in article.lead_image_renditions["natural"]]
    assert widths == [320, 500]


def test_renditions_are_made_once_and_reused_by_later_saves(admin_client):
    url, data = article_form(admin_client, upload("photo.jpg", jpeg((900, 600))))
    admin_client.post(url, data)
    article = Article.objects.get()
    before = modification_times()
    manifest = article.lead_image_renditions

    change_url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(admin_client.get(change_url).content.decode(), "article_form")
    data["headline"] = "Mila and AI Sweden sign a partnership"
    response = admin_client.post(change_url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Mila and AI Sweden sign a partnership"
    assert article.lead_image_renditions == manifest
    assert modification_times() == before


def test_the_same_upload_twice_shares_its_files(django_capture_on_commit_callbacks):
    content = jpeg((700, 400))
    first = ArticleFactory(lead_image=ContentFile(content, name="a.jpg"))
    files = stored_files()

    second = ArticleFactory(lead_image=ContentFile(content, name="b.jpg"))

    assert second.lead_image.name == first.lead_image.name
    assert stored_files() == files
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert stored_files() == files  # still the second article's
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert stored_files() == set()


def test_replacing_clearing_and_deleting_leave_no_files_behind(
    admin_client, django_capture_on_commit_callbacks
):
    url, data = person_form(admin_client, upload("first.jpg", jpeg((400, 400), (200, 0, 0))))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, data)
    person = Person.objects.get()
    first = stored_files()
    assert first == manifest_files(person.photo_renditions)
    change_url = reverse("admin:organizations_person_change", args=[person.pk])

    data = form_data(admin_client.get(change_url).content.decode(), "person_form")
    data["photo"] = upload("second.jpg", jpeg((400, 400), (0, 200, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change_url, data)
    person.refresh_from_db()
    assert stored_files() == manifest_files(person.photo_renditions)
    assert not stored_files() & first

    data = form_data(admin_client.get(change_url).content.decode(), "person_form")
    data["photo-clear"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change_url, data)
    person.refresh_from_db()
    assert not person.photo
    assert person.photo_renditions == {}
    assert stored_files() == set()

    person.photo = ContentFile(jpeg(), name="third.jpg")
    person.save()
    assert stored_files()
    delete_url = reverse("admin:organizations_person_delete", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(delete_url, {"post": "yes"})
    assert not Person.objects.exists()
    assert stored_files() == set()


def test_moving_the_focal_point_recrops_and_removes_the_old_crops(
    django_capture_on_commit_callbacks,
):
    article = ArticleFactory(lead_image=ContentFile(jpeg((1000, 500)), name="wide.jpg"))
    natural = article.lead_image_renditions["natural"]
    old_crops = {entry["webp"] for entry in article.lead_image_renditions["square"]}

    article.lead_image_focus_x = 0.2
    with django_capture_on_commit_callbacks(execute=True):
        article.save()

    manifest = article.lead_image_renditions
    assert manifest["natural"] == natural
    assert manifest["focus"] == [0.2, 0.5]
    assert all("-f2050-" in entry["webp"] for entry in manifest["square"])
    assert stored_files() == manifest_files(manifest)
    assert not old_crops & stored_files()


def test_focal_point_decides_what_the_square_crop_keeps():
    image = Image.new("RGB", (900, 300), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 300, 300))  # the subject, on the left
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    person = PersonFactory(
        photo=ContentFile(buffer.getvalue(), name="p.png"), photo_focus_x=0.1, photo_focus_y=0.5
    )

    square = person.photo_renditions["square"][-1]
    with Image.open(Path(settings.MEDIA_ROOT) / square["fallback"]) as crop:
        red, _green, blue = crop.convert("RGB").getpixel((crop.width // 2, crop.height // 2))
    assert red > 200 and blue < 60


def test_a_failed_save_removes_the_files_it_wrote():
    article = ArticleFactory()
    stale = Article.objects.get(pk=article.pk)
    article.save()  # someone else saved first

    stale.lead_image = ContentFile(jpeg(), name="late.jpg")
    with pytest.raises(ArticleConflict):
        stale.save()

    assert stored_files() == set()


def test_restoring_a_revision_keeps_the_current_lead_image(django_capture_on_commit_callbacks):
    with reversion.create_revision():
        article = ArticleFactory(
            lead_image=ContentFile(jpeg(color=(200, 0, 0)), name="first.jpg"),
            lead_image_alt="A red square.",
            headline="First headline",
        )
    with django_capture_on_commit_callbacks(execute=True), reversion.create_revision():
        article.lead_image = ContentFile(jpeg(color=(0, 0, 200)), name="second.jpg")
        article.lead_image_alt = "A blue square."
        article.headline = "Second headline"
        article.save()
    current = article.lead_image.name

    Version.objects.get_for_object(article).order_by("pk").first().revision.revert()

    article.refresh_from_db()
    assert article.headline == "First headline"  # the words come back
    assert (article.lead_image.name, article.lead_image_alt) == (current, "A blue square.")
    assert manifest_files(article.lead_image_renditions) <= stored_files()


def test_prune_deletes_files_no_row_refers_to():
    article = ArticleFactory(lead_image=ContentFile(jpeg(), name="kept.jpg"))
    kept = stored_files()
    orphan = Path(settings.MEDIA_ROOT) / "articles/lead/0123456789abcdef0123/leftover.webp"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"RIFF")

    call_command("prune_images", "--min-age", "0", stdout=io.StringIO())

    assert stored_files() == kept
    assert article.lead_picture is not None


def test_rebuild_cleans_an_image_stored_before_the_pipeline(django_capture_on_commit_callbacks):
    legacy = "articles/lead/2024/05/IMG_0001.jpg"
    path = Path(settings.MEDIA_ROOT) / legacy
    path.parent.mkdir(parents=True)
    path.write_bytes(camera_jpeg())
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(lead_image=legacy)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_images", stdout=io.StringIO())

    article.refresh_from_db()
    assert article.lead_image.name != legacy
    assert article.lead_picture is not None
    assert stored_files() == manifest_files(article.lead_image_renditions)
    with Image.open(article.lead_image.path) as clean:
        assert clean.size == (80, 120)
        assert len(clean.getexif()) == 0
    assert article.version == 1  # nothing else about the article changed


# Alt text.


def test_publishing_with_a_lead_image_needs_alt_text(admin_client):
    url, data = article_form(
        admin_client,
        upload("photo.jpg", jpeg()),
        lead_image_alt="",
        status=Article.Status.PUBLISHED,
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_image_alt"] == [
        "Describe the lead image for readers who cannot see it before publishing "
        "(or scheduling) the story."
    ]
    assert not Article.objects.exists()
    # Only the upload kept for the form's next post (`images.pending`), which
    # `prune_images` sweeps if it never comes.
    assert [name.split("/")[:3] for name in stored_files()] == [["articles", "lead", "pending"]]


def test_scheduling_with_a_lead_image_needs_alt_text_too(admin_client):
    url, data = article_form(
        admin_client,
        upload("photo.jpg", jpeg()),
        lead_image_alt="  ",
        status=Article.Status.PUBLISHED,
        published_at_0="2999-01-01",
        published_at_1="08:00:00",
    )

    response = admin_client.post(url, data)

    assert "lead_image_alt" in response.context["adminform"].form.errors


def test_a_draft_may_wait_for_its_alt_text(admin_client):
    url, data = article_form(admin_client, upload("photo.jpg", jpeg()), lead_image_alt="")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Article.objects.get().needs_alt_text


def test_publish_now_action_skips_stories_whose_image_has_no_alt_text(admin_client):
    undescribed = ArticleFactory(
        lead_image=ContentFile(jpeg(), name="a.jpg"), headline="Bare", bylined=True
    )
    described = ArticleFactory(
        lead_image=ContentFile(jpeg(), name="b.jpg"), lead_image_alt="A lab bench.", bylined=True
    )

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [undescribed.pk, described.pk]},
    )

    undescribed.refresh_from_db()
    described.refresh_from_db()
    assert described.is_published
    assert not undescribed.is_published
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(
        note.startswith("“Bare”: Not published") and "the lead image has no alt text" in note
        for note in notes
    )


# Pages.


def lead_story(**kwargs):
    return published_article(
        lead_image=ContentFile(jpeg((1700, 900)), name="lead.jpg"),
        lead_image_alt="Researchers at a whiteboard covered in equations.",
        lead_image_caption="At Mila's offices in Montreal.",
        lead_image_credit="Photo: Newsroom",
        **kwargs,
    )


def test_article_page_serves_renditions_with_sizes_caption_and_credit(client):
    article = lead_story()

    html = client.get(article.get_absolute_url()).content.decode()

    manifest = article.lead_image_renditions
    webp_srcset = ", ".join(
        f"/media/{entry['webp']} {entry['width']}w" for entry in manifest["natural"]
    )
    assert f'<source type="image/webp" srcset="{webp_srcset}"' in html
    assert f"/media/{manifest['natural'][0]['fallback']} 320w" in html
    assert 'width="1600" height="847"' in html
    assert 'alt="Researchers at a whiteboard covered in equations."' in html
    assert 'fetchpriority="high"' in html  # above the fold: not lazy
    assert 'loading="lazy"' not in html.split('class="story__img"')[0].rsplit("<img", 1)[1]
    assert "At Mila&#x27;s offices in Montreal." in html
    assert '<span class="credit">Photo: Newsroom</span>' in html
    card = f"http://testserver/media/{manifest['card']['path']}"
    assert f'<meta property="og:image" content="{card}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_article_structured_data_lists_the_card_square_and_full_image(client):
    article = lead_story()

    html = client.get(article.get_absolute_url()).content.decode()

    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    sizes = [(image["width"], image["height"]) for image in data["image"]]
    assert sizes == [(1200, 630), (640, 640), (1600, 847)]
    assert all(image["url"].startswith("http://testserver/media/") for image in data["image"])


def test_front_page_lead_is_eager_and_cards_are_lazy(client):
    section = SectionFactory()
    lead_story(section=section, published_at=datetime.datetime(2024, 5, 2, tzinfo=datetime.UTC))
    lead_story(section=section, published_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))

    html = client.get("/").content.decode()

    assert html.count("<picture>") == 2
    lead, card = html.split("<picture>")[1:]
    assert 'class="lead-story__image"' in lead and 'loading="lazy"' not in lead.split(">")[1]
    assert 'class="card__image"' in card and 'loading="lazy"' in card


def test_organization_page_serves_its_logo_with_alt_text_from_the_name(client):
    organization = OrganizationFactory(
        name="Mila", logo=ContentFile(jpeg((600, 200)), name="mila.png")
    )

    html = client.get(organization.get_absolute_url()).content.decode()

    square = organization.logo_renditions["square"]
    assert 'alt="Logo of Mila"' in html
    assert f"/media/{square[0]['webp']} 160w" in html
    assert 'width="200" height="200"' in html
    assert f"/media/{organization.logo_renditions['card']['path']}" in html  # og:image


def test_person_page_serves_a_square_portrait_with_alt_text_from_the_name(client):
    person = PersonFactory(
        name="Yoshua Bengio", photo=ContentFile(jpeg((600, 800)), name="bengio.jpg")
    )

    html = client.get(person.get_absolute_url()).content.decode()

    square = person.photo_renditions["square"]
    assert 'alt="Portrait of Yoshua Bengio"' in html
    assert f"/media/{square[0]['webp']} 160w" in html
    assert f"/media/{square[-1]['fallback']} 600w" in html
    assert 'width="600" height="600"' in html


def test_images_add_no_queries_to_the_front_page(client, django_assert_num_queries):
    section = SectionFactory()
    for _ in range(3):
        published_article(section=section)
    client.get("/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without_images:
        client.get("/")
    for _ in range(3):
        lead_story(section=section)

    with django_assert_num_queries(len(without_images)):
        assert client.get("/").content.decode().count("<picture>") == 3  # the lead, two cards


def test_pages_with_images_pass_the_nu_html_checker(client, tmp_path):
    # Whole seconds: the templates print publish times to the microsecond, which the
    # checker refuses (more than three digits of a second) whatever the images.
    article = lead_story(published_at=datetime.datetime(2024, 5, 2, 9, 30, tzinfo=datetime.UTC))
    article.organizations.add(
        OrganizationFactory(slug="mila", logo=ContentFile(jpeg((300, 100)), name="l.jpg"))
    )
    article.people.add(PersonFactory(slug="bengio", photo=ContentFile(jpeg(), name="p.jpg")))
    pages = {
        name: client.get(path).content
        for name, path in {
            "home": "/",
            "article": article.get_absolute_url(),
            "organization": "/organizations/mila/",
            "person": "/people/bengio/",
        }.items()
    }

    assert html_errors(pages, tmp_path) == []


# Storage settings.


def run_django(*args, **environment):
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "tests-only", **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_media_goes_to_s3_compatible_storage_when_configured():
    result = run_django(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location, "
        "s.object_parameters['CacheControl'])",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "newsroom-media",
        "https://s3.example.org",
        "media",
        "public,",
        "max-age=31536000,",
        "immutable",
    ]


def test_an_unknown_media_storage_is_refused_at_startup():
    result = run_django("check", MEDIA_STORAGE="ftp")

    assert result.returncode != 0
    assert "MEDIA_STORAGE must be 'filesystem' or 's3'" in result.stderr


def test_demo_stories_get_the_projects_own_illustrations_once(django_capture_on_commit_callbacks):
    call_command("load_demo", stdout=io.StringIO())
    files = stored_files()
    story = Article.objects.get(slug="mila-partners-with-ai-sweden")

    call_command("load_demo", stdout=io.StringIO())

    assert stored_files() == files
    assert story.lead_picture is not None
    assert story.lead_image_credit == "Illustration: Newsroom"
    assert story.lead_image_alt.startswith("Illustration: ")
    assert all(article.lead_picture for article in Article.objects.all())


def test_the_desk_shows_a_stored_logo_with_its_square_and_card_crops(admin_client):
    url, data = organization_form(admin_client, upload("logo.png", encoded("PNG", "RGBA")))
    admin_client.post(url, data)
    organization = Organization.objects.get()

    page = admin_client.get(
        reverse("admin:organizations_organization_change", args=[organization.pk])
    )

    html = page.content.decode()
    assert '<img src="' in html and 'alt="Logo of Mila"' in html
    assert "<figcaption>Square crop</figcaption>" in html
    assert "&lt;figure" not in html
