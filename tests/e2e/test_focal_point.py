"""
The focal point set by pointing, in chromium: a click, a drag or the arrow
keys on the lead image move the marker and write the form's two inputs;
typing in them moves the marker; the square crop and the link preview's
card crop follow, and the link preview's words follow the title fields.

The first journeys run on a small desk page of their own (served under
/admin/, where the desk's Content-Security-Policy applies, by this module's
URLconf); the last one on the article form, where the picker and the link
preview are the read-only fields `lead_image_preview` and
`social_card_preview`.
"""

import pytest
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from playwright.sync_api import expect

from articles.admin import social
from articles.models import Article
from images import focal
from tests.e2e.checks import (
    describe_violations,
    expect_loaded_image,
    serious_accessibility_violations,
)
from tests.e2e.desk import expect_message, field
from tests.factories import ArticleFactory
from tests.helpers import admin_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CARD = (1200, 630)
SQUARE = (1, 1)
# The `photo` fixture's size, and the picker's: 480 pixels wide, 300 high.
PHOTO = (1600, 1000)

PAGE = """{% load static %}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Lead image</title>
<link rel="icon" href="{% static "favicon.svg" %}">{{ media }}</head>
<body><main><h1>Lead image</h1>
{% for id, label, value in fields %}<p><label for="{{ id }}">{{ label }}</label>
<input id="{{ id }}" name="{{ id }}" value="{{ value }}"></p>
{% endfor %}{% for id, label in focus_fields %}<p><label for="{{ id }}">{{ label }}</label>
<input type="number" id="{{ id }}" name="{{ id }}" min="0" max="1" step="any" value="0.5"></p>
{% endfor %}{{ picker }}{{ card }}</main></body></html>"""


def desk_page(request, pk):
    """The lead image's fields, picker and link preview, as the article form will hold them."""
    article = Article.objects.get(pk=pk)
    page = engines["django"].from_string(PAGE)
    context = {
        "media": social.MEDIA,
        "fields": [
            ("id_headline", "Headline", article.headline),
            ("id_dek", "Dek", article.dek),
            ("id_seo_title", "SEO title", article.seo_title),
            ("id_seo_description", "SEO description", article.seo_description),
        ],
        "focus_fields": [
            ("id_lead_image_focus_x", "Focal point across"),
            ("id_lead_image_focus_y", "Focal point down"),
        ],
        "picker": focal.focal_point_picker(article.lead_picture),
        "card": social.social_card(article, request),
    }
    return HttpResponse(page.render(context, request))


urlpatterns = [path("admin/lead-image/<int:pk>/", desk_page)]


def illustrated_story(photo, **kwargs):
    return ArticleFactory(
        headline="Nordic labs open their doors",
        dek="Three institutes take in visiting students.",
        lead_image=ContentFile(photo.read_bytes(), name="harbour.jpg"),
        lead_image_alt="A harbour at dusk",
        **kwargs,
    )


def expect_position(image, size, focus, crop_size):
    """The crop preview is placed where the pipeline would crop at `focus`."""
    expected = focal.object_position(*size, focus, crop_size)
    expect(image).to_have_css("object-position", expected)


def click_at(image, x, y):
    """Click the image `x` of the way across and `y` down."""
    box = image.bounding_box()
    image.click(position={"x": box["width"] * x, "y": box["height"] * y})


def marker_centre(page):
    box = page.locator(".focal-picker__marker").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.urls(__name__)
def test_editor_points_at_the_subject_and_the_inputs_and_crops_follow(new_context, photo):
    article = illustrated_story(photo)
    page = new_context().new_page()
    page.goto(f"/admin/lead-image/{article.pk}/")
    across = page.get_by_label("Focal point across")
    down = page.get_by_label("Focal point down")
    picker = page.get_by_role("application", name="Focal point")
    image = picker.get_by_role("img", name="A harbour at dusk")
    status = page.locator(".focal-picker__status")
    square = page.locator(".focal-picker__square")
    card_image = page.locator(".social-card img")
    expect_loaded_image(image)
    expect_loaded_image(card_image)
    assert image.bounding_box()["width"] == 480
    page.evaluate(
        """() => {
            window.heard = [];
            for (const id of ["id_lead_image_focus_x", "id_lead_image_focus_y"]) {
                document.getElementById(id).addEventListener(
                    "input", event => heard.push(`${event.target.id}=${event.target.value}`)
                );
            }
        }"""
    )

    # A click on the subject: the inputs hear it, the marker sits where the click was.
    click_at(image, 0.2, 0.7)
    expect(across).to_have_value("0.2")
    expect(down).to_have_value("0.7")
    assert page.evaluate("heard") == ["id_lead_image_focus_x=0.2", "id_lead_image_focus_y=0.7"]
    box = image.bounding_box()
    assert marker_centre(page) == pytest.approx(
        (box["x"] + 0.2 * box["width"], box["y"] + 0.7 * box["height"]), abs=1
    )
    expect(status).to_have_text("Focal point 20% across, 70% down")
    expect_position(card_image, PHOTO, (0.2, 0.7), CARD)
    expect_position(square, PHOTO, (0.2, 0.7), SQUARE)
    expect(picker).to_be_focused()

    # The arrow keys: a hundredth a press, a tenth with Shift.
    picker.press("ArrowRight")
    picker.press("ArrowRight")
    picker.press("Shift+ArrowUp")
    picker.press("Shift+ArrowUp")
    for _ in range(5):
        picker.press("ArrowUp")
    expect(across).to_have_value("0.22")
    expect(down).to_have_value("0.45")
    expect(status).to_have_text("Focal point 22% across, 45% down")
    expect_position(card_image, PHOTO, (0.22, 0.45), CARD)
    expect_position(square, PHOTO, (0.22, 0.45), SQUARE)

    # A drag ends where the pointer lets go.
    box = image.bounding_box()
    page.mouse.move(box["x"] + 0.5 * box["width"], box["y"] + 0.5 * box["height"])
    page.mouse.down()
    page.mouse.move(box["x"] + 0.75 * box["width"], box["y"] + 0.2 * box["height"], steps=5)
    page.mouse.up()
    expect(across).to_have_value("0.75")
    expect(down).to_have_value("0.2")

    # Typing a number moves the marker and the crops.
    across.fill("0.6")
    down.fill("0.55")
    expect(status).to_have_text("Focal point 60% across, 55% down")
    assert marker_centre(page) == pytest.approx(
        (box["x"] + 0.6 * box["width"], box["y"] + 0.55 * box["height"]), abs=1
    )
    expect_position(card_image, PHOTO, (0.6, 0.55), CARD)
    expect_position(square, PHOTO, (0.6, 0.55), SQUARE)
    # Left empty, a coordinate is the centre, as the form saves it.
    down.fill("")
    expect(status).to_have_text("Focal point 60% across, 50% down")


@pytest.mark.urls(__name__)
def test_link_preview_words_follow_the_title_fields(new_context, photo, live_server):
    article = illustrated_story(photo)
    page = new_context().new_page()
    page.goto(f"/admin/lead-image/{article.pk}/")
    card = page.locator(".social-card")
    title = card.locator(".social-card__title")
    description = card.locator(".social-card__description")
    expect(title).to_have_text("Nordic labs open their doors")
    expect(description).to_have_text("Three institutes take in visiting students.")
    expect(card.locator(".social-card__host")).to_have_text(live_server.url.split("//")[1])

    page.get_by_label("SEO title").fill("Montreal students head north")
    page.get_by_label("SEO description").fill("A term in the Nordic labs.")
    expect(title).to_have_text("Montreal students head north")
    expect(description).to_have_text("A term in the Nordic labs.")

    # Cleared, each falls back as the page's own tags do: the headline, the dek.
    page.get_by_label("SEO title").fill("  ")
    page.get_by_label("SEO description").fill("")
    page.get_by_label("Headline").fill("Nordic labs welcome students")
    expect(title).to_have_text("Nordic labs welcome students")
    expect(description).to_have_text("Three institutes take in visiting students.")
    page.get_by_label("Dek").fill("")
    expect(description).to_have_text("Nordic labs welcome students")


@pytest.mark.urls(__name__)
def test_picker_and_link_preview_have_no_serious_accessibility_violations(new_context, photo):
    article = illustrated_story(photo)
    # axe goes in as a script tag, which the site's Content-Security-Policy refuses.
    page = new_context(bypass_csp=True).new_page()
    page.goto(f"/admin/lead-image/{article.pk}/")
    expect_loaded_image(page.get_by_role("img", name="A harbour at dusk"))

    found = serious_accessibility_violations(page)

    assert not found, describe_violations({"lead image": found})


def test_editor_sets_the_focal_point_by_clicking_and_the_saved_crops_follow(
    signed_in, editor, photo
):
    article = illustrated_story(photo)
    desk = signed_in(editor)
    desk.goto(admin_url("articles.article", "change", article.pk))
    picker = desk.locator(".field-lead_image_preview").get_by_role(
        "application", name="Focal point"
    )
    image = picker.get_by_role("img", name="A harbour at dusk")
    card = desk.locator(".field-social_card_preview .social-card")
    # "Search and social" is folded away until opened.
    desk.locator("summary", has_text="Search and social").click()
    expect_loaded_image(image)
    expect_loaded_image(card.locator("img"))

    click_at(image, 0.25, 0.8)
    expect(field(desk, "Focal point across")).to_have_value("0.25")
    expect(field(desk, "Focal point down")).to_have_value("0.8")
    expect_position(card.locator("img"), PHOTO, (0.25, 0.8), CARD)
    picker.press("ArrowRight")
    expect(field(desk, "Focal point across")).to_have_value("0.26")
    field(desk, "SEO title").fill("Montreal students head north")
    expect(card.locator(".social-card__title")).to_have_text("Montreal students head north")

    desk.get_by_role("button", name="Save", exact=True).click()
    expect_message(desk, "was changed successfully")
    desk.locator("summary", has_text="Search and social").click()
    article.refresh_from_db()
    assert (article.lead_image_focus_x, article.lead_image_focus_y) == (0.26, 0.8)
    assert article.lead_picture.card["url"].endswith("-card-f2680.jpg")
    # Opened again, the picker and the card start from the saved point.
    expect(desk.locator(".focal-picker__status")).to_have_text("Focal point 26% across, 80% down")
    expect_position(card.locator("img"), PHOTO, (0.26, 0.8), CARD)
    expect(card.locator(".social-card__title")).to_have_text("Montreal students head north")
