"""History and undo in the browser: a project's earlier version put back, a deleted point
found in Recently deleted and restored, and an upload whose dates are written two ways
refused in words; axe checks every page on the way, at a laptop's width and a phone's."""

import datetime as dt

import pytest

from qijourney.measures import services as measure_services
from qijourney.measures.models import DataPoint
from qijourney.projects import services as project_services
from qijourney.projects.models import Project
from tests.browser.axe import no_accessibility_violations
from tests.factories import PASSWORD, MeasureFactory, PersonFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, person):
    page.context.clear_cookies()  # whoever was signed in before is signed out
    page.goto("/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=f"Hello, {person.full_name}").wait_for()


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1366, 390])
def test_a_project_is_put_back_as_it_was_from_its_history(page, tree_a, width):
    # Given a nurse's project whose title she changed
    nurse = PersonFactory(provider=tree_a.provider, unit=tree_a.ward, full_name="Ada Nurse")
    project = ProjectFactory(unit=tree_a.ward, lead=nurse, title="Fewer falls at night")
    project_services.update_project(actor=nurse, project=project, fields={"title": "Falls: a typo"})
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, nurse)
    # When she opens the project's History
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="History", exact=True).click()
    page.get_by_role("heading", name="History", exact=True).wait_for()
    assert "Fewer falls at night" in page.inner_text("main")
    fits(page, width)
    no_accessibility_violations(page)
    # Then only the earlier version offers restoring, and she is shown what it changes
    restore = page.get_by_role("link", name="Restore this version")
    assert restore.count() == 1
    restore.click()
    page.get_by_role("heading", name="Restore the project as it was on").wait_for()
    table = page.get_by_role("table", name="What will change").inner_text()
    assert "Falls: a typo" in table and "Fewer falls at night" in table
    fits(page, width)
    no_accessibility_violations(page)
    # When she restores it, it is back, and the History says so
    page.get_by_role("button", name="Restore this version").click()
    page.get_by_text("The project is back as it was then").wait_for()
    assert Project.objects.get(pk=project.pk).title == "Fewer falls at night"
    page.get_by_role("heading", name="Restored: Project: Fewer falls at night").wait_for()
    no_accessibility_violations(page)
    # And a colleague who may not change it sees no History or Delete, and is refused them
    colleague = PersonFactory(provider=tree_a.provider, full_name="Cal League")
    sign_in(page, colleague)
    page.goto(f"/projects/{project.pk}/")
    main = page.locator("main")
    assert main.get_by_role("link", name="History", exact=True).count() == 0
    assert main.get_by_role("link", name="Delete this project").count() == 0
    # (asked with the context's cookies, not loaded: a refused page logs a console error)
    for path in (f"/history/projects/{project.pk}/", f"/delete/projects/{project.pk}/"):
        assert page.request.get(path).status == 403


@pytest.mark.parametrize("width", [1366, 390])
def test_a_deleted_point_is_found_in_recently_deleted_and_restored(page, tree_a, width):
    # Given a nurse's measure with a point on 6 January
    nurse = PersonFactory(provider=tree_a.provider, unit=tree_a.ward, full_name="Ada Nurse")
    project = ProjectFactory(unit=tree_a.ward, lead=nurse)
    measure = MeasureFactory(project=project, name="Falls at night")
    point = measure_services.save_point(
        actor=nurse, measure=measure, date=dt.date(2025, 1, 6), value=4
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, nurse)
    # When she deletes it, confirming first
    page.goto(f"/measures/{measure.pk}/")
    fits(page, width)
    no_accessibility_violations(page)
    page.get_by_role("link", name="Delete the point for 6 January 2025").click()
    page.get_by_role("heading", name="Delete the point for 6 January 2025?").wait_for()
    page.get_by_role("button", name="Delete the point").click()
    page.get_by_text("Point for 06/01/2025 deleted").wait_for()
    assert not DataPoint.objects.filter(pk=point.pk).exists()
    # Then Recently deleted lists it by its measure and date
    page.goto("/recently-deleted/")
    row = page.get_by_role("row", name="Falls at night: 6 January 2025")
    row.wait_for()
    fits(page, width)
    no_accessibility_violations(page)
    # And restoring it puts it back on the measure
    row.get_by_role("button", name="Restore Falls at night: 6 January 2025").click()
    page.get_by_text("The data point “Falls at night: 6 January 2025” is restored").wait_for()
    assert DataPoint.objects.filter(pk=point.pk).exists()
    page.get_by_role("link", name="Delete the point for 6 January 2025").wait_for()
    no_accessibility_violations(page)


def test_an_upload_with_dates_written_two_ways_is_refused_in_words(page, tree_a, tmp_path):
    # Given a nurse's measure, on a phone
    nurse = PersonFactory(provider=tree_a.provider, unit=tree_a.ward, full_name="Ada Nurse")
    project = ProjectFactory(unit=tree_a.ward, lead=nurse)
    measure = MeasureFactory(project=project, name="Falls at night")
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, nurse)
    dates = [dt.date(2025, 1, 6) + dt.timedelta(weeks=i) for i in range(12)]
    # When she uploads a file whose first rows are ISO dates and the rest day/month/year
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        "date,value\n"
        + "".join(f"{d.isoformat()},{i}\n" for i, d in enumerate(dates[:6]))
        + "".join(f"{d:%d/%m/%Y},{i}\n" for i, d in enumerate(dates[6:]))
    )
    page.goto(f"/measures/{measure.pk}/upload/")
    page.get_by_label("CSV or Excel file").set_input_files(str(mixed))
    page.get_by_role("button", name="Check the file").click()
    # Then nothing is imported and she is told which column, rows and ways
    summary = page.locator(".nhsuk-error-summary")
    summary.get_by_text("Nothing was imported: 1 problem in the file").wait_for()
    text = summary.inner_text()
    assert "Column 'date' has dates written in different ways" in text
    assert "rows 2, 3, 4, 5, 6 and 1 more fit ISO dates" in text
    assert "rows 8, 9, 10, 11, 12 and 1 more fit day/month/year" in text
    assert not DataPoint.objects.filter(measure=measure).exists()
    fits(page, 390)
    no_accessibility_violations(page)
    # When she sends it again with semicolons and decimal commas, written one way
    fixed = tmp_path / "fixed.csv"
    fixed.write_text("date;value\n" + "".join(f"{d:%d/%m/%Y};{i},5\n" for i, d in enumerate(dates)))
    page.get_by_label("CSV or Excel file").set_input_files(str(fixed))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Preview: 12 rows, no problems").wait_for()
    fits(page, 390)
    no_accessibility_violations(page)
    page.get_by_role("button", name="Import 12 rows").click()
    page.get_by_text("Imported 12 new points and replaced 0").wait_for()
    assert DataPoint.objects.get(measure=measure, date=dates[0]).value == 0.5
