"""Measures' points as one frame for the engine, and the engine settings that read it: the
measure page's icons, the project page's table, the board report and its drill-down all
analyse the same way (recalculations, baselines, ghosts and dated targets included)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qijourney.measures.models import DataPoint, Measure
from qijourney.measures.targets import targets_in_force

POINT_COLUMNS = [
    "measure",
    "date",
    "value",
    "numerator",
    "denominator",
    "recalculate",
    "ghost",
    "baseline",
    "annotation",
]

# How the engine reads a frame from metrics_frame.
ENGINE_COLUMNS = dict(
    value="value",
    numerator="numerator",
    denominator="denominator",
    date="date",
    chart_column="chart",
    improvement_column="direction",
    target_column="target",
    multiplier_column="scale",
    recalculate_column="recalculate",
    baseline_column="baseline",
    ghost_column="ghost",
    annotation_column="annotation",
)


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
    rows = list(points.values_list("measure_id", *POINT_COLUMNS[1:]))
    frame = pd.DataFrame.from_records(rows, columns=POINT_COLUMNS)
    # The board's chosen order: the engine keeps series in the order it first meets them.
    frame = frame.merge(settings, on="measure").sort_values(["order", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["target"] = targets_in_force(frame, measures)
    return frame.reset_index(drop=True)
