"""Targets that change over time: the one in force at each point's date."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qijourney.measures.models import Measure, MeasureTarget


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
