"""The key journeys, as a person does them, with an accessibility check on each page."""

from pathlib import Path

import pytest

from qijourney.projects.models import Project
from tests.factories import PASSWORD, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def no_serious_accessibility_problems(page):
    """axe-core (WCAG 2.2 AA rules) finds nothing serious or critical on the page."""
    page.evaluate(AXE.read_text())  # evaluate is not subject to the page's CSP
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious


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
    no_serious_accessibility_problems(page)
    # And starts a project with its aim
    page.get_by_role("link", name="New project").click()
    no_serious_accessibility_problems(page)
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
    no_serious_accessibility_problems(page)
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
    no_serious_accessibility_problems(page)


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
