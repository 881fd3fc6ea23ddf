"""The demo organisations' board metrics and their board report.

Three years of monthly data on eighteen metrics in the domains a board reports on, some with
a real shift; a few are measured in every directorate and on some wards too, for drill-down.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import numpy as np

from qijourney.demo.calendar import add_months
from qijourney.demo.measures import Shape, draw_points, percent_multiplier
from qijourney.measures.models import DataPoint, Measure, MeasureTarget
from qijourney.organisations.models import Organisation, Person
from qijourney.reporting.models import BoardReport, BoardReportItem


@dataclass(frozen=True)
class BoardMetric:
    """One metric on the board report, in the domain it is listed under."""

    name: str
    chart: str
    direction: str
    unit: str
    level: float  # where it runs: a proportion (p), a monthly count (c) or a value (XmR)
    target: float | None
    drill_down: str = ""  # its metric code, measured at every level; "": the top level only

    @property
    def multiplier(self) -> float:
        return percent_multiplier(self.chart)


# The board's metrics by domain, in the order the report shows them.
BOARD_METRICS = {
    "Safe": [
        BoardMetric(
            "Inpatient falls per 1,000 bed days",
            "xmr",
            "decrease",
            "per 1,000",
            level=6.5,
            target=5.5,
            drill_down="falls",
        ),
        BoardMetric(
            "Pressure ulcers (category 2+)",
            "c",
            "decrease",
            "ulcers",
            level=9.0,
            target=6.0,
            drill_down="pressure-ulcers",
        ),
        BoardMetric(
            "Sepsis screening within 1 hour",
            "p",
            "increase",
            "%",
            level=0.86,
            target=90.0,
            drill_down="sepsis-screening",
        ),
        BoardMetric("C. difficile infections", "c", "decrease", "cases", level=3.0, target=2.0),
        BoardMetric(
            "Medication incidents causing harm",
            "xmr",
            "decrease",
            "incidents",
            level=11.0,
            target=8.0,
        ),
    ],
    "Effective": [
        BoardMetric(
            "Hospital standardised mortality ratio",
            "xmr",
            "decrease",
            "ratio",
            level=98.0,
            target=100.0,
        ),
        BoardMetric("Readmissions within 30 days", "p", "decrease", "%", level=0.082, target=7.5),
        BoardMetric(
            "Stroke patients to a stroke unit within 4 hours",
            "p",
            "increase",
            "%",
            level=0.62,
            target=75.0,
        ),
    ],
    "Caring": [
        BoardMetric(
            "Friends and Family Test: inpatients positive",
            "p",
            "increase",
            "%",
            level=0.94,
            target=95.0,
        ),
        BoardMetric("Complaints", "c", "decrease", "complaints", level=28.0, target=None),
    ],
    "Responsive": [
        BoardMetric(
            "A&E patients seen within 4 hours",
            "p",
            "increase",
            "%",
            level=0.71,
            target=78.0,
            drill_down="ae-4-hours",
        ),
        BoardMetric(
            "Referral to treatment within 18 weeks", "p", "increase", "%", level=0.58, target=65.0
        ),
        BoardMetric(
            "Cancer: 62-day treatment standard", "p", "increase", "%", level=0.69, target=75.0
        ),
        BoardMetric(
            "Ambulance handovers over 60 minutes",
            "c",
            "decrease",
            "handovers",
            level=40.0,
            target=0.0,
        ),
    ],
    "Well-led": [
        BoardMetric("Staff sickness absence", "xmr", "decrease", "%", level=5.2, target=4.5),
        BoardMetric("Appraisal rate", "xmr", "increase", "%", level=84.0, target=90.0),
    ],
    "People": [BoardMetric("Staff turnover", "xmr", "decrease", "%", level=11.5, target=10.0)],
    "Use of resources": [
        BoardMetric("Agency spend (£000s)", "xmr", "decrease", "£000s", level=820.0, target=700.0),
    ],
}


def build(
    rng: random.Random,
    provider: Organisation,
    teams: list[Organisation],
    owner: Person,
    today: dt.date,
) -> None:
    """Every metric for the organisation, and the drill-down metrics for each directorate and
    the first directorate's first three teams too; the organisation's own go on the report."""
    noise = np.random.default_rng(rng.randint(0, 2**31))
    months = [add_months(dt.date(today.year - 3, today.month, 1), i) for i in range(36)]
    directorates = sorted({t.parent for t in teams}, key=lambda d: d.name)
    wards = [t for t in teams if t.parent_id == directorates[0].pk][:3]
    on_report, points = [], []
    for domain, metrics in BOARD_METRICS.items():
        for metric in metrics:
            places = [provider, *directorates, *wards] if metric.drill_down else [provider]
            for place in places:
                share = 1.0 if place == provider else noise.uniform(0.15, 0.4)
                measure = Measure.objects.create(
                    provider=provider,
                    name=metric.name,
                    kind=Measure.Kind.OUTCOME,
                    chart_type=metric.chart,
                    direction=metric.direction,
                    multiplier=metric.multiplier,
                    unit=metric.unit,
                    target=metric.target,
                    frequency=Measure.Frequency.MONTHLY,
                    owner=owner,
                    domain=domain,
                    metric_code=metric.drill_down,
                    on_board_report=True,
                    reporting_unit=place,
                    operational_definition=(
                        f"{metric.name}, monthly, from the trust's reporting system."
                    ),
                )
                if place == provider:
                    on_report.append(measure)
                shift = noise.random() < 0.35
                points += draw_points(noise, measure, months, _shape(metric, share, shift))
                if metric.target is not None and place == provider and noise.random() < 0.4:
                    _tightened_a_year_ago(measure, metric, months)
    DataPoint.objects.bulk_create(points)
    report = BoardReport.objects.create(
        provider=provider, title="Integrated quality and performance report"
    )
    BoardReportItem.objects.bulk_create(
        BoardReportItem(report=report, measure=m, order=i) for i, m in enumerate(on_report)
    )


def _shape(metric: BoardMetric, share: float, shift: bool) -> Shape:
    """Where a place runs (``share`` of the organisation's activity) and, if it shifted, a
    move from month 22: 4 points better (p), 30% fewer (c) or 8% better (XmR)."""
    level = metric.level
    better = 1 if metric.direction == "increase" else -1
    changes_at = 22 if shift else None
    if metric.chart == "p":
        return Shape(
            level=level,
            changed_level=level + 0.04 * better,
            changes_at=changes_at,
            spread=0.01,
            denominators=(800, 1500),
            denominator_share=share,
            denominator_base=20,
        )
    if metric.chart == "c":
        return Shape(
            level=max(level * share, 0.3),
            changed_level=max(level * share * 0.7, 0.3),
            changes_at=changes_at,
        )
    return Shape(
        level=level,
        changed_level=level * (1 + 0.08 * better),
        changes_at=changes_at,
        spread=level * 0.05,
    )


def _tightened_a_year_ago(measure: Measure, metric: BoardMetric, months: list[dt.date]) -> None:
    """The target in force now, from a year ago; before that a looser one."""
    MeasureTarget.objects.create(measure=measure, start_date=months[-12], value=metric.target)
    MeasureTarget.objects.create(
        measure=measure,
        start_date=months[0],
        value=metric.target * (1.1 if metric.direction == "decrease" else 0.95),
    )
