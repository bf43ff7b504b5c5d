"""
Lead illustrations for the demo stories, drawn here with Pillow.

Nothing is downloaded and nothing pretends to be a photograph: each one is
an abstract geometric drawing, credited to the newsroom, with alt text that
says what it shows. The demo adds no logos or portraits, because a drawing
presented as Mila's logo or as Yoshua Bengio's portrait would be false.

Drawing is deterministic (no randomness, no fonts), so the same bytes come
out on every run and `load_demo` stays idempotent.
"""

import functools
import io
import itertools
import math

from PIL import Image, ImageDraw

SIZE = (1600, 900)
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without antialiasing
PAPER = (250, 246, 238)
INK = (28, 28, 30)
SWEDISH_BLUE = (0, 94, 153)
SWEDISH_YELLOW = (248, 196, 38)
QUEBEC_BLUE = (9, 59, 139)
SOFT_BLUE = (150, 185, 220)
GREEN = (38, 120, 90)
RED = (155, 28, 28)


def _canvas(background=PAPER):
    image = Image.new("RGB", (SIZE[0] * SCALE, SIZE[1] * SCALE), background)
    return image, ImageDraw.Draw(image)


def _circle(draw, center, radius, **kwargs):
    x, y = center
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), **kwargs)


def _finish(image):
    image = image.resize(SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def two_circles():
    """Two overlapping circles, blue and yellow, above wavy lines."""
    image, draw = _canvas()
    s = SCALE
    for row in range(5):
        y = (660 + row * 45) * s
        points = [
            (x * s, y + math.sin((x + row * 45) / 70) * 14 * s) for x in range(0, SIZE[0] + 1, 8)
        ]
        draw.line(points, fill=SOFT_BLUE, width=5 * s)
    for center, colour in (((620, 360), SWEDISH_BLUE), ((980, 360), SWEDISH_YELLOW)):
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        _circle(ImageDraw.Draw(layer), (center[0] * s, center[1] * s), 250 * s, fill=(*colour, 200))
        image.paste(layer, mask=layer)
    return _finish(image)


def node_grid():
    """A grid of yellow dots on blue, a few joined by lines."""
    image, draw = _canvas(SWEDISH_BLUE)
    s = SCALE
    nodes = [(x, y) for x in range(200, 1500, 150) for y in range(150, 800, 150)]
    for index, (x, y) in enumerate(nodes):
        if index % 3 == 0 and index + 5 < len(nodes):
            nx, ny = nodes[index + 5]
            draw.line((x * s, y * s, nx * s, ny * s), fill=SOFT_BLUE, width=4 * s)
    for index, (x, y) in enumerate(nodes):
        radius = 26 if index % 4 == 0 else 14
        _circle(draw, (x * s, y * s), radius * s, fill=SWEDISH_YELLOW)
    return _finish(image)


def rising_bars():
    """Green bars rising from left to right on a pale ground."""
    image, draw = _canvas()
    s = SCALE
    base = 780
    for index in range(9):
        height = 120 + index * 65
        left = 180 + index * 140
        draw.rectangle(
            (left * s, (base - height) * s, (left + 90) * s, base * s),
            fill=GREEN if index % 2 == 0 else (88, 160, 128),
        )
    draw.line((120 * s, base * s, 1480 * s, base * s), fill=INK, width=6 * s)
    return _finish(image)


def layered_network():
    """Columns of circles, each joined to every circle of the next column."""
    image, draw = _canvas((236, 240, 248))
    s = SCALE
    columns = [4, 6, 6, 3]
    positions = []
    for column, count in enumerate(columns):
        x = 300 + column * 330
        spacing = 640 / (count + 1)
        positions.append([(x, 130 + spacing * (row + 1)) for row in range(count)])
    for left, right in itertools.pairwise(positions):
        for x1, y1 in left:
            for x2, y2 in right:
                draw.line((x1 * s, y1 * s, x2 * s, y2 * s), fill=SOFT_BLUE, width=3 * s)
    for column in positions:
        for x, y in column:
            _circle(draw, (x * s, y * s), 34 * s, fill=QUEBEC_BLUE)
            _circle(draw, (x * s, y * s), 14 * s, fill=(236, 240, 248))
    return _finish(image)


def hexagons():
    """A zigzag chain of hexagons, like a molecule drawn in outline."""
    image, draw = _canvas()
    s = SCALE
    radius = 120

    def hexagon(cx, cy):
        return [
            (
                (cx + radius * math.cos(math.radians(60 * k + 30))) * s,
                (cy + radius * math.sin(math.radians(60 * k + 30))) * s,
            )
            for k in range(6)
        ]

    step_x = radius * math.sqrt(3) / 2
    centers = [
        (800 + step_x * (index - 3), 450 + 0.75 * radius * (1 if index % 2 else -1))
        for index in range(7)
    ]
    for index, (cx, cy) in enumerate(centers):
        draw.polygon(hexagon(cx, cy), outline=RED if index == 3 else INK, width=9 * s)
    for cx, cy in centers:
        _circle(draw, (cx * s, cy * s), 16 * s, fill=RED)
    return _finish(image)


DRAWINGS = {
    "two_circles": (
        two_circles,
        "Illustration: two overlapping circles, one blue and one yellow, above wavy blue lines.",
    ),
    "node_grid": (
        node_grid,
        "Illustration: a grid of yellow dots on a blue background, some joined by lines.",
    ),
    "rising_bars": (
        rising_bars,
        "Illustration: nine green bars rising in height from left to right.",
    ),
    "layered_network": (
        layered_network,
        "Illustration: four columns of blue circles, each circle joined by lines to every "
        "circle in the next column, like the layers of a neural network.",
    ),
    "hexagons": (
        hexagons,
        "Illustration: a band of seven joined hexagons drawn in outline, like a molecule.",
    ),
}


@functools.cache
def drawing(name):
    """(PNG bytes, alt text) of a named illustration; the same bytes on every call."""
    draw, alt = DRAWINGS[name]
    return draw(), alt
