"""Maturity over time, actions due, and the self-assessment report as a page and a PDF."""

import datetime as dt
import json
import re

import pytest
from django.test import Client

from qijourney.assessment import selectors
from qijourney.assessment.models import Action, AssessmentRound, Framework
from qijourney.charts.maturity import Series, maturity_spec
from qijourney.charts.render import to_svg
from qijourney.palette import NHS_BLUE, NHS_MID_GREY
from qijourney.reports.maturity import to_pdf
from tests.assessment.conftest import answer_all
from tests.factories import PASSWORD, PersonFactory
from tests.pdf_text import pdf_text

TODAY = dt.date(2026, 3, 1)
SHARED_PURPOSE = "Shared purpose and vision"
PEOPLE = "Investing in people and culture"


@pytest.fixture
def three_rounds(tree_a, impact):
    """Three rounds: two then three respondents, and a newest round nobody has answered."""
    a, b, c = (PersonFactory(provider=tree_a.provider) for _ in range(3))
    rounds = [
        AssessmentRound.objects.create(
            provider=tree_a.provider, framework=impact, name=name, opened=opened
        )
        for name, opened in (
            ("Spring", dt.date(2024, 4, 1)),
            ("Spring", dt.date(2025, 4, 1)),  # the same name again: told apart by date
            ("Autumn 2025", dt.date(2025, 10, 1)),
        )
    ]
    answer_all(rounds[0], a, 1, {SHARED_PURPOSE: 2})
    answer_all(rounds[0], b, 2, {SHARED_PURPOSE: 3})
    answer_all(rounds[1], a, 2, {SHARED_PURPOSE: 4})
    answer_all(rounds[1], b, 3, {SHARED_PURPOSE: 4})
    answer_all(rounds[1], c, 4, {SHARED_PURPOSE: 3})
    return rounds


def test_every_rounds_combined_scores_oldest_first(three_rounds, impact):
    domains, series = selectors.maturity_over_time(three_rounds[2])
    assert domains == [d.name for d in impact.domains.all()]
    assert [s.label for s in series] == [
        "Spring (01 Apr 2024)",
        "Spring (01 Apr 2025)",
        "Autumn 2025",
    ]
    assert series[0].scores[SHARED_PURPOSE] == 2.5  # (2 + 3) / 2
    assert series[0].scores[PEOPLE] == 1.5
    assert series[1].scores[SHARED_PURPOSE] == pytest.approx(3.67)  # (4 + 4 + 3) / 3
    assert series[1].scores[PEOPLE] == 3.0
    assert set(series[2].scores.values()) == {None}  # nobody has answered yet
    # The same numbers as the round's own results.
    assert {r.domain: r.score for r in selectors.results(three_rounds[1])} == series[1].scores


def test_a_report_as_at_an_older_round_stops_there(three_rounds):
    _, series = selectors.maturity_over_time(three_rounds[1])
    assert [s.label for s in series] == ["Spring (01 Apr 2024)", "Spring (01 Apr 2025)"]


def test_other_organisations_and_frameworks_stay_out(three_rounds, tree_b, impact):
    other_framework = Framework.objects.get(key="board-maturity")
    stranger = PersonFactory(provider=tree_b.provider)
    theirs = AssessmentRound.objects.create(
        provider=tree_b.provider, framework=impact, name="Theirs", opened=dt.date(2025, 1, 1)
    )
    answer_all(theirs, stranger, 4)
    AssessmentRound.objects.create(
        provider=three_rounds[0].provider,
        framework=other_framework,
        name="Board",
        opened=dt.date(2025, 1, 1),
    )
    _, series = selectors.maturity_over_time(three_rounds[2])
    assert "Theirs" not in [s.label for s in series] and "Board" not in [s.label for s in series]


def test_actions_due_are_open_and_overdue_or_due_within_90_days(three_rounds, tree_a, tree_b):
    owner = PersonFactory(provider=tree_a.provider, full_name="Olu Owner")
    domain = three_rounds[0].framework.domains.first()

    def action(text, due, status=Action.Status.NOT_STARTED, assessment=three_rounds[1]):
        return Action.objects.create(
            round=assessment, domain=domain, text=text, owner=owner, due=due, status=status
        )

    action("Overdue", TODAY - dt.timedelta(days=1))
    action("Due today", TODAY, Action.Status.IN_PROGRESS)
    action("Due on day 90", TODAY + dt.timedelta(days=90))
    action("Due on day 91", TODAY + dt.timedelta(days=91))
    action("Done late", TODAY - dt.timedelta(days=30), Action.Status.DONE)
    action("No date", None)
    action("From the first round", TODAY + dt.timedelta(days=5), assessment=three_rounds[0])
    board = AssessmentRound.objects.create(
        provider=tree_a.provider,
        framework=Framework.objects.get(key="board-maturity"),
        name="Board",
        opened=dt.date(2025, 1, 1),
    )
    Action.objects.create(
        round=board, domain=board.framework.domains.first(), text="Other framework", due=TODAY
    )
    due = selectors.actions_due(tree_a.provider, three_rounds[0].framework, today=TODAY)
    assert [a.text for a in due] == [
        "Overdue",
        "Due today",
        "From the first round",
        "Due on day 90",
    ]
    assert [a.overdue for a in due] == [True, False, False, False]
    assert due[0].owner == "Olu Owner" and due[1].status == "In progress"
    assert due[0].domain == domain.name


def test_chart_spec_labels_every_bar_and_draws(three_rounds):
    domains, series = selectors.maturity_over_time(three_rounds[2])
    spec = maturity_spec(domains, series, highlight=series[-1].label)
    rows = spec["data"]["values"]
    assert len(rows) == len(domains) * 3
    newest = [r for r in rows if r["series"] == "Autumn 2025"]
    assert {r["shown"] for r in newest} == {"No answers"}
    assert {r["emphasis"] for r in newest} == {"Latest round"}
    colours = spec["spec"]["layer"][0]["encoding"]["color"]["scale"]["range"]
    assert colours == [NHS_BLUE, NHS_MID_GREY]
    assert spec["spec"]["layer"][1]["mark"]["type"] == "text"  # scores printed, not only colour
    assert "one bar per round: Spring (01 Apr 2024), Spring (01 Apr 2025)" in spec["description"]
    svg = to_svg(spec)
    assert "Investing in people and culture" in svg and "3.7" in svg


def test_chart_description_names_the_highest_and_lowest_domain():
    spec = maturity_spec(
        ["A", "B", "C"], [Series("Only", {"A": 2.0, "B": 3.5, "C": 1.25})], highlight=None
    )
    assert "highest domain is B (3.5) and the lowest C (1.2)" in spec["description"]
    assert spec["spec"]["layer"][0]["encoding"]["color"] == {"value": NHS_BLUE}
    level = maturity_spec(["A", "B"], [Series("Even", {"A": 2.0, "B": 2.0})])
    assert "For Even every domain scores 2.0." in level["description"]


def test_report_page_has_the_chart_its_table_and_actions(three_rounds, tree_a):
    lead = PersonFactory(provider=tree_a.provider, full_name="Lee Lead")
    Action.objects.create(
        round=three_rounds[1],
        domain=three_rounds[1].framework.domains.first(),
        text="Run a leadership huddle",
        owner=lead,
        due=dt.date.today() - dt.timedelta(days=3),
    )
    client = Client()
    client.login(username=lead.email, password=PASSWORD)
    page = client.get(f"/assessment/rounds/{three_rounds[1].pk}/report/").content.decode()
    spec = json.loads(
        re.search(
            r'<script type="application/json" id="maturity-spec">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert {r["series"] for r in spec["data"]["values"]} == {
        "Spring (01 Apr 2024)",
        "Spring (01 Apr 2025)",
    }
    assert 'data-chart-spec="maturity-spec" role="img" aria-label="Bar chart' in page
    assert '<th scope="row" class="nhsuk-table__header">Shared purpose and vision</th>' in page
    assert "+1.2" in page  # Shared purpose: 2.5 then 3.67
    assert "Run a leadership huddle" in page and "Lee Lead" in page and "Overdue" in page
    assert "/report.pdf" in page


def test_pdf_download_names_the_organisation_and_date(three_rounds, tree_a):
    person = PersonFactory(provider=tree_a.provider)
    client = Client()
    client.login(username=person.email, password=PASSWORD)
    response = client.get(f"/assessment/rounds/{three_rounds[2].pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Self-assessment Northvale Hospitals NHS IMPACT the five components '
        f'{dt.date.today():%Y-%m-%d}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_pdf_says_what_the_page_says(three_rounds, tree_a):
    Action.objects.create(
        round=three_rounds[2],
        domain=three_rounds[2].framework.domains.last(),
        text="Put improvement in every business plan",
        owner=PersonFactory(provider=tree_a.provider, full_name="Pat Planner"),
        due=TODAY - dt.timedelta(days=10),
    )
    report = selectors.maturity_report(three_rounds[1], today=TODAY)
    text = pdf_text(to_pdf(report))
    assert "Self-assessment report: Northvale Hospitals" in text
    assert "Maturity by domain over time" in text
    for domain in report.domains[:4]:
        assert domain in text
    assert "Spring (01 Apr 2024): 2.5" in text  # a bar's printed label
    assert "Spring (01 Apr 2025): 3.7" in text
    assert re.search(r"Shared purpose and vision\s+3\.7\s+\+1\.2\s+3", text)  # results table
    assert "Put improvement in every business plan" in text and "Pat Planner" in text
    assert "Overdue" in text


def test_pdf_of_a_round_nobody_answered_still_prints(three_rounds):
    report = selectors.maturity_report(three_rounds[2], today=TODAY)
    pdf = to_pdf(report)
    assert (
        pdf.startswith(b"%PDF") and b"/Title (Self-assessment report: Northvale Hospitals)" in pdf
    )


@pytest.mark.parametrize("length", [3_000, 30_000])
def test_pdf_prints_a_very_long_action_in_full(three_rounds, tree_a, length):
    long = " ".join(f"w{i:05d}" for i in range(length // 7))
    lead = PersonFactory(provider=tree_a.provider, full_name="Lee Lead")
    for text in (long, "Short\x0b action <b>unclosed &"):
        Action.objects.create(
            round=three_rounds[1],
            domain=three_rounds[1].framework.domains.first(),
            text=text,
            owner=lead,
            due=dt.date.today() - dt.timedelta(days=3),
        )
    client = Client()
    client.login(username=lead.email, password=PASSWORD)
    response = client.get(f"/assessment/rounds/{three_rounds[1].pk}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert set(re.findall(r"w\d{5}", text)) == set(re.findall(r"w\d{5}", long))
    assert "Lee Lead" in text and "action <b>unclosed &" in text
