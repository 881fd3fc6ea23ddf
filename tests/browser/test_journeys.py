"""The key journeys, as a person does them, with an accessibility check on each page."""

import datetime as dt

import pytest

from qijourney.projects.models import Project
from tests.browser.axe import no_accessibility_violations
from tests.factories import PASSWORD, PersonFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, person):
    page.goto("/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_create_a_project_and_find_it_in_the_portfolio(page, tree_a):
    # Given a nurse on a ward
    nurse = PersonFactory(provider=tree_a.provider, unit=tree_a.ward, full_name="Ada Nurse")
    colleague = PersonFactory(
        provider=tree_a.provider, full_name="Bo Partner", is_patient_partner=True
    )
    # When she signs in
    sign_in(page, nurse)
    page.get_by_role("heading", name="Hello, Ada Nurse").wait_for()
    no_accessibility_violations(page)
    # And starts a project with its aim
    page.get_by_role("link", name="Start a project").click()
    no_accessibility_violations(page)
    page.get_by_label("Title").fill("Fewer falls at night")
    page.get_by_label("Unit").select_option(label=tree_a.ward.name)
    page.get_by_label("Strategic priority").select_option(label=tree_a.priority.title)
    page.get_by_label("What will improve").fill("Reduce falls at night")
    page.get_by_label("By how much").fill("by 30%")
    page.get_by_label("For whom").fill("patients on Ward 1")
    page.get_by_label("Lead").select_option(label="Ada Nurse")
    page.get_by_role("button", name="Save project").click()
    # Then she sees the project with its aim
    page.get_by_role("heading", name="Fewer falls at night").wait_for()
    assert "Aim: Reduce falls at night by 30% for patients on Ward 1." in page.content()
    no_accessibility_violations(page)
    # When she adds a patient partner to the team and moves the progress score on
    page.get_by_text("Add someone to the team").click()
    page.get_by_label("Person").select_option(label="Bo Partner")
    page.get_by_label("Role on the team").select_option(label="Patient or carer partner")
    page.get_by_role("button", name="Add to team").click()
    page.get_by_text("Bo Partner added to the team").wait_for()
    page.get_by_label("Progress score").select_option(value="2.0")
    page.get_by_label("What has changed?").fill("First PDSA cycle done")
    page.get_by_role("button", name="Update progress score").click()
    page.get_by_text("Progress score updated").wait_for()
    project = Project.objects.get(title="Fewer falls at night")
    assert str(project.progress_score) == "2.0"
    assert project.team.filter(person=colleague, role="patient_partner").exists()
    # Then she finds it in the portfolio, filtered by patient involvement
    page.get_by_role("link", name="Portfolio").click()
    page.get_by_label("Patient involvement").select_option(label="With patient partners")
    page.get_by_role("button", name="Show projects").click()
    page.get_by_role("link", name="Fewer falls at night").wait_for()
    no_accessibility_violations(page)


def test_keyboard_only_sign_in(page, tree_a):
    nurse = PersonFactory(provider=tree_a.provider, full_name="Kay Board")
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.get_by_label("Email address").focus()
    page.keyboard.type(nurse.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Hello, Kay Board").wait_for()


def test_driver_diagram_measure_upload_chart_and_pdsa(page, tree_a, tmp_path):
    # Given a project lead with a project
    lead = PersonFactory(provider=tree_a.provider, unit=tree_a.ward, full_name="Lee Lead")
    project = ProjectFactory(unit=tree_a.ward, lead=lead, title="Safer nights")
    sign_in(page, lead)
    page.goto(f"/projects/{project.pk}/")
    # When she draws the driver diagram: aim, a primary driver, a change idea's chain
    page.get_by_role("link", name="Draw the driver diagram").click()
    for level, text, parent in [
        ("Aim", "No falls at night", None),
        ("Primary driver", "Reliable checks", "Aim: No falls at night"),
        ("Secondary driver", "Hourly rounding", "Primary driver: Reliable checks"),
        ("Change idea", "Rounding chart by the bed", "Secondary driver: Hourly rounding"),
    ]:
        page.get_by_label("Column").select_option(label=level)
        page.get_by_label("Text").fill(text)
        if parent:
            page.get_by_label(parent).check()
        page.get_by_role("button", name="Add to the diagram").click()
        page.get_by_text("Added to the driver diagram").wait_for()
    assert page.locator("svg.qi-driver-diagram rect").count() == 4
    no_accessibility_violations(page)
    # And adds a measure
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Name").fill("Falls at night")
    page.get_by_label("Improvement direction").select_option(label="Lower is better")
    page.get_by_label("Target").fill("2")
    page.get_by_role("button", name="Save measure").click()
    page.get_by_text("No data yet").wait_for()
    # And uploads 20 weeks of data with a bad row, sees the error, fixes it and imports
    values = [6, 7, 6, 8, 7, 6, 7, 8, 6, 7, 6, 7, 8, 7, 2, 2, 1, 2, 1, 2]
    dates = [dt.date(2025, 1, 6) + dt.timedelta(weeks=i) for i in range(len(values))]
    rows = ["date,value"] + [f"{d.isoformat()},{v}" for d, v in zip(dates, values, strict=True)]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([*rows, "2025-06-01,lots"]))
    page.get_by_role("link", name="Upload data").click()
    page.get_by_label("CSV or Excel file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Row 22: value 'lots' is not a number").wait_for()
    assert "Nothing was imported" in page.content()
    good = tmp_path / "good.csv"
    good.write_text("\n".join(rows))
    page.get_by_label("CSV or Excel file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 20 rows").click()
    page.get_by_text("Imported 20 new points and replaced 0").wait_for()
    # Then the chart shows the signal, in the icon and its text alternative
    page.locator("[data-chart-spec] svg").wait_for()
    assert "Special cause variation: improvement (lower values)" in page.content()
    no_accessibility_violations(page)
    # When she logs a PDSA cycle testing the change idea, linked to the measure
    page.goto(f"/projects/{project.pk}/pdsa/new/")
    page.get_by_label("Title", exact=True).fill("Rounding chart on one bay")
    page.get_by_label("Ramp").fill("Rounding chart")
    page.get_by_label("Change idea").select_option(label="Rounding chart by the bed")
    page.get_by_label("Start date").fill("2025-04-01")
    page.get_by_label("Predictions", exact=True).fill("Nurses will fill it in every hour")
    page.get_by_role("group", name="Measures this cycle should move").get_by_label(
        "Falls at night"
    ).check()
    page.get_by_label("Decision").select_option(label="Adopt")
    page.get_by_role("button", name="Save PDSA cycle").click()
    page.get_by_text("PDSA cycle saved").wait_for()
    no_accessibility_violations(page)
    # Then the cycle is a marker on the measure's chart
    page.get_by_role("link", name="Safer nights").click()
    page.get_by_role("link", name="Falls at night").click()
    page.get_by_role("link", name="Rounding chart 1: Rounding chart on one bay").wait_for()
    spec = page.locator("#chart-spec").text_content()
    assert '"kind": "marker"' in spec and "PDSA 1" in spec


def test_board_report_issue_and_drill_down(page, tree_a):
    # Given the executive lead and a board metric at trust and ward level
    from qijourney.measures.models import DataPoint, Measure
    from qijourney.reporting import services

    lead = PersonFactory(provider=tree_a.provider, full_name="Eve Exec", roles=["executive_lead"])
    metrics = []
    for place in (tree_a.provider, tree_a.ward):
        measure = Measure.objects.create(
            provider=tree_a.provider,
            name="Inpatient falls",
            domain="Safe",
            chart_type="xmr",
            direction="decrease",
            on_board_report=True,
            reporting_unit=place,
            metric_code="falls",
            target=4,
        )
        DataPoint.objects.bulk_create(
            DataPoint(
                measure=measure,
                date=dt.date(2024, 1, 1) + dt.timedelta(days=31 * i),
                value=[6, 7, 6, 8, 7, 6, 7, 8, 6, 7, 6, 7, 8, 7, 6, 7][i],
            )
            for i in range(16)
        )
        metrics.append(measure)
    services.save_report(
        actor=lead, report=None, title="Board pack", period_end=None, measures=metrics[:1]
    )
    # When she opens the board report
    sign_in(page, lead)
    page.get_by_role("link", name="Board report", exact=True).click()
    page.get_by_role("link", name="Board pack").click()
    page.get_by_role("heading", name="Summary: variation and assurance").wait_for()
    assert "The system is expected to consistently fail the target" in page.content()
    no_accessibility_violations(page)
    # And issues it to the board
    page.get_by_role("button", name="Issue to the board").click()
    page.get_by_text("This copy does not change when the data does").wait_for()
    no_accessibility_violations(page)
    # Then she can drill down from the trust to the ward
    page.goto("/board/metrics/")
    page.get_by_role("link", name="By directorate and ward").first.click()
    page.locator("[data-chart-spec] svg").wait_for()
    assert tree_a.ward.name in page.content()
    no_accessibility_violations(page)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_point_is_replaced_and_deleted_only_when_confirmed(page, tree_a, width):
    # Given a nurse whose measure has a point on 6 January
    from qijourney.measures.models import DataPoint
    from tests.factories import MeasureFactory

    nurse = PersonFactory(provider=tree_a.provider, unit=tree_a.ward)
    project = ProjectFactory(unit=tree_a.ward, lead=nurse)
    measure = MeasureFactory(project=project, name="Falls at night")
    DataPoint.objects.create(measure=measure, date=dt.date(2025, 1, 6), value=4, annotation="Audit")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, nurse)
    # When she enters another value for the same date
    page.goto(f"/measures/{measure.pk}/")
    page.get_by_text("Add a point").click()
    page.locator("#id_date").fill("2025-01-06")
    page.locator("#id_value").fill("7")
    page.get_by_role("button", name="Save point").click()
    # Then she is shown the point already there and asked
    page.get_by_role("heading", name="There is already a point for 6 January 2025").wait_for()
    assert "4 · note: Audit" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    no_accessibility_violations(page)
    page.get_by_role("button", name="Replace it with what I entered").click()
    page.get_by_text("Point for 06/01/2025 saved").wait_for()
    assert DataPoint.objects.get(measure=measure).value == 7
    # When she deletes it, she is asked first
    page.get_by_role("link", name="Delete the point for 6 January 2025").click()
    page.get_by_role("heading", name="Delete the point for 6 January 2025?").wait_for()
    no_accessibility_violations(page)
    assert DataPoint.objects.filter(measure=measure).exists()
    page.get_by_role("button", name="Delete the point").click()
    page.get_by_text("Point for 06/01/2025 deleted").wait_for()
    assert not DataPoint.objects.filter(measure=measure).exists()
