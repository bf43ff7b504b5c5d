"""
The desk's focal point, set by pointing at the subject.

- `focal_point_picker` shows a stored image with a marker at its focal
  point. A click, a drag, or the arrow keys on the focused image move the
  marker and write the form's two number inputs (0–1 across and down).
  Those inputs stay the values the form saves: the script only reads and
  writes them, and typing in them moves the marker.
- `crop_preview` shows an image cropped to a size's proportions the way the
  pipeline crops it, and follows the same two inputs, so an editor sees the
  crop move as they point.

Pages that show either need `MEDIA` (static/js/focal-point.js and
static/css/desk-images.css). The script is loaded from the site, never
inline: the Content-Security-Policy runs scripts from 'self' only.
"""

from django import forms
from django.template.loader import render_to_string

MEDIA = forms.Media(js=["js/focal-point.js"], css={"all": ["css/desk-images.css"]})

SQUARE = (1, 1)
# The largest the picker shows an image: small enough to sit beside its crops.
PICKER_MAX_SIZE = (480, 360)


def crop_position(width, height, focus, crop_size):
    """
    Where `images.pipeline.cover` crops a `width` × `height` image to the
    proportions of `crop_size` around `focus`: (x, y), each 0–1, for CSS
    `object-position` on the whole image shown with `object-fit: cover`.

    Not the focal point itself: `object-position: 25%` lines up the point 25%
    across the image with the point 25% across the box, while the pipeline
    centres the crop on the focal point and stops it at the image's edges.
    """
    scale = max(crop_size[0] / width, crop_size[1] / height)
    crop_width, crop_height = crop_size[0] / scale, crop_size[1] / scale
    return (
        _offset(focus[0], width, crop_width),
        _offset(focus[1], height, crop_height),
    )


def _offset(focus, size, crop):
    """How far along the spare room the crop starts, 0–1 (0.5 when there is none)."""
    spare = size - crop
    if spare < 0.5:  # less than half a pixel: nothing is cut off this way
        return 0.5
    return min(1.0, max(0.0, (focus * size - crop / 2) / spare))


def object_position(width, height, focus, crop_size):
    """`crop_position` as CSS: "12.5% 50%"."""
    return " ".join(
        f"{round(value * 100, 2):g}%" for value in crop_position(width, height, focus, crop_size)
    )


def picture_focus(picture, focus=None):
    """
    `focus` (x, y) inside the image and rounded to hundredths, a coordinate
    left empty being the centre; else the one the picture's crops were made at.
    """
    if focus is None:
        focus = picture.manifest.get("focus") or (0.5, 0.5)
    return tuple(
        0.5 if value is None else min(1.0, max(0.0, round(float(value), 2))) for value in focus
    )


def crop_preview(
    picture,
    crop_size,
    x_input_id,
    y_input_id,
    *,
    focus=None,
    sizes="240px",
    css_class="",
):
    """
    `picture` cropped to the proportions of `crop_size` around its focal point,
    as an `<img>` that follows the inputs `x_input_id` and `y_input_id`.

    The crop is the whole image shown with `object-fit: cover`, placed with
    `object-position` (see `crop_position`), so it can move without a new file.
    """
    focus = picture_focus(picture, focus)
    return render_to_string(
        "images/crop_preview.html",
        {
            "picture": picture,
            "crop_width": crop_size[0],
            "crop_height": crop_size[1],
            "position": object_position(picture.width, picture.height, focus, crop_size),
            "x_input_id": x_input_id,
            "y_input_id": y_input_id,
            "sizes": sizes,
            "css_class": css_class,
        },
    )


def display_width(width, height, box=PICKER_MAX_SIZE):
    """How wide the picker shows a `width` × `height` image: inside `box`, never enlarged."""
    return max(1, min(width, box[0], round(box[1] * width / height)))


def focal_point_picker(
    picture,
    x_input_id="id_lead_image_focus_x",
    y_input_id="id_lead_image_focus_y",
    *,
    focus=None,
    empty="No image yet.",
):
    """
    `picture` (an `images.pictures.Picture`) with a marker at its focal point,
    which moves the inputs `x_input_id` and `y_input_id` and moves with them,
    beside its square crop; `empty` when there is no picture.

    The marker starts at `focus` (x, y), else where the picture's crops were
    made; on the page the script takes the inputs' values, which may be newer
    (a form sent back with an error keeps what the editor chose).
    """
    if picture is None:
        return empty
    focus = picture_focus(picture, focus)
    return render_to_string(
        "images/focal_point_picker.html",
        {
            "picture": picture,
            "focus_x": round(focus[0] * 100),
            "focus_y": round(focus[1] * 100),
            "x_input_id": x_input_id,
            "y_input_id": y_input_id,
            "picker_id": f"{x_input_id}-picker",
            "display_width": display_width(picture.width, picture.height),
            "square": crop_preview(
                picture,
                SQUARE,
                x_input_id,
                y_input_id,
                focus=focus,
                sizes="120px",
                css_class="focal-picker__square",
            ),
        },
    )
