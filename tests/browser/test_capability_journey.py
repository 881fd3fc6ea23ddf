"""Capability journeys as the central QI team does them: import the staff list, run a cohort,
set the dosing plan and find the gap by directorate, and find a coach who is not coaching."""

import datetime as dt

import pytest

from qijourney.capability.models import CoachingLog, Enrolment, Evaluation, StaffMember
from qijourney.organisations.models import Organisation
from tests.browser.axe import no_accessibility_violations
from tests.browser.test_journeys import sign_in
from tests.factories import PersonFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "staff_number,name,role_group,unit,start_date,manager\n"


def staff_csv(rows: list[str]) -> dict:
    return {
        "name": "staff.csv",
        "mimeType": "text/csv",
        "buffer": (HEADER + "".join(rows)).encode(),
    }


def test_import_staff_run_a_cohort_and_see_coverage_by_directorate(page, tree_a):
    surgery = Organisation.objects.create(
        name="Surgery", kind=Organisation.Kind.DIRECTORATE, parent=tree_a.provider
    )
    Organisation.objects.create(name="Theatres", kind=Organisation.Kind.TEAM, parent=surgery)
    lead = PersonFactory(
        provider=tree_a.provider, roles=["central_qi_team"], full_name="Quinn Lead"
    )
    sign_in(page, lead)
    page.get_by_role("link", name="Capability").first.click()
    page.get_by_role("heading", name="Improvement capability").wait_for()
    no_accessibility_violations(page)
    # A staff list with a mistake: nothing is imported, the row and column are named.
    page.get_by_role("link", name="import a staff list").click()
    rows = [
        f"N{i},Nurse {i},Nursing,{tree_a.ward.name},2024-01-0{1 + i % 9},no\n" for i in range(6)
    ]
    rows += [
        f"T{i},Theatre {i},Allied health,Theatres,2023-05-01,{'yes' if i == 0 else 'no'}\n"
        for i in range(4)
    ]
    page.get_by_label("File (.csv or .xlsx)").set_input_files(
        staff_csv([*rows, "X1,Typo,Nursing,Theatre,2024-13-01,no\n"])
    )
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Nothing was imported: 2 problems in the file").wait_for()
    assert "Row 12: unit 'Theatre' is not a directorate or team" in page.inner_text("main")
    no_accessibility_violations(page)
    assert not StaffMember.objects.exists()
    page.get_by_label("File (.csv or .xlsx)").set_input_files(staff_csv(rows))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 10 rows").click()
    page.get_by_text("Staff list imported: 10 added, 0 updated").wait_for()
    no_accessibility_violations(page)
    # Programmes from the shipped ladder, then a cohort of the introduction.
    page.get_by_role("link", name="Improvement capability").click()
    page.get_by_role("link", name="Programmes and cohorts").click()
    page.get_by_label("Dosing tiers:").check()
    page.get_by_role("button", name="Add these programmes").click()
    page.get_by_text("5 programmes added").wait_for()
    no_accessibility_violations(page)
    page.get_by_role("link", name="Improvement introduction").click()
    page.get_by_label("Name").first.fill("Introduction, autumn")
    today = dt.date.today()
    page.get_by_label("Starts").fill((today - dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the cohort").click()
    page.get_by_role("heading", name="Introduction, autumn").wait_for()
    page.get_by_label("Staff numbers").fill("N0\nN1, T0\nT1")
    page.get_by_role("button", name="Enrol").click()
    page.get_by_text("4 enrolled", exact=True).wait_for()
    no_accessibility_violations(page)
    for name in ("Nurse 0", "Nurse 1", "Theatre 0"):
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Save outcomes").click()
    page.get_by_text("3 marked completed").wait_for()
    page.get_by_label("Trainee").select_option(label="Nurse 0 (N0)")
    page.get_by_label("Kirkpatrick level").select_option(value="1")
    page.get_by_label("Score (1-5)").select_option(value="5")
    page.get_by_role("button", name="Record the evaluation").click()
    page.get_by_text("Evaluation recorded").wait_for()
    assert Enrolment.objects.filter(completed_on=today).count() == 3
    assert Evaluation.objects.get().score == 5
    # The plan: half of all staff through the introduction; the gap by directorate.
    page.get_by_role("link", name="Capability").first.click()
    page.get_by_role("link", name="Set the targets").click()
    page.get_by_label("Programme").select_option(label="Improvement introduction")
    page.get_by_label("Target %").fill("50")
    page.get_by_role("button", name="Add the target").click()
    page.get_by_text("Target added to the dosing plan").wait_for()
    no_accessibility_violations(page)
    page.get_by_role("link", name="Capability").first.click()
    page.locator("[data-chart-spec='coverage-spec'] svg").wait_for()
    page.get_by_role("link", name="Improvement introduction").first.click()
    page.get_by_role("heading", name="Gap by directorate").wait_for()
    page.locator("[data-chart-spec='directorate-spec'] svg").wait_for()
    table = page.get_by_role("table", name="Coverage by directorate").inner_text()
    # Ward 1 (Medicine): 2 of 6; Theatres (Surgery): 1 of 4.
    assert "Northvale Hospitals Medicine\t6\t2\t33.3%\t1" in table, table
    assert "Surgery\t4\t1\t25%\t1" in table, table
    no_accessibility_violations(page)


def test_find_a_coach_who_is_not_coaching_and_log_a_session(page, tree_a):
    lead = PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])
    busy = PersonFactory(provider=tree_a.provider, roles=["coach"], full_name="Busy Coach")
    quiet = PersonFactory(provider=tree_a.provider, roles=["coach"], full_name="Quiet Coach")
    busy_project = ProjectFactory(unit=tree_a.ward, coach=busy, title="Busy project")
    ProjectFactory(unit=tree_a.ward, coach=quiet, title="Quiet project")
    CoachingLog.objects.create(project=busy_project, coach=busy, date=dt.date.today(), minutes=60)
    sign_in(page, lead)
    page.get_by_role("link", name="Capability").first.click()
    page.get_by_role("link", name="Skills directory").click()
    page.get_by_role("link", name="Coaches not coaching").click()
    main = page.inner_text("main")
    assert "Quiet Coach" in main and "Busy Coach" not in main
    assert "Assigned, no coaching logged in 90 days" in main
    no_accessibility_violations(page)
    page.get_by_role("link", name="Quiet project").click()
    page.get_by_role("heading", name="Coaching log").wait_for()
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Note").fill("Restarted the weekly huddle review")
    page.get_by_label("Coach", exact=True).select_option(label="Quiet Coach")
    page.get_by_role("button", name="Log the session").click()
    page.get_by_text("Coaching session logged").wait_for()
    no_accessibility_violations(page)
    page.get_by_role("link", name="Capability").first.click()
    page.get_by_role("link", name="Skills directory").click()
    page.get_by_role("link", name="Coaches not coaching").click()
    page.get_by_text("0 people.").wait_for()
