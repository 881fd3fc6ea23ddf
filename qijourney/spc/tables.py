"""Stage 6: the points table and the summary table, where integer codes become labels."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from qijourney.spc.classify import COLOUR_OF_CLASS, COLOURS, POINT_TYPES
from qijourney.spc.columns import Columns
from qijourney.spc.engine import Analysis
from qijourney.spc.errors import SPCInputError
from qijourney.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS
from qijourney.spc.options import CHART_TYPES, DIRECTIONS
from qijourney.spc.runs import FIGURES as RUNS_FIGURES

RULE_COLUMNS = (
    "astronomical",
    "shift",
    "trend",
    "two_of_three",
    "four_of_five",
    "ihi_shift",
    "ihi_trend",
)


@lru_cache(maxsize=32)
def _dtype(labels: tuple[str, ...]) -> pd.CategoricalDtype:
    # Built once per label set: validating categories costs more than a small series' maths.
    return pd.CategoricalDtype(list(labels))


def categorical(codes: np.ndarray, labels) -> pd.Categorical:
    # Codes come from the engine and are always in range: skip pandas' check.
    return pd.Categorical.from_codes(
        codes.astype(np.int8, copy=False), dtype=_dtype(tuple(labels)), validate=False
    )


def points_table(
    frame: pd.DataFrame, columns: Columns, a: Analysis, subgroups_possible: bool = True
) -> pd.DataFrame:
    """One row per input point (per subgroup for xbar/s), in input order, keys kept.

    The columns depend on the call (``subgroups_possible``: may any series be xbar/s), never on
    the data, so batches of one table line up.
    """
    p = a.points
    n = p.y.shape[0]
    order = np.argsort(p.source_row, kind="stable")
    if n and np.all(order == np.arange(n)):
        order = None  # already in input order: no reshuffle needed
    identity = order is None and n == len(frame)
    rows = p.source_row if order is None else p.source_row[order]

    def out(values):
        return values if order is None else values[order]

    keys: dict[str, object] = {}
    for column in (*columns.series, columns.date):
        if column is None:
            continue
        source = frame[column]
        keys[column] = (
            source.to_numpy(copy=False) if identity else source.to_numpy(copy=False)[rows]
        )
    table: dict[str, object] = {}
    chart_of_point = p.series_chart[p.series]
    table["chart"] = categorical(out(chart_of_point), CHART_TYPES)
    table["improvement"] = categorical(out(p.series_direction[p.series]), DIRECTIONS)
    table["value"] = out(a.y)
    if columns.numerator:
        table["numerator"] = out(p.numerator)
    if columns.denominator or subgroups_possible:
        table["denominator" if columns.denominator else "subgroup_size"] = out(p.denominator)
    table["segment"] = out(a.segment - a.segment[first_of_series(a)][p.series] + 1)
    table["centre"] = out(a.centre)
    table["lower_limit"] = out(a.lower.three)
    table["upper_limit"] = out(a.upper.three)
    table["lower_2_sigma"] = out(a.lower.two)
    table["upper_2_sigma"] = out(a.upper.two)
    table["lower_1_sigma"] = out(a.lower.one)
    table["upper_1_sigma"] = out(a.upper.one)
    table["moving_range"] = out(a.moving_range)
    for rule in RULE_COLUMNS:
        if rule in a.flags:
            high, low = a.flags[rule]
            table[f"{rule}_high"] = out(high)
            table[f"{rule}_low"] = out(low)
    if a.fifteen_within is not None:
        table["fifteen_within_1_sigma"] = out(a.fifteen_within)
    table["point_type"] = categorical(out(a.kind), POINT_TYPES)
    table["colour"] = categorical(COLOUR_OF_CLASS[out(a.kind)], COLOURS)
    if a.runs is not None:
        done = a.runs_segments[a.segment]
        for name in RUNS_FIGURES:
            figure = getattr(a.runs, name)[a.segment].astype(float)
            table[name] = out(np.where(done, figure, np.nan))
        table["runs_signal"] = out(a.runs.signal[a.segment] & done)
    table["ghost"] = out(p.ghost)
    table["excluded"] = out(p.exclude)
    table["recalculated"] = out(p.recalculate)
    table["baseline"] = out(p.baseline)
    table["short_series_warning"] = out(a.short_series[p.series])
    if columns.target or np.isfinite(a.series_target).any():
        table["target"] = out(p.target)
    if columns.trajectory:
        table["trajectory"] = out(p.trajectory)
    if p.annotation is not None:
        table["annotation"] = out(p.annotation)
    # An explicit index spares pandas inferring one from the columns.
    return pd.DataFrame(with_keys(keys, table), index=pd.RangeIndex(n))


def first_of_series(a: Analysis) -> np.ndarray:
    """Index of each series' first point, so segments are numbered from 1 within a series."""
    series = a.points.series
    first = np.zeros(a.points.n_series, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, series[1:] != series[:-1]]) if series.size else []
    first[series[starts]] = starts
    return first


def summary_table(frame: pd.DataFrame, columns: Columns, a: Analysis) -> pd.DataFrame:
    """One row per series: latest limits, counts of each point type, icons, runs figures."""
    p = a.points
    n_series = p.n_series
    last = a.last_point
    has = last >= 0
    pick = np.where(has, last, 0)

    def at_last(values, empty=np.nan):
        result = values[pick].astype(float) if values.dtype != object else values[pick]
        return np.where(has, result, empty)

    keys = {col: p.series_keys[col].to_numpy() for col in columns.series}
    table: dict[str, object] = {}
    table["chart"] = categorical(p.series_chart, CHART_TYPES)
    table["improvement"] = categorical(p.series_direction, DIRECTIONS)
    plotted = ~p.ghost & np.isfinite(a.y)
    table["n"] = np.bincount(p.series[plotted], minlength=n_series)
    table["segments"] = np.bincount(a.segment_series, minlength=n_series)
    if columns.date:
        table["latest_date"] = latest_dates(frame[columns.date], p.source_row[pick], has)
    table["latest_value"] = at_last(a.y)
    table["centre"] = at_last(a.centre)
    table["lower_limit"] = at_last(a.lower.three)
    table["upper_limit"] = at_last(a.upper.three)
    table["target"] = a.series_target
    cell = p.series[plotted] * len(POINT_TYPES) + a.kind[plotted]
    counts = np.bincount(cell, minlength=n_series * len(POINT_TYPES)).reshape(
        n_series, len(POINT_TYPES)
    )
    for k, name in enumerate(POINT_TYPES):
        table[f"n_{name}"] = counts[:, k]
    table["variation_icon"] = categorical(a.variation, VARIATION_ICONS)
    table["assurance_icon"] = categorical(a.assurance, ASSURANCE_ICONS)
    if a.runs is not None:
        last_segment = a.segment[pick]
        done = has & a.runs_segments[last_segment]
        r = a.runs
        for name in RUNS_FIGURES:
            table[name] = np.where(done, getattr(r, name)[last_segment].astype(float), np.nan)
        table["runs_signal"] = done & r.signal[last_segment]
    table["warnings"] = series_warnings(a)
    return pd.DataFrame(with_keys(keys, table), index=pd.RangeIndex(n_series))


def latest_dates(column: pd.Series, rows: np.ndarray, has: np.ndarray):
    """Each series' last date, missing where it has no values; the dtype never depends on
    the data (integer periods become nullable integers), so batches of one table line up."""
    values = column.to_numpy()[rows]
    if pd.api.types.is_integer_dtype(column.dtype):
        return pd.arrays.IntegerArray(values.astype(np.int64), ~has)
    if has.all():
        return values
    if values.dtype.kind == "M":
        return np.where(has, values, np.datetime64("NaT"))
    if values.dtype.kind == "f":
        return np.where(has, values, np.nan)
    return np.where(has, values, None)


def series_warnings(a: Analysis) -> pd.Categorical:
    """One warning per series (or none), as a categorical: a few messages, many series."""
    minimum = a.settings.minimum_points
    warn = a.settings.warn_below_points
    messages = (
        "",
        f"Fewer than {minimum} points: no limits or icons until there are {minimum}",
        f"Fewer than {warn} points: these are trial limits",
        "No values to chart",
    )
    code = np.zeros(a.points.n_series, dtype=np.int8)
    if minimum:
        code[a.no_limits] = 1
    if warn:
        code[a.short_series & ~a.no_limits] = 2
    code[a.last_point < 0] = 3
    return categorical(code, messages)


def with_keys(keys: dict, computed: dict) -> dict:
    """The caller's key columns first, then the results; a key named like a result column
    would be silently replaced, so it is an input error. The names come from the columns
    actually written, so the check cannot fall behind the tables."""
    clash = [name for name in keys if name in computed]
    if clash:
        raise SPCInputError(
            f"Column name(s) {', '.join(map(repr, clash))} are used by the results; rename them "
            "in the input"
        )
    return {**keys, **computed}
