"""The learning library's journey: a ward lead of trust A finds trust B's finished project in
the library (B shares its stories with the system), reads its story and starts a copy."""

import os
from pathlib import Path

import pytest

from qijourney.learning import services
from qijourney.projects.models import Project
from tests.browser.axe import no_accessibility_violations
from tests.browser.test_journeys import sign_in
from tests.factories import PersonFactory

# The library's fixtures (trust B's finished project in one system with trust A).
from tests.learning.conftest import finished_b, ics, lead_b, share_stories  # noqa: F401
from tests.learning.test_stories import TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1366, 390])
def test_a_ward_lead_finds_another_trusts_story_and_starts_a_copy(
    page,
    finished_b,  # noqa: F811 (the imported fixture)
    lead_b,  # noqa: F811
    ics,  # noqa: F811
    tree_a,
    width,
    tmp_path,
):
    # Given trust B's finished falls project, its story published and shared with the system
    story = services.save_story(actor=lead_b, project=finished_b, fields=TEXT)
    services.publish_story(actor=lead_b, story=story)
    share_stories(finished_b.provider)
    # And a ward lead of trust A
    lead = PersonFactory(
        provider=tree_a.provider,
        unit=tree_a.ward,
        roles=["project_lead"],
        full_name="Wren Wardlead",
    )
    shots = Path(os.environ.get("QIJOURNEY_SCREENSHOTS", tmp_path))
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, lead)
    page.get_by_role("heading", name="Hello, Wren Wardlead").wait_for()
    # When she searches the learning library for falls
    link = page.get_by_role("navigation").get_by_role("link", name="Learning library")
    if not link.is_visible():  # on a phone the header folds its links under "More"
        page.get_by_role("navigation").get_by_role("button").first.click()
    link.click()
    page.get_by_role("heading", name="Learning library", exact=True).wait_for()
    no_accessibility_violations(page)
    page.get_by_label("Search by words").fill("night rounding")
    page.get_by_label("Topic").select_option(label="Falls")
    page.get_by_role("button", name="Search the library").click()
    page.get_by_text("1 story").wait_for()
    assert finished_b.provider.name in page.inner_text("main")
    fits(page, width)
    no_accessibility_violations(page)
    page.screenshot(path=shots / f"library-{width}.png", full_page=True)
    # Then she reads the story: what worked, the frozen chart with its table, the ideas' outcomes
    page.get_by_role("link", name="Fewer falls on Ward 1").click()
    page.get_by_role("heading", name="Fewer falls on Ward 1").wait_for()
    main = page.inner_text("main")
    assert TEXT["worked"] in main and "Intentional rounding" in main and "Abandon" in main
    page.get_by_role("img", name="SPC chart of Falls per 1,000 bed days").wait_for()
    page.get_by_text("The chart's data as a table").click()
    assert page.get_by_role("cell", name="2025-01-06").is_visible()
    assert "Edit the story" not in main  # not her team's
    fits(page, width)
    no_accessibility_violations(page)
    page.screenshot(path=shots / f"story-{width}.png", full_page=True)
    # When she starts a project like it on her ward
    page.get_by_role("link", name="Start a project like this").click()
    page.get_by_role("heading", name="Start a project like this one").wait_for()
    no_accessibility_violations(page)
    page.get_by_label("Your project's title").fill("Fewer falls on our ward")
    page.get_by_label("Your unit").select_option(label=tree_a.ward.name)
    page.get_by_role("button", name="Start the project").click()
    # Then her project starts with B's aim, diagram and measures, linked back to the story
    page.get_by_text("Project “Fewer falls on our ward” started from the story").wait_for()
    copy = Project.objects.get(title="Fewer falls on our ward")
    assert copy.provider_id == tree_a.provider.pk and copy.copied_from_id == finished_b.pk
    main = page.inner_text("main")
    assert "Started as a copy of Fewer falls on Ward 1" in main
    assert "Falls per 1,000 bed days" in main
    assert page.get_by_role("region", name="Driver diagram").is_visible()
    fits(page, width)
    no_accessibility_violations(page)
    page.screenshot(path=shots / f"copy-{width}.png", full_page=True)
