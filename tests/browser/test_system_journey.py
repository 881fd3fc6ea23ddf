"""The system view in the browser: the ICS lead opens the system page, compares the providers
on an indicator (the funnel), finds the outlier in the table and opens its chart; axe checks
every page on the way, at a laptop's width and a phone's."""

from pathlib import Path

import pytest

from tests.browser.axe import no_accessibility_violations
from tests.browser.test_history_journey import fits, sign_in
from tests.system import compare_data
from tests.system.compare_data import OUTLIER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/qijourney-system-journey")


def shot(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_ics_lead_compares_providers_and_opens_the_outliers_chart(page, width):
    # Given an integrated care system whose trusts share a mortality ratio (one does not)
    riverside = compare_data.build()
    lead = riverside.people["ics"]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, lead)
    # When the ICS lead opens the system page
    system = page.get_by_role("link", name="System", exact=True).first
    if not system.is_visible():  # a phone's header folds its last links under "More"
        page.get_by_role("button", name="Browse More").click()
    system.click()
    page.get_by_role("heading", name="Shared indicators").wait_for()
    no_accessibility_violations(page)
    # And compares the providers on the mortality ratio
    page.get_by_role("link", name="Compare providers on Hospital mortality ratio").click()
    page.get_by_role("heading", name="Hospital mortality ratio").wait_for()
    page.locator("[data-chart-spec='funnel-spec'] svg").wait_for()
    page.locator("[data-chart-spec='spc-spec'] svg").wait_for()
    main = page.inner_text("main")
    assert "July 2024 to June 2025" in main
    assert "Riverside Elm" not in main  # keeps its figures to itself
    assert "φ (phi)" in main
    fits(page, width)
    no_accessibility_violations(page)
    shot(page, "compare", width)
    # Then for the latest quarter the outlier is named, and found in the table
    page.get_by_label("Latest quarter").check()
    page.get_by_role("button", name="Compare").click()
    page.get_by_text("April to June 2025", exact=True).wait_for()
    outliers = page.locator("#outliers + ul").inner_text()
    assert f"Riverside {OUTLIER}" in outliers and "above the 99.8% limit" in outliers
    table = page.get_by_role("table", name="Each place's value and its limits")
    row = table.get_by_role("row").filter(has_text=f"Riverside {OUTLIER}")
    assert "Above the 99.8% limit (outlier)" in row.inner_text()
    no_accessibility_violations(page)
    # And its chart opens from the table
    row.get_by_role("link", name=f"Riverside {OUTLIER}").click()
    page.get_by_role("heading", name=f"Riverside {OUTLIER}").wait_for()
    page.locator("[data-chart-spec='unit-spec'] svg").wait_for()
    main = page.inner_text("main")
    assert "April to June 2025" in main and "This is an outlier" in main
    fits(page, width)
    no_accessibility_violations(page)
    shot(page, "provider", width)
    # And the integrated report shows every provider's icons, the private one "No shared figures"
    page.goto("/system/matrix/")
    page.get_by_role("heading", name="Integrated report of the system").wait_for()
    assert "No shared figures" in page.inner_text("main")
    fits(page, width)
    no_accessibility_violations(page)
    shot(page, "matrix", width)
