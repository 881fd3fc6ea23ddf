"""Checks of the caller's table that raise SPCInputError, naming what is wrong and where."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qijourney.spc.codes import CHART_CODE, IS_PROPORTION
from qijourney.spc.columns import Columns
from qijourney.spc.dates import format_x
from qijourney.spc.errors import SPCInputError
from qijourney.spc.options import CHART_TYPES
from qijourney.spc.points import Points


def check_columns(frame: pd.DataFrame, columns: Columns) -> None:
    """Every named column exists, and something says where the values are."""
    missing = [f"{col!r} ({role})" for role, col in columns.named() if col not in frame.columns]
    if missing:
        available = ", ".join(repr(c) for c in frame.columns)
        raise SPCInputError(
            f"Column(s) not found: {', '.join(missing)}. The table has: {available}"
        )
    if columns.value is None and columns.numerator is None and columns.date is None:
        raise SPCInputError(
            "Say which column holds the values (value), or the numerator and denominator"
        )


def check_required_values(columns, needs_ratio, row_chart, labels, keys) -> None:
    """Each series' chart has the columns it reads (a value, or a numerator and denominator)."""
    if needs_ratio.any() and (columns.numerator is None or columns.denominator is None):
        row = int(np.flatnonzero(needs_ratio)[0])
        chart = CHART_TYPES[row_chart[row]]
        raise SPCInputError(
            f"{labels(int(keys[row]))} uses a {chart} chart, which needs a numerator and a "
            "denominator column"
        )
    t_from_dates = row_chart == CHART_CODE["t"]
    needs_value = ~needs_ratio & ~(t_from_dates & (columns.date is not None))
    if needs_value.any() and columns.value is None:
        row = int(np.flatnonzero(needs_value)[0])
        chart = CHART_TYPES[row_chart[row]]
        raise SPCInputError(f"{labels(int(keys[row]))} uses a {chart} chart, which needs a value")


def check_ratios(numerator, denominator, needs_ratio, row_chart, labels, keys) -> None:
    """Each ratio chart's row must have a numerator and denominator it can chart."""
    with np.errstate(invalid="ignore"):
        negative_den = needs_ratio & (denominator < 0)
        negative_num = needs_ratio & (numerator < 0)
        proportion = IS_PROPORTION[row_chart]
        over = proportion & (numerator > denominator)
    problems = []
    for mask, text in (
        (negative_den, "negative denominator {d:g}"),
        (negative_num, "negative numerator {n:g}"),
        (over, "numerator {n:g} is more than the denominator {d:g}"),
    ):
        for r in np.flatnonzero(mask):
            message = text.format(n=numerator[r], d=denominator[r])
            problems.append(f"row {r + 1} ({labels(int(keys[r]))}): {message}")
    if problems:
        raise SPCInputError("Numerators and denominators that cannot be charted", problems)


def check_duplicates(duplicate, order, labels, sorted_keys, sorted_x) -> None:
    """No two rows of a series share a date, except the rows of an xbar/s subgroup."""
    if not duplicate.any():
        return
    positions = np.flatnonzero(duplicate)
    problems = [
        f"{labels(int(sorted_keys[p]))}: rows {order[p - 1] + 1} and {order[p] + 1} "
        f"both have date {format_x(sorted_x[p])}"
        for p in positions
    ]
    raise SPCInputError(
        "Duplicate dates within a series (only xbar and s charts take several rows per date)",
        problems,
    )


def check_t_intervals(points: Points, labels) -> None:
    """Every t-chart interval (time between events) is more than zero."""
    is_t = points.series_chart[points.series] == CHART_CODE["t"]
    with np.errstate(invalid="ignore"):
        bad = is_t & (points.y <= 0)
    if bad.any():
        problems = [
            f"row {points.source_row[p] + 1} ({labels(int(points.series[p]))}): "
            f"interval {points.y[p]:g}"
            for p in np.flatnonzero(bad)
        ]
        raise SPCInputError(
            "t-chart intervals must be more than zero (two events on one date cannot be "
            "charted as time between events)",
            problems,
        )
