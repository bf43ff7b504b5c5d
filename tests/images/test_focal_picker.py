"""
The focal-point picker: the stored image, small, with a marker where the
focal point is, named for screen readers and tied to the form's two inputs;
and crop previews placed exactly where the pipeline crops.
"""

import io

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils.safestring import SafeString
from lxml import html
from PIL import Image

from images import focal, pipeline
from tests.factories import ArticleFactory, PersonFactory
from tests.html_checker import html_errors

pytestmark = pytest.mark.django_db


def jpeg(size=(800, 500), color=(40, 90, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def illustrated(size=(800, 500), **kwargs):
    return ArticleFactory(lead_image=ContentFile(jpeg(size), name="lead.jpg"), **kwargs)


def one(tree, xpath):
    [element] = tree.xpath(xpath)
    return element


def test_picker_marks_the_saved_focal_point_on_a_small_rendition():
    article = illustrated(lead_image_focus_x=0.25, lead_image_focus_y=0.75)
    picture = article.lead_picture

    tree = html.fragment_fromstring(focal.focal_point_picker(picture), create_parent="div")

    image = one(tree, "//img[@class='focal-picker__image']")
    # The 640-pixel rendition (and a srcset), never the original upload.
    assert image.get("src") == picture.natural.src
    assert image.get("src").endswith("-640w.jpg")
    assert image.get("srcset") == picture.natural.srcset
    assert image.get("style") == "width: 480px"
    assert image.get("draggable") == "false"
    marker = one(tree, "//span[@class='focal-picker__marker']")
    assert marker.get("style") == "left: 25%; top: 75%"
    assert marker.get("aria-hidden") == "true"
    status = one(tree, "//output[@class='focal-picker__status']")
    assert status.text_content() == "Focal point 25% across, 75% down"
    assert "800 × 500 pixels" in tree.text_content()


def test_picker_is_a_named_keyboard_control_tied_to_the_two_inputs():
    picture = illustrated().lead_picture

    tree = html.fragment_fromstring(focal.focal_point_picker(picture), create_parent="div")

    picker = one(tree, "//div[@class='focal-picker']")
    assert picker.get("data-focus-x-input") == "id_lead_image_focus_x"
    assert picker.get("data-focus-y-input") == "id_lead_image_focus_y"
    frame = one(tree, "//div[@class='focal-picker__frame']")
    assert frame.get("tabindex") == "0"
    assert frame.get("role") == "application"
    assert frame.get("aria-label") == "Focal point"
    # What it says when focused: where the point is, and how to move it.
    described = [one(tree, f"//*[@id='{id}']") for id in frame.get("aria-describedby").split()]
    assert [element.text_content() for element in described] == [
        "Focal point 50% across, 50% down",
        "Click the subject to set the focal point, or focus the image and use the "
        "arrow keys (with Shift for bigger steps).",
    ]


def test_picker_works_for_any_image_field_and_its_inputs():
    person = PersonFactory(
        photo=ContentFile(jpeg((400, 600)), name="p.jpg"), photo_focus_x=0.4, photo_focus_y=0.2
    )

    tree = html.fragment_fromstring(
        focal.focal_point_picker(person.photo_picture, "id_photo_focus_x", "id_photo_focus_y"),
        create_parent="div",
    )

    picker = one(tree, "//div[@class='focal-picker']")
    assert picker.get("data-focus-x-input") == "id_photo_focus_x"
    assert one(tree, "//div[@class='focal-picker__frame']").get("id") == "id_photo_focus_x-picker"
    assert one(tree, "//span[@class='focal-picker__marker']").get("style") == "left: 40%; top: 20%"
    # A portrait at most 360 pixels high: 240 wide.
    assert one(tree, "//img[@class='focal-picker__image']").get("style") == "width: 240px"
    square = one(tree, "//img[contains(@class, 'focal-picker__square')]")
    assert square.get("data-focus-y-input") == "id_photo_focus_y"


def test_picker_shows_its_square_crop_where_the_pipeline_cut_it():
    picture = illustrated(lead_image_focus_x=0.9, lead_image_focus_y=0.5).lead_picture

    tree = html.fragment_fromstring(focal.focal_point_picker(picture), create_parent="div")

    square = one(tree, "//img[contains(@class, 'crop-preview')]")
    # 800 × 500 cut to 500 × 500 around x = 720: as far right as it goes.
    assert square.get("style") == "aspect-ratio: 1 / 1; object-position: 100% 50%"
    assert square.get("alt") == ""
    assert (square.get("data-image-width"), square.get("data-image-height")) == ("800", "500")
    assert (square.get("data-crop-width"), square.get("data-crop-height")) == ("1", "1")


def test_a_focal_point_given_overrides_the_saved_one():
    # A form sent back with an error shows the point the editor chose, not the saved one.
    picture = illustrated().lead_picture

    tree = html.fragment_fromstring(
        focal.focal_point_picker(picture, focus=(0.333, None)), create_parent="div"
    )

    assert one(tree, "//span[@class='focal-picker__marker']").get("style") == "left: 33%; top: 50%"


def test_picker_without_an_image_says_so():
    assert focal.focal_point_picker(None) == "No image yet."
    assert focal.focal_point_picker(None, empty="Upload an image first.") == (
        "Upload an image first."
    )


def test_picker_is_safe_html_with_the_alt_text_escaped():
    picture = illustrated(lead_image_alt='A "quoted" <b>harbour</b>').lead_picture

    rendered = focal.focal_point_picker(picture)

    assert isinstance(rendered, SafeString)
    assert "<b>" not in rendered
    tree = html.fragment_fromstring(rendered, create_parent="div")
    image = one(tree, "//img[@class='focal-picker__image']")
    assert image.get("alt") == 'A "quoted" <b>harbour</b>'


@pytest.mark.parametrize(
    ("size", "crop_size", "focus"),
    [
        ((1600, 1000), (1200, 630), (0.5, 0.5)),
        ((1600, 1000), (1200, 630), (0.1, 0.05)),
        ((1600, 1000), (1200, 630), (0.9, 0.8)),
        ((1600, 1000), (1200, 630), (0.25, 0.62)),
        ((600, 1200), (1200, 630), (0.3, 0.7)),
        ((500, 300), (1200, 630), (0.8, 0.3)),
        ((1000, 1000), (1, 1), (0.2, 0.2)),
        ((800, 500), (1, 1), (0.7, 0.4)),
        ((400, 900), (1, 1), (0.5, 0.95)),
    ],
)
def test_crop_position_is_where_the_pipeline_crops(monkeypatch, size, crop_size, focus):
    boxes = []
    monkeypatch.setattr(pipeline, "_resize", lambda image, size, box=None: boxes.append(box))
    pipeline.cover(Image.new("RGB", size), crop_size, focus)
    left, top, right, bottom = boxes[0]
    width, height = size

    x, y = focal.crop_position(width, height, focus, crop_size)

    # object-position p puts the crop's left edge p of the way along the spare room.
    spare_x, spare_y = width - (right - left), height - (bottom - top)
    assert x * spare_x == pytest.approx(left, abs=1e-6)
    assert y * spare_y == pytest.approx(top, abs=1e-6)
    if spare_x < 0.5:
        assert x == 0.5
    if spare_y < 0.5:
        assert y == 0.5


def test_object_position_is_css_percentages():
    # 1600 × 1000 to a card: the whole width, 840 of the 1000 pixels down.
    assert focal.object_position(1600, 1000, (0.5, 0.5), (1200, 630)) == "50% 50%"
    assert focal.object_position(1600, 1000, (0.9, 0.1), (1200, 630)) == "50% 0%"
    assert focal.object_position(1600, 1000, (0.5, 0.45), (1200, 630)) == "50% 18.75%"
    assert focal.object_position(1000, 1000, (0.5, 0.6), (1200, 630)) == "50% 71.05%"


def test_media_names_files_that_exist():
    assert focal.MEDIA._js == ["js/focal-point.js"]
    assert focal.MEDIA._css == {"all": ["css/desk-images.css"]}
    for path in [*focal.MEDIA._js, *focal.MEDIA._css["all"]]:
        assert finders.find(path), path


def test_picker_is_valid_html(tmp_path):
    picture = illustrated(lead_image_alt="A blue field").lead_picture
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>Picker</title></head><body><main>'
        '<label for="id_lead_image_focus_x">Across</label>'
        '<input type="number" id="id_lead_image_focus_x" value="0.5">'
        '<label for="id_lead_image_focus_y">Down</label>'
        '<input type="number" id="id_lead_image_focus_y" value="0.5">'
        f"{focal.focal_point_picker(picture)}</main></body></html>"
    )

    assert html_errors({"picker": page.encode()}, tmp_path) == []
