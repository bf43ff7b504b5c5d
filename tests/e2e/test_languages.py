"""A reader moves between the editions on the same story, and back."""

import pytest
from playwright.sync_api import expect

from demo.content import FOUNDING_STORY_SLUG

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOUNDING = f"/articles/{FOUNDING_STORY_SLUG}/"
FRENCH = "/fr/articles/mila-et-ai-sweden-unissent-leurs-forces/"


def test_a_reader_switches_to_french_on_the_founding_story_and_back(reader, demo):
    reader.goto(FOUNDING)
    expect(reader.locator("html")).to_have_attribute("lang", "en")

    reader.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()

    expect(reader).to_have_url(FRENCH)
    expect(reader.locator("html")).to_have_attribute("lang", "fr")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("unissent leurs forces")
    # The interface is French too: the search box and the front page link.
    expect(reader.get_by_role("searchbox")).to_have_attribute("placeholder", "Rechercher")

    reader.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()

    expect(reader).to_have_url(FOUNDING)
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("join forces")


def test_a_story_with_no_swedish_version_sends_the_reader_to_the_swedish_front_page(reader, demo):
    reader.goto("/articles/mila-montreals-deep-learning-institute/")

    reader.get_by_role("navigation", name="Language").get_by_role("link", name="Svenska").click()

    expect(reader).to_have_url("/sv/")
    expect(reader.locator("html")).to_have_attribute("lang", "sv")
