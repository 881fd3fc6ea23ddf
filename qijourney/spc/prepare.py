"""Stage 1: turn a caller's long table into validated, sorted point arrays.

Everything about column names, types and bad input is settled here (reading columns in
columns.py and dates.py, the checks in checks.py), so the later stages (limits, rules,
classification, icons) see only clean numpy arrays sorted by series then x.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qijourney.spc.checks import (
    check_columns,
    check_duplicates,
    check_ratios,
    check_required_values,
    check_t_intervals,
)
from qijourney.spc.codes import CHART_CODE, DIRECTION_CODE, IS_RATIO, IS_SUBGROUP
from qijourney.spc.columns import (
    Columns,
    flag_column,
    missing,
    numeric_column,
    per_series_setting,
    series_ids,
    series_labels,
    series_numbers,
)
from qijourney.spc.dates import event_date_intervals, ordering_column
from qijourney.spc.errors import SPCInputError
from qijourney.spc.options import normalise_chart, normalise_direction
from qijourney.spc.points import Points


def to_pandas(data) -> tuple[pd.DataFrame, str]:
    """Accept a pandas or polars frame; report which kind came in so the same kind goes out."""
    if isinstance(data, pd.DataFrame):
        return data, "pandas"
    module = type(data).__module__.split(".")[0]
    if module == "polars":
        return data.to_pandas(), "polars"
    raise SPCInputError(
        f"Expected a pandas or polars DataFrame, got {type(data).__name__}. "
        "Load files with qijourney.domain.tables.read_table or pandas.read_csv first."
    )


def prepare(
    frame: pd.DataFrame,
    columns: Columns,
    *,
    chart: str = "xmr",
    improvement: str = "neutral",
    target: float | None = None,
) -> Points:
    """Validate the caller's table and return sorted point arrays."""
    check_columns(frame, columns)
    n_rows = len(frame)
    keys, series_keys = series_ids(frame, columns.series)
    labels = series_labels(series_keys, columns.series)

    chart_code = per_series_setting(
        frame, columns.chart, keys, labels, len(series_keys), normalise_chart, chart, "chart type"
    )
    series_chart = np.array([CHART_CODE[c] for c in chart_code], dtype=np.int8)
    direction = per_series_setting(
        frame,
        columns.improvement,
        keys,
        labels,
        len(series_keys),
        normalise_direction,
        improvement,
        "improvement direction",
    )
    series_direction = np.array([DIRECTION_CODE[d] for d in direction], dtype=np.int8)
    row_chart = series_chart[keys]

    x = ordering_column(frame, columns.date, labels, keys)
    value = numeric_column(frame, columns.value, labels, keys)
    numerator = numeric_column(frame, columns.numerator, labels, keys)
    denominator = numeric_column(frame, columns.denominator, labels, keys)
    needs_ratio = IS_RATIO[row_chart]
    check_required_values(columns, needs_ratio, row_chart, labels, keys)

    flags = {
        role: flag_column(frame, getattr(columns, role), labels, keys)
        for role in ("recalculate", "baseline", "ghost", "exclude")
    }
    row_target = (
        numeric_column(frame, columns.target, labels, keys)
        if columns.target
        else np.broadcast_to(np.float64(np.nan if target is None else target), (n_rows,))
    )
    trajectory = numeric_column(frame, columns.trajectory, labels, keys)
    annotation = frame[columns.annotation].to_numpy(dtype=object) if columns.annotation else None

    y = np.asarray(value, dtype=float)  # never written in place, so no copy is needed
    if needs_ratio.any():
        ratio_y = ratio_values(numerator, denominator, needs_ratio, row_chart, labels, keys)
        y = np.where(needs_ratio, ratio_y, y)

    # Sort by series then x; a stable sort keeps subgroup rows in input order.
    order = sort_order(keys, x)  # None: the input is already in order

    def in_order(values: np.ndarray) -> np.ndarray:
        return values if order is None else values[order]

    sorted_keys = in_order(keys)
    sorted_x = in_order(x)
    same_as_previous = np.zeros(n_rows, dtype=bool)
    if n_rows > 1:
        same_as_previous[1:] = (sorted_keys[1:] == sorted_keys[:-1]) & equal_x(sorted_x)
    subgroup_row = IS_SUBGROUP[in_order(row_chart)]
    summarised = columns.subgroup_sd is not None  # one row per subgroup: no rows to combine
    if summarised:
        check_summarised_subgroups(frame, columns, value, denominator, row_chart, labels, keys)
    row_numbers = np.arange(n_rows) if order is None else order
    several_rows = same_as_previous if summarised else same_as_previous & ~subgroup_row
    check_duplicates(several_rows, row_numbers, labels, sorted_keys, sorted_x)

    grouped = bool(same_as_previous.any())  # several rows make one point (xbar/s subgroups)
    first_rows = np.flatnonzero(~same_as_previous) if grouped else None
    n_points = n_rows if first_rows is None else first_rows.size

    def at_points(values: np.ndarray, combine=None) -> np.ndarray:
        """Each point's value: its row's, or its subgroup's rows combined (first, any, all)."""
        values = in_order(values)
        if first_rows is None:
            return values
        return combine.reduceat(values, first_rows) if combine else values[first_rows]

    sorted_y = in_order(y)
    point_y = at_points(y)
    point_den = at_points(denominator)
    point_sd = missing(n_points)
    if summarised:
        given_sd = numeric_column(frame, columns.subgroup_sd, labels, keys)
        point_sd = in_order(np.where(IS_SUBGROUP[row_chart], given_sd, np.nan))
    elif grouped:
        point_of_row = np.cumsum(~same_as_previous) - 1
        point_y, point_den, point_sd = subgroup_statistics(
            sorted_y, point_of_row, subgroup_row, point_y, point_den, n_points
        )

    points = Points(
        source_row=at_points(np.arange(n_rows)),
        series=at_points(keys),
        x=at_points(x),
        y=point_y,
        numerator=at_points(numerator),
        denominator=point_den,
        subgroup_sd=point_sd,
        recalculate=at_points(flags["recalculate"], np.logical_or),
        baseline=at_points(flags["baseline"], np.logical_or),
        ghost=at_points(flags["ghost"], np.logical_and),
        exclude=at_points(flags["exclude"], np.logical_or),
        target=at_points(row_target),
        trajectory=at_points(trajectory),
        annotation=None if annotation is None else at_points(annotation),
        series_keys=series_keys,
        series_chart=series_chart,
        series_direction=series_direction,
        series_multiplier=series_numbers(frame, columns.multiplier, keys, labels, len(series_keys)),
    )
    event_date_intervals(points, columns)
    check_t_intervals(points, labels)
    return points


def check_summarised_subgroups(frame, columns, value, denominator, row_chart, labels, keys):
    """Summarised xbar and s subgroups need a size (the denominator column, a whole number of
    at least 1) and a standard deviation that is not negative; each bad row is named."""
    subgroup = IS_SUBGROUP[row_chart]
    if not subgroup.any():
        return
    if columns.denominator is None:
        raise SPCInputError(
            "Summarised xbar and s subgroups need the subgroup size as the denominator column "
            "(with the mean as the value and --subgroup-sd-column as the standard deviation)"
        )
    sd = numeric_column(frame, columns.subgroup_sd, labels, keys)
    with np.errstate(invalid="ignore"):
        bad_size = subgroup & ~((denominator >= 1) & (np.mod(denominator, 1) == 0))
        bad_sd = subgroup & (sd < 0)
    for bad, column, what in (
        (bad_size, columns.denominator, "a subgroup size must be a whole number of at least 1"),
        (bad_sd, columns.subgroup_sd, "a standard deviation cannot be negative"),
    ):
        if bad.any():
            rows = np.flatnonzero(bad)
            raise SPCInputError(
                f"Column {column!r}: {what}",
                [f"row {r + 1} ({labels(int(keys[r]))})" for r in rows],
            )


def ratio_values(numerator, denominator, needs_ratio, row_chart, labels, keys) -> np.ndarray:
    """numerator / denominator, after checking each row makes sense for its chart."""
    check_ratios(numerator, denominator, needs_ratio, row_chart, labels, keys)
    with np.errstate(invalid="ignore", divide="ignore"):
        # A zero denominator has no rate: it is carried through as a gap.
        return np.where(denominator > 0, numerator / denominator, np.nan)


def sort_order(keys: np.ndarray, x: np.ndarray) -> np.ndarray | None:
    """Stable order by series then x; None when the input is already in that order."""
    n = keys.shape[0]
    if n < 2:
        return None
    key_step = keys[1:] - keys[:-1]
    if np.all((key_step > 0) | ((key_step == 0) & (x[1:] >= x[:-1]))):
        return None
    # Rank x among its distinct values (few: the periods), then sort one integer key.
    x_rank, x_values = pd.factorize(x, sort=True)
    combined = keys.astype(np.int64) * max(len(x_values), 1) + x_rank
    return np.argsort(combined, kind="stable")


def equal_x(sorted_x: np.ndarray) -> np.ndarray:
    return sorted_x[1:] == sorted_x[:-1]


def subgroup_statistics(sorted_y, point_of_row, subgroup_row, point_y, point_den, n_points):
    """Mean, size and standard deviation of each xbar/s subgroup."""
    present = subgroup_row & np.isfinite(sorted_y)
    groups = point_of_row[present]
    values = sorted_y[present]
    size = np.bincount(groups, minlength=n_points).astype(float)
    total = np.bincount(groups, weights=values, minlength=n_points)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / size
        squares = np.bincount(groups, weights=(values - mean[groups]) ** 2, minlength=n_points)
        sd = np.sqrt(squares / (size - 1))
    is_subgroup = np.bincount(point_of_row[subgroup_row], minlength=n_points) > 0
    y = np.where(is_subgroup, mean, point_y)
    den = np.where(is_subgroup, size, point_den)
    sd = np.where(is_subgroup & (size > 1), sd, np.nan)
    return y, den, sd
