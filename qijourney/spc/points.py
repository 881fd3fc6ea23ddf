"""The validated point arrays that every stage after preparation reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Points:
    """Validated points sorted by series then x; one point per row (per subgroup for xbar/s)."""

    source_row: np.ndarray  # input row (0-based) each point came from: its first row for subgroups
    series: np.ndarray  # series id per point
    x: np.ndarray  # the ordering value as given (dates, periods or numbers)
    y: np.ndarray  # the plotted value (rate, mean, interval ...)
    numerator: np.ndarray
    denominator: np.ndarray  # subgroup size for xbar/s
    subgroup_sd: np.ndarray
    recalculate: np.ndarray
    baseline: np.ndarray
    ghost: np.ndarray
    exclude: np.ndarray
    target: np.ndarray
    trajectory: np.ndarray
    annotation: np.ndarray | None
    series_keys: pd.DataFrame  # one row per series id, the caller's key columns
    series_chart: np.ndarray  # chart code per series
    series_direction: np.ndarray  # direction code per series
    series_multiplier: np.ndarray | None = None  # display scale per series, if given

    @property
    def n_series(self) -> int:
        return self.series_chart.shape[0]

    def chunk(self, first_point: int, end_point: int, first_series: int, end_series: int):
        """The points of series first_series..end_series-1 (contiguous, as points are sorted),
        as views, with series ids counted from 0."""
        part = slice(first_point, end_point)

        def view(values):
            return None if values is None else values[part]

        return Points(
            source_row=view(self.source_row),
            series=self.series[part] - first_series,
            x=view(self.x),
            y=view(self.y),
            numerator=view(self.numerator),
            denominator=view(self.denominator),
            subgroup_sd=view(self.subgroup_sd),
            recalculate=view(self.recalculate),
            baseline=view(self.baseline),
            ghost=view(self.ghost),
            exclude=view(self.exclude),
            target=view(self.target),
            trajectory=view(self.trajectory),
            annotation=view(self.annotation),
            series_keys=self.series_keys,  # labels only; not sliced
            series_chart=self.series_chart[first_series:end_series],
            series_direction=self.series_direction[first_series:end_series],
            series_multiplier=None
            if self.series_multiplier is None
            else self.series_multiplier[first_series:end_series],
        )
