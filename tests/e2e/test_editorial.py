"""The newsroom's journeys: a contributor writes, an editor publishes, a reader reads."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Section
from demo.content import ARTICLES, FOUNDING_STORY_SLUG
from organizations.models import Organization
from tests.e2e.checks import expect_loaded_image
from tests.e2e.desk import (
    PASSWORD,
    actions,
    choose,
    expect_message,
    field,
    row,
    run_action,
    select_backwards,
)
from tests.factories import ArticleFactory, PersonFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADLINE = "Nordic labs open their doors to Montreal students"
FOUNDING_HEADLINE = next(a["headline"] for a in ARTICLES if a["slug"] == FOUNDING_STORY_SLUG)


def test_contributor_writes_a_draft_and_submits_it_but_readers_cannot_see_it(
    new_context, reader, contributor
):
    SectionFactory(name="News", slug="news")
    PersonFactory(name="Ingrid Holm", slug="ingrid-holm")
    desk = new_context().new_page()

    desk.goto("/admin/")
    expect(desk).to_have_url("/admin/login/?next=/admin/")
    desk.get_by_label("Username").fill(contributor.username)
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    desk.locator("tr.model-article").get_by_role("link", name="Articles").click()
    desk.get_by_role("link", name="Add article").click()

    # Typed, not pasted: the slug is filled in from the headline as it is typed.
    field(desk, "Headline").press_sequentially(HEADLINE)
    expect(field(desk, "Slug")).to_have_value("nordic-labs-open-their-doors-to-montreal-students")
    field(desk, "Dek").fill("Three institutes take in visiting students for a term.")
    choose(desk, "id_section", "News")

    # The body, in the rich-text editor: typed text, a bold phrase and a link.
    body = desk.locator(".field-body [contenteditable=true]")
    body.click()
    desk.keyboard.type("The visiting students arrive in ")
    desk.get_by_role("button", name="bold").click()
    desk.keyboard.type("early spring")
    desk.get_by_role("button", name="bold").click()
    desk.keyboard.type(", says the programme page.")
    select_backwards(desk, body, "programme page.")
    desk.get_by_role("button", name="insert link").click()
    link_dialog = desk.locator("dialog[open]")
    link_dialog.get_by_label("URL").fill("https://example.org/programme")
    link_dialog.get_by_role("button", name="Update").click()
    expect(body.locator("strong")).to_have_text("early spring")
    expect(body.get_by_role("link", name="programme page.")).to_have_attribute(
        "href", "https://example.org/programme"
    )

    # A quote, with its speaker chosen from the directory.
    desk.get_by_role("button", name="Add another Quote").click()
    choose(desk, "id_quotes-0-speaker", "Ingrid Holm")
    field(desk.locator("#quotes-0"), "Speaker title").fill("Programme Director")
    field(desk.locator("#quotes-0"), "Text").fill("We have room for twelve students a term.")

    # Contributors neither publish nor schedule: status and time are not fields for them.
    expect(desk.locator("select#id_status")).to_have_count(0)
    expect(desk.locator("#id_published_at_0")).to_have_count(0)

    desk.get_by_role("button", name="Save", exact=True).click()
    expect_message(desk, "was added successfully")

    article = Article.objects.get(slug="nordic-labs-open-their-doors-to-montreal-students")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == contributor
    assert "<strong>early spring</strong>" in article.body
    assert '<a href="https://example.org/programme"' in article.body
    quote = article.quotes.get()
    assert (quote.speaker.name, quote.speaker_title) == ("Ingrid Holm", "Programme Director")

    response = reader.goto(article.get_absolute_url())
    assert response.status == 404

    breadcrumbs = desk.get_by_role("navigation", name="Breadcrumbs")
    breadcrumbs.get_by_role("link", name="Articles", exact=True).last.click()
    action_names = actions(desk).locator("option").all_inner_texts()
    assert "Publish now" not in action_names
    run_action(desk, "Submit for review", HEADLINE)
    expect_message(desk, "1 submitted for review.")
    expect(row(desk, HEADLINE)).to_contain_text("In review")

    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    response = reader.goto(article.get_absolute_url())
    assert response.status == 404
    expect(reader.get_by_role("heading", level=1)).not_to_have_text(HEADLINE)


def test_editor_illustrates_schedules_and_publishes_and_a_reader_follows_the_story(
    new_context, signed_in, reader, contributor, editor, photo, demo
):
    headline = "What the Mila and AI Sweden partnership means for students"
    article = ArticleFactory(
        headline=headline,
        slug="partnership-and-students",
        section=Section.objects.get(slug="news"),
        dek="Visiting terms, shared supervision and a desk in Montreal.",
        body="<p>Students of both institutes can apply for a term in the other's labs.</p>",
        status=Article.Status.REVIEW,
        created_by=contributor,
        bylined=True,
    )
    article.organizations.set(Organization.objects.filter(slug__in=["mila", "ai-sweden"]))

    # A reader looks at the front page first, so the page cache holds it.
    response = reader.goto("/")
    assert response.headers.get("x-cache") == "miss"
    expect(reader.get_by_role("link", name=headline)).to_have_count(0)

    desk = signed_in(editor)
    desk.goto("/admin/articles/article/")
    expect(row(desk, headline)).to_contain_text("In review")
    desk.get_by_role("link", name=headline).click()

    # The preview opens in a new tab and works without an account.
    with desk.context.expect_page() as opened:
        desk.get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    expect(preview.get_by_role("status")).to_contain_text("Preview — not published.")
    expect(preview.get_by_role("heading", level=1)).to_have_text(headline)
    preview.close()

    field(desk, "Lead image").set_input_files(photo)
    field(desk, "Alt text").fill("A harbour at dusk, the water shading from orange to violet.")
    field(desk, "Caption").fill("Montreal's old port, where the visiting students will live.")
    field(desk, "Credit").fill("Photo: Newsroom")

    # Scheduled for tomorrow: Published, with a publish time in the future.
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    field(desk, "Status").select_option(label="Published")
    desk.locator("#id_published_at_0").fill(tomorrow.strftime("%Y-%m-%d"))
    desk.locator("#id_published_at_1").fill(tomorrow.strftime("%H:%M:%S"))
    desk.get_by_role("button", name="Save and close").click()
    expect_message(desk, "was changed successfully")
    expect(row(desk, headline)).to_contain_text("Scheduled for")

    article.refresh_from_db()
    assert article.is_scheduled
    assert article.lead_image_alt.startswith("A harbour at dusk")
    assert reader.goto(article.get_absolute_url()).status == 404

    run_action(desk, "Publish now", headline)
    expect_message(desk, "1 published.")
    expect(row(desk, headline)).to_contain_text("Published")

    # The reader's cached front page was invalidated: the story leads it now.
    response = reader.goto("/")
    assert response.headers.get("x-cache") == "miss"
    lead = reader.locator(".lead-story")
    expect(lead.get_by_role("heading", level=2)).to_have_text(headline)
    expect_loaded_image(lead.get_by_role("img", name="A harbour at dusk", exact=False))

    lead.get_by_role("link", name=headline).click()
    expect(reader).to_have_url(f"/articles/{article.slug}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(headline)
    story_image = reader.locator(".story__image")
    expect_loaded_image(story_image.get_by_role("img", name="A harbour at dusk", exact=False))
    expect(story_image).to_contain_text("Montreal's old port")

    related = reader.get_by_role("region", name="Related stories")
    founding_story = related.get_by_role("listitem").filter(
        has=reader.get_by_role("link", name=FOUNDING_HEADLINE)
    )
    expect(founding_story).to_contain_text("Also covers")

    in_this_story = reader.get_by_role("region", name="In this story")
    in_this_story.get_by_role("link", name="Mila", exact=True).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Mila")
    coverage = reader.get_by_role("region", name="Coverage")
    expect(coverage.get_by_role("link", name=headline)).to_be_visible()
