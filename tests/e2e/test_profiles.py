"""A profile manager keeps their own organization's profile current, and only that one."""

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import expect_loaded_image
from tests.e2e.desk import expect_message, field
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_profile_manager_updates_their_organization_and_cannot_reach_another(
    signed_in, reader, profile_manager, logo
):
    own = OrganizationFactory(name="Nordic AI Institute", slug="nordic-ai-institute")
    own.managers.add(profile_manager)
    other = OrganizationFactory(
        name="Harbour Robotics", slug="harbour-robotics", description="Robots for ports."
    )

    desk = signed_in(profile_manager)
    desk.locator("tr.model-organization").get_by_role("link", name="Organizations").click()
    expect(desk.get_by_role("link", name="Nordic AI Institute")).to_be_visible()
    expect(desk.get_by_role("link", name="Harbour Robotics")).to_have_count(0)
    desk.get_by_role("link", name="Nordic AI Institute").click()

    description = "Applied AI research for the Nordic public sector."
    field(desk, "Description").fill(description)
    field(desk, "Logo").set_input_files(logo)
    desk.get_by_role("button", name="Save and continue editing").click()
    expect_message(desk, "was changed successfully")
    expect_loaded_image(desk.get_by_role("img", name="Logo of Nordic AI Institute"))

    reader.goto(own.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text("Nordic AI Institute")
    expect(reader.get_by_text(description)).to_be_visible()
    expect_loaded_image(reader.get_by_role("img", name="Logo of Nordic AI Institute"))

    # Another organization's form is out of reach, even by its address.
    desk.goto(f"/admin/organizations/organization/{other.pk}/change/")
    expect(desk).to_have_url("/admin/")
    expect_message(desk, "doesn’t exist")
    expect(desk.locator("#id_description")).to_have_count(0)
    response = desk.goto("/admin/articles/article/")
    assert response.status == 403

    other.refresh_from_db()
    assert other.description == "Robots for ports."
    assert not other.logo
