"""The variation and assurance icons of many measures at once: one vectorised engine call."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from qijourney.measures.models import DataPoint, Measure
from qijourney.spc import SPCInputError, analyse


def icons_for(measures: Iterable[Measure]) -> dict[int, dict]:
    """``{measure id: summary row}`` for every measure with data (MDC rules)."""
    measures = {m.pk: m for m in measures}
    if not measures:
        return {}
    rows = DataPoint.objects.filter(measure_id__in=measures, ghost=False).values_list(
        "measure_id", "date", "value", "numerator", "denominator", "recalculate"
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["measure", "date", "value", "numerator", "denominator", "new"]
    )
    if frame.empty:
        return {}
    settings = pd.DataFrame(
        {
            "measure": list(measures),
            "chart": [m.chart_type for m in measures.values()],
            "direction": [m.direction for m in measures.values()],
            "target": [m.target for m in measures.values()],  # in display units
            "scale": [m.multiplier for m in measures.values()],
        }
    )
    frame = frame.merge(settings, on="measure")
    frame["date"] = pd.to_datetime(frame["date"])
    frame["target"] = frame["target"].astype(float)
    try:
        result = analyse(
            frame,
            value="value",
            numerator="numerator",
            denominator="denominator",
            date="date",
            series="measure",
            chart_column="chart",
            improvement_column="direction",
            target_column="target",
            multiplier_column="scale",
            recalculate_column="new",
        )
    except SPCInputError:
        return {}
    return {int(row["measure"]): row for row in result.summary.to_dict(orient="records")}
