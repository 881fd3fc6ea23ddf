"""A measure's SPC chart: its points through the engine, then the one chart definition."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qijourney.charts import chart_definition
from qijourney.charts.icons import icon_svg, icon_text
from qijourney.measures.models import POINT_FIELDS, DataPoint, Measure
from qijourney.measures.targets import targets_in_force
from qijourney.spc import SPCInputError, analyse

COLUMNS = ["date", *POINT_FIELDS]


@dataclass
class MeasureChart:
    spec: dict | None
    summary: dict
    points: pd.DataFrame | None
    icons: list[tuple[str, str]]  # (svg, text alternative)
    problem: str = ""


def points_frame(measure: Measure) -> pd.DataFrame:
    rows = DataPoint.objects.filter(measure=measure).order_by("date").values_list(*COLUMNS)
    return pd.DataFrame.from_records(list(rows), columns=COLUMNS)


def measure_chart(
    measure: Measure,
    markers: list[tuple[str, str]] | None = None,
    frame: pd.DataFrame | None = None,
) -> MeasureChart:
    frame = points_frame(measure) if frame is None else frame
    if frame.empty:
        return MeasureChart(None, {}, None, [], "No data yet: add the first points below.")
    frame["date"] = pd.to_datetime(frame["date"])
    frame["measure"] = measure.pk
    frame["fixed_target"] = np.nan if measure.target is None else measure.target
    frame["target"] = targets_in_force(frame, [measure])
    options = dict(
        date="date",
        chart=measure.chart_type,
        improvement=measure.direction,
        annotation_column="annotation",
        recalculate_column="recalculate",
        ghost_column="ghost",
        baseline_column="baseline",
        multiplier=measure.multiplier,
        target_column="target",
    )
    if measure.uses_ratio:
        options.update(numerator="numerator", denominator="denominator")
    else:
        options.update(value="value")
    try:
        result = analyse(frame, **options)
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
