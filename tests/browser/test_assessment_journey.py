"""A self-assessment round in the browser: the central QI team starts it, colleagues answer,
and the results, the change since the last round and the maturity chart are there for all to
read; axe checks every page on the way."""

import datetime as dt
import re

import pytest

from qijourney.assessment import services
from qijourney.assessment.models import AssessmentRound, Framework, Statement
from qijourney.organisations.models import Organisation
from tests.browser.axe import no_accessibility_violations
from tests.factories import PASSWORD, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAMEWORK = "The four underpinning elements"


def sign_in_as(page, person):
    page.context.clear_cookies()  # whoever was signed in before is signed out
    page.goto("/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=f"Hello, {person.full_name}").wait_for()


def test_a_round_answered_by_several_people_shows_change_and_the_maturity_chart(
    page, tree_a, tree_b
):
    # Given the central QI team, three colleagues, and last spring's round (everyone at 1)
    services.install_frameworks()  # the migration's rows do not survive transactional tests
    framework = Framework.objects.get(name=FRAMEWORK)
    statements = list(Statement.objects.filter(domain__framework=framework))
    lead = PersonFactory(
        provider=tree_a.provider, full_name="Quinn Lead", roles=["central_qi_team"]
    )
    colleagues = [
        PersonFactory(provider=tree_a.provider, full_name=name)
        for name in ("Ana Ward", "Ben Theatre", "Cat Clinic")
    ]
    last_spring = AssessmentRound.objects.create(
        provider=tree_a.provider,
        framework=framework,
        name="Spring 2025",
        opened=dt.date(2025, 4, 1),
    )
    for person in colleagues[:2]:
        services.respond(
            assessment=last_spring, respondent=person, answers={s.pk: 1 for s in statements}
        )

    # When the lead starts this spring's round
    sign_in_as(page, lead)
    page.get_by_role("link", name="Self-assessment", exact=True).click()
    page.get_by_role("heading", name="Self-assessment", exact=True).wait_for()
    no_accessibility_violations(page)
    page.get_by_role("link", name="Start a round").click()
    page.get_by_label("Framework").select_option(label=FRAMEWORK)
    page.get_by_label("Name").fill("Spring 2026")
    page.get_by_label("Opens").fill("2026-04-01")
    page.get_by_role("button", name="Start the round").click()
    page.get_by_role("heading", name="Spring 2026").wait_for()
    no_accessibility_violations(page)
    round_url = page.url

    # And three colleagues answer it: Established, Leading and Developing throughout
    for person, level in zip(colleagues, ("Established", "Leading", "Developing"), strict=True):
        sign_in_as(page, person)
        page.goto(round_url)
        for statement in statements:
            page.get_by_role("group", name=statement.text).get_by_label(level).check()
        page.get_by_role("button", name="Save my answers").click()
        page.get_by_text(f"Thank you: {len(statements)} answers saved").wait_for()

    # Then the results show each domain at 3.0, up 2.0 on last spring, from three people
    sign_in_as(page, lead)
    page.goto(round_url)
    for domain in framework.domains.all():
        row = page.get_by_role("row", name=re.compile(f"^{re.escape(domain.name)}"))
        assert re.fullmatch(r"\s*\S.*\s3\.0\s+\+2\.0\s+3\s*", row.inner_text(), re.S), (
            row.inner_text()
        )
    no_accessibility_violations(page)

    # And the report draws maturity over time, both rounds in every domain
    page.get_by_role("link", name="Self-assessment report: maturity over time").click()
    page.get_by_role("heading", name=f"Self-assessment report: {FRAMEWORK}").wait_for()
    chart = page.locator('[data-chart-spec="maturity-spec"]')
    chart.locator("svg").wait_for()
    drawn = chart.locator("svg").text_content()
    for words in ("Spring 2025", "Spring 2026", "Leadership and governance", "3.0", "1.0"):
        assert words in drawn, words
    # The text alternative stays on the chart's container after vega draws into it.
    described = chart.get_attribute("aria-label")
    assert "one bar per round: Spring 2025, Spring 2026" in described
    assert "For Spring 2026 every domain scores 3.0" in described
    table = page.get_by_role("table", name=re.compile("Mean maturity by domain in each round"))
    assert table.get_by_role("columnheader", name="Spring 2026").count() == 1
    no_accessibility_violations(page)

    # And the lead shares the results with the system
    page.goto(round_url)
    page.get_by_role("button", name="Share these results with your system").click()
    page.get_by_text("Results shared").wait_for()
    no_accessibility_violations(page)
    assert AssessmentRound.objects.get(name="Spring 2026").shared_with_system

    # Then a nurse of another organisation of the same system compares it with theirs
    system = Organisation.objects.create(name="Riverside ICS", kind="system")
    for tree in (tree_a, tree_b):
        tree.provider.parent = system
        tree.provider.save()
    nurse = PersonFactory(provider=tree_b.provider, full_name="Nia Southmoor")
    sign_in_as(page, nurse)
    # In a system the header has more entries than fit: some sit under "More".
    page.goto("/assessment/")
    page.get_by_role("link", name=re.compile("Compare results other organisations")).click()
    page.get_by_role("heading", name=FRAMEWORK).wait_for()
    page.locator('[data-chart-spec="shared-spec-1"] svg').wait_for()
    assert "Northvale Hospitals: Spring 2026" in page.content()
    no_accessibility_violations(page)
    page.get_by_role("link", name="Northvale Hospitals: Spring 2026").click()
    page.get_by_role("heading", name="Northvale Hospitals: Spring 2026").wait_for()
    assert "Ana Ward" not in page.content()  # scores only: nobody's answers
    no_accessibility_violations(page)
