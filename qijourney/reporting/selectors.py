"""Reads for board reporting, scoped to the person's organisation, and the report itself."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from django.db.models import QuerySet

from qijourney.measures.models import DataPoint, Measure
from qijourney.measures.targets import targets_in_force
from qijourney.organisations.models import Person
from qijourney.organisations.scoping import scoped
from qijourney.reporting.models import BoardReport, IssuedReport
from qijourney.reports import Report, build_report


def board_metrics(person: Person) -> QuerySet[Measure]:
    return (
        scoped(Measure.objects.filter(on_board_report=True), person)
        .select_related("reporting_unit")
        .order_by("domain", "name")
    )


def reports(person: Person) -> QuerySet[BoardReport]:
    return scoped(BoardReport.objects.all(), person)


def issued(person: Person) -> QuerySet[IssuedReport]:
    return scoped(IssuedReport.objects.all(), person).defer("html", "pdf", "xlsx")


def metric_label(measure: Measure, duplicated: set[str]) -> str:
    """A metric's name in the report; the place is added when the name alone is ambiguous."""
    if measure.name in duplicated and measure.reporting_unit_id:
        return f"{measure.name} ({measure.reporting_unit.name})"
    return measure.name


def metrics_frame(measures: list[Measure], until: dt.date | None = None) -> pd.DataFrame:
    """Every metric's points, with its chart settings and the target in force at each date."""
    names = [m.name for m in measures]
    duplicated = {n for n in names if names.count(n) > 1}
    settings = pd.DataFrame(
        {
            "measure": [m.pk for m in measures],
            "order": list(range(len(measures))),
            "metric": [metric_label(m, duplicated) for m in measures],
            "chart": [m.chart_type for m in measures],
            "direction": [m.direction for m in measures],
            "domain": [m.domain or "Other" for m in measures],
            "scale": [m.multiplier for m in measures],
            "fixed_target": [np.nan if m.target is None else m.target for m in measures],
        }
    )
    points = DataPoint.objects.filter(measure__in=measures)
    if until is not None:
        points = points.filter(date__lte=until)
    rows = list(
        points.values_list(
            "measure_id",
            "date",
            "value",
            "numerator",
            "denominator",
            "recalculate",
            "ghost",
            "baseline",
            "annotation",
        )
    )
    frame = pd.DataFrame.from_records(
        rows,
        columns=[
            "measure",
            "date",
            "value",
            "numerator",
            "denominator",
            "recalculate",
            "ghost",
            "baseline",
            "annotation",
        ],
    )
    # The board's chosen order: the engine keeps series in the order it first meets them.
    frame = frame.merge(settings, on="measure").sort_values(["order", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["target"] = targets_in_force(frame, measures)
    return frame.reset_index(drop=True)


def build(report: BoardReport, *, with_charts: bool = True) -> Report:
    measures = [
        item.measure
        for item in report.items.select_related("measure__reporting_unit").order_by("order", "id")
    ]
    frame = metrics_frame(measures, report.period_end)
    return build_report(
        frame,
        series=["metric"],
        date="date",
        value="value",
        numerator="numerator",
        denominator="denominator",
        chart_column="chart",
        improvement_column="direction",
        target_column="target",
        multiplier_column="scale",
        domain_column="domain",
        recalculate_column="recalculate",
        baseline_column="baseline",
        ghost_column="ghost",
        annotation_column="annotation",
        title=report.title,
        with_charts=with_charts,
    )
