"""
The link preview on the article form: what feed and chat apps show for a
story (the card crop of its lead image, its search title and description,
the site's address), and text alone when there is no lead image.
"""

import io

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils.safestring import SafeString
from lxml import html
from PIL import Image

from articles.admin import social
from articles.models import Article
from images import focal
from tests.factories import ArticleFactory
from tests.html_checker import html_errors

pytestmark = pytest.mark.django_db


def jpeg(size=(1000, 1000), color=(160, 90, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def illustrated(**kwargs):
    return ArticleFactory(lead_image=ContentFile(jpeg(), name="lead.jpg"), **kwargs)


def card_of(article, **kwargs):
    return html.fragment_fromstring(social.social_card(article, **kwargs), create_parent="div")


def text_of(tree, css_class):
    [element] = tree.xpath(f"//*[contains(@class, '{css_class}')]")
    return element.text_content()


def test_card_shows_the_card_crop_around_the_focal_point():
    article = illustrated(lead_image_focus_x=0.5, lead_image_focus_y=0.6)
    picture = article.lead_picture

    tree = card_of(article)

    [image] = tree.xpath("//img")
    assert "crop-preview" in image.get("class").split()
    assert image.get("src") == picture.natural.src
    # 1000 × 1000 cut to 1000 × 525 around y = 600, as the stored card was.
    assert image.get("style") == "aspect-ratio: 1200 / 630; object-position: 50% 71.05%"
    assert picture.card["url"].endswith("-card-f5060.jpg")
    assert image.get("data-focus-x-input") == "id_lead_image_focus_x"
    assert image.get("data-focus-y-input") == "id_lead_image_focus_y"
    assert (image.get("data-crop-width"), image.get("data-crop-height")) == ("1200", "630")
    assert "1200 × 630 card, cropped around the focal point" in text_of(tree, "social-card-preview")


def test_card_follows_the_focal_point_on_the_form_not_only_the_saved_one():
    # Sent back with an error, the form shows the point the editor chose.
    article = illustrated(lead_image_focus_x=0.5, lead_image_focus_y=0.5)
    article.lead_image_focus_y = 0.1

    [image] = card_of(article).xpath("//img")

    assert image.get("style").endswith("object-position: 50% 0%")


def test_card_shows_the_search_title_and_description_and_the_sites_host(settings):
    settings.ALLOWED_HOSTS = [".newsroom.example", "*"]
    article = illustrated(
        headline="Nordic labs open their doors",
        dek="Three institutes take in students.",
        seo_title="Nordic labs welcome Montreal students",
        seo_description="A term abroad, with shared supervision.",
    )

    tree = card_of(article)

    assert text_of(tree, "social-card__host") == "newsroom.example"
    assert text_of(tree, "social-card__title") == "Nordic labs welcome Montreal students"
    assert text_of(tree, "social-card__description") == "A term abroad, with shared supervision."


def test_card_falls_back_to_the_headline_and_dek():
    article = ArticleFactory(headline="Nordic labs open their doors", dek="Three institutes.")

    tree = card_of(article)

    assert text_of(tree, "social-card__title") == "Nordic labs open their doors"
    assert text_of(tree, "social-card__description") == "Three institutes."


def test_card_names_the_inputs_its_words_follow_in_order():
    tree = card_of(ArticleFactory())

    [title] = tree.xpath("//*[contains(@class, 'social-card__title')]")
    [description] = tree.xpath("//*[contains(@class, 'social-card__description')]")
    assert title.get("data-follows") == "id_seo_title id_headline"
    assert description.get("data-follows") == "id_seo_description id_dek id_headline"


def test_card_host_is_the_requests_when_given_one(rf, settings):
    settings.ALLOWED_HOSTS = ["newsroom.example", "desk.newsroom.example"]
    request = rf.get("/admin/", HTTP_HOST="desk.newsroom.example")

    tree = card_of(ArticleFactory(), request=request)

    assert text_of(tree, "social-card__host") == "desk.newsroom.example"


def test_without_a_lead_image_the_card_is_text_only():
    article = ArticleFactory(headline="No picture today", dek="Words only.")

    tree = card_of(article)

    assert tree.xpath("//img") == []
    [card] = tree.xpath("//div[contains(@class, 'social-card ')]")
    assert "social-card--text" in card.get("class").split()
    assert text_of(tree, "social-card__title") == "No picture today"
    assert "No lead image" in text_of(tree, "social-card-preview")


def test_an_unsaved_story_gets_an_empty_text_card():
    tree = card_of(Article())

    assert tree.xpath("//img") == []
    assert text_of(tree, "social-card__title") == ""


def test_card_is_safe_html_with_the_words_escaped():
    article = ArticleFactory(headline='<script>alert("x")</script> & more', dek="<b>bold</b>")

    rendered = social.social_card(article)

    assert isinstance(rendered, SafeString)
    assert "<script>" not in rendered and "<b>" not in rendered
    tree = html.fragment_fromstring(rendered, create_parent="div")
    assert text_of(tree, "social-card__title") == '<script>alert("x")</script> & more'


def test_media_has_the_crop_and_text_scripts_and_the_styles():
    assert social.MEDIA._js == ["js/focal-point.js", "js/social-card.js"]
    assert social.MEDIA._css == {"all": ["css/desk-images.css"]}
    for path in [*social.MEDIA._js, *social.MEDIA._css["all"]]:
        assert finders.find(path), path


def test_card_with_the_picker_is_valid_html(tmp_path):
    article = illustrated(lead_image_alt="An orange field")
    inputs = "".join(
        f'<label for="id_{name}">{name}</label><input id="id_{name}" value="0.5">'
        for name in (
            "headline",
            "dek",
            "seo_title",
            "seo_description",
            "lead_image_focus_x",
            "lead_image_focus_y",
        )
    )
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>Card</title></head><body><main>'
        f"{inputs}{focal.focal_point_picker(article.lead_picture)}"
        f"{social.social_card(article)}{social.social_card(ArticleFactory())}"
        "</main></body></html>"
    )

    assert html_errors({"card": page.encode()}, tmp_path) == []
