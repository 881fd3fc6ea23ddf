"""Capability's display, without a database: the charts say in words what they draw."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from qijourney.capability import presenters
from qijourney.domain.dosing import Breakdown, TargetCoverage


def covered(programme: str, dosed: int, of: int, target: float) -> TargetCoverage:
    return TargetCoverage(
        target_id=1,
        programme=programme,
        audience="all staff",
        basis="completed at any time",
        target_percent=target,
        overall=Breakdown("All", of, dosed, target),
        trend=[(dt.date(2026, 10, 31), 10.0), (dt.date(2026, 11, 30), 100 * dosed / of)],
        by_directorate=[Breakdown("Medicine", 10, 3, target), Breakdown("Surgery", 5, 0, target)],
    )


def test_the_plan_chart_reads_each_target_against_its_share():
    chart = presenters.plan_chart(
        [covered("Introduction", 29, 200, 15), covered("Practitioner", 1, 8, 100)]
    )
    assert chart["description"] == (
        "Coverage of each dosing target: Introduction: all staff 14.5% against 15%; "
        "Practitioner: all staff 12.5% against 100%"
    )


def test_the_directorate_chart_names_every_directorate():
    chart = presenters.directorate_chart(covered("Introduction", 3, 15, 15))
    assert chart["description"] == "Coverage by directorate: Medicine 30%; Surgery 0%"


def test_the_system_chart_compares_organisations_in_words():
    summaries = [
        SimpleNamespace(
            organisation=SimpleNamespace(name="North"), ever_percent=40.0, last_year_percent=12.5
        ),
        SimpleNamespace(
            organisation=SimpleNamespace(name="South"), ever_percent=None, last_year_percent=None
        ),
    ]
    chart = presenters.system_chart(summaries)
    assert chart["description"].endswith("North 40% and 12.5%; South – and –")
