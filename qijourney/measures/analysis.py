"""Measures through the engine, the one way every page does it: the measure page's chart, the
project page's icons, the board report and its drill-down read a measure's points, its dated
targets, recalculations, baselines and ghosts identically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qijourney.charts import chart_definition
from qijourney.charts.icons import icon_svg, icon_text
from qijourney.measures.models import POINT_FIELDS, DataPoint, Measure, MeasureTarget
from qijourney.spc import SPCInputError, analyse

POINT_COLUMNS = ["measure", "date", *POINT_FIELDS]

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


def targets_in_force(frame: pd.DataFrame, measures: list[Measure]) -> np.ndarray:
    """The dated target in force at each point, else the measure's fixed target."""
    history = pd.DataFrame.from_records(
        list(
            MeasureTarget.objects.filter(measure__in=measures).values_list(
                "measure_id", "start_date", "value"
            )
        ),
        columns=["measure", "start", "value"],
    )
    target = frame["fixed_target"].to_numpy(dtype=float).copy()
    if history.empty or frame.empty:
        return target
    history["start"] = pd.to_datetime(history["start"])
    joined = pd.merge_asof(
        frame[["measure", "date"]].reset_index().sort_values("date"),
        history.sort_values("start"),
        left_on="date",
        right_on="start",
        by="measure",
        direction="backward",
    )
    dated = joined.set_index("index")["value"].reindex(frame.index).to_numpy(dtype=float)
    return np.where(np.isfinite(dated), dated, target)


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
    # Ids as integers on both sides, also when there are no points (or no metrics) at all.
    frame["measure"] = frame["measure"].astype("int64")
    settings["measure"] = settings["measure"].astype("int64")
    # The board's chosen order: the engine keeps series in the order it first meets them.
    frame = frame.merge(settings, on="measure").sort_values(["order", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["target"] = targets_in_force(frame, measures)
    return frame.reset_index(drop=True)


def icons_for(measures: Iterable[Measure]) -> dict[int, dict]:
    """``{measure id: summary row}`` for every measure with data, in one engine call."""
    measures = list(measures)
    if not measures:
        return {}
    frame = metrics_frame(measures)
    if frame.empty:
        return {}
    try:
        result = analyse(frame, series="measure", **ENGINE_COLUMNS)
    except SPCInputError:
        return {}
    return {int(row["measure"]): row for row in result.summary.to_dict(orient="records")}


@dataclass
class MeasureChart:
    spec: dict | None
    summary: dict
    points: pd.DataFrame | None
    icons: list[tuple[str, str]]  # (svg, text alternative)
    problem: str = ""


def measure_chart(measure: Measure, markers: list[tuple[str, str]] | None = None) -> MeasureChart:
    """The measure page's chart: its points, limits, signals and icons, with ``markers``
    ((ISO date, label) pairs, e.g. PDSA cycles) drawn as dashed lines."""
    frame = metrics_frame([measure])
    if frame.empty:
        return MeasureChart(None, {}, None, [], "No data yet: add the first points below.")
    try:
        result = analyse(frame, **ENGINE_COLUMNS)
    except SPCInputError as error:
        return MeasureChart(None, {}, None, [], f"The chart cannot be drawn: {error}")
    summary = result.summary.iloc[0].to_dict()
    label = measure.name + (f" ({measure.unit})" if measure.unit else "")
    spec = chart_definition(
        result.points,
        result.summary,
        date="date",
        value_label=label,
        markers=markers,
        name=measure.name,
    )
    icons = [
        (icon_svg(str(summary[k])), icon_text(str(summary[k])))
        for k in ("variation_icon", "assurance_icon")
        if summary.get(k)
    ]
    return MeasureChart(spec, summary, result.points, icons)


@dataclass
class PlacesChart:
    """One metric at several places (organisation, directorates, wards) as small multiples."""

    spec: dict | None
    summary: list[dict]
    problem: str = ""


def places_chart(measures: list[Measure], value_label: str) -> PlacesChart:
    """The same metric measured at each place, in the order given, through one engine call."""
    frame = metrics_frame(measures)
    if frame.empty:
        return PlacesChart(None, [])
    places = {m.pk: (m.reporting_unit.name if m.reporting_unit else m.name) for m in measures}
    frame["place"] = frame["measure"].map(places)
    try:
        result = analyse(frame, series="place", **ENGINE_COLUMNS)
    except SPCInputError as error:
        return PlacesChart(None, [], f"The charts cannot be drawn: {error}")
    spec = chart_definition(
        result.points, result.summary, series=("place",), date="date", value_label=value_label
    )
    return PlacesChart(spec, result.summary.to_dict(orient="records"))
