"""
The link preview on the article form: how a feed or chat app shows a link to
the story, from what its page tells them (Open Graph and Twitter tags in
templates/articles/article_detail.html): the 1200 × 630 card cropped around
the lead image's focal point, the title, the description and the site's
address; text alone when there is no lead image.

On the page, static/js/social-card.js keeps the words up to date as the form
is edited, and static/js/focal-point.js moves the crop with the focal point:
add `MEDIA` to the form's media.
"""

from django import forms
from django.conf import settings
from django.template.loader import render_to_string

from images import focal

MEDIA = focal.MEDIA + forms.Media(js=["js/social-card.js"])

# The form's inputs each line is taken from, the first filled one winning,
# as Article.search_title and Article.search_description choose.
TITLE_INPUTS = ("id_seo_title", "id_headline")
DESCRIPTION_INPUTS = ("id_seo_description", "id_dek", "id_headline")
FOCUS_INPUTS = ("id_lead_image_focus_x", "id_lead_image_focus_y")


def site_host(request=None):
    """
    The address apps print under a shared link: this request's host, else the
    first host the site answers to by name (`ALLOWED_HOSTS`), else "".
    """
    if request is not None:
        return request.get_host()
    for host in settings.ALLOWED_HOSTS:
        name = host.lstrip(".")
        if name and "*" not in name:
            return name
    return ""


def social_card(article, request=None):
    """
    `article` as feed and chat apps show a link to it (see the module
    docstring), as HTML; `request` gives the host, else `site_host()` guesses it.
    """
    picture = article.lead_picture
    image = card_size = None
    if picture is not None:
        card_size = (picture.card["width"], picture.card["height"])
        image = focal.crop_preview(
            picture,
            card_size,
            *FOCUS_INPUTS,
            focus=(article.lead_image_focus_x, article.lead_image_focus_y),
            sizes="500px",
            css_class="social-card__image",
        )
    return render_to_string(
        "admin/articles/includes/social_card.html",
        {
            "image": image,
            "card_size": card_size,
            "host": site_host(request),
            "title": article.search_title,
            "description": article.search_description,
            "title_inputs": " ".join(TITLE_INPUTS),
            "description_inputs": " ".join(DESCRIPTION_INPUTS),
        },
    )
