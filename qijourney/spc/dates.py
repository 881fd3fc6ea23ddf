"""The x values that order points (dates, periods or numbers), and the days between events."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qijourney.spc.codes import CHART_CODE
from qijourney.spc.columns import Columns
from qijourney.spc.constants import SECONDS_PER_DAY
from qijourney.spc.errors import SPCInputError
from qijourney.spc.points import Points


def read_dates(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates given as date objects or ISO text (2025-04-01): (the dates, NaT where not; the
    text read). Other ways of writing dates (01/04/2025, Apr-23) are never guessed here: the
    reader (qijourney.domain.tables.read_for_analysis) reads a column in the one format all its
    rows fit and hands the engine datetime64.

    >>> read_dates(pd.Series(["2025-04-01", "2025-05-01"]))[0].dt.month.tolist()
    [4, 5]
    >>> read_dates(pd.Series(["01/04/2025", "13/04/2025"]))[0].isna().tolist()
    [True, True]
    """
    parsed = pd.to_datetime(raw, errors="coerce", format="ISO8601")
    text = raw
    if parsed.isna().sum() > raw.isna().sum():
        text = raw.astype("string").str.strip()
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
    return parsed, text


def ordering_column(frame, column, labels, keys) -> np.ndarray:
    """The x that orders points: dates, periods or numbers; row order when none is named."""
    if column is None:
        return np.arange(len(frame), dtype=np.int64)
    raw = frame[column]
    if pd.api.types.is_datetime64_any_dtype(raw):
        values = raw.to_numpy()
        missing = pd.isna(values)
    elif pd.api.types.is_numeric_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(values)
    else:
        parsed, text = read_dates(raw)
        if parsed.isna().sum() > text.isna().sum():
            numbers = pd.to_numeric(text, errors="coerce")
            if numbers.isna().sum() == text.isna().sum():
                parsed = numbers
        missing = parsed.isna().to_numpy()
        bad = missing & text.notna().to_numpy()
        if bad.any():
            rows = np.flatnonzero(bad)
            raise SPCInputError(
                f"Column {column!r} has values that are neither ISO dates (2025-04-01) nor "
                "numbers (read other date formats with qijourney.domain.tables.read_for_analysis)",
                [f"row {r + 1} ({labels(int(keys[r]))}): {raw.iloc[r]!r}" for r in rows],
            )
        values = parsed.to_numpy()
    if missing.any():
        rows = np.flatnonzero(missing)
        raise SPCInputError(
            f"Column {column!r} has missing dates: every point needs one to be ordered",
            [f"row {r + 1} ({labels(int(keys[r]))})" for r in rows],
        )
    return values


def format_x(value) -> str:
    if isinstance(value, np.datetime64):
        return str(pd.Timestamp(value).date()) if value == value.astype("M8[D]") else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def event_date_intervals(points: Points, columns: Columns) -> None:
    """t charts without a value column: intervals are the days between consecutive events."""
    is_t = points.series_chart[points.series] == CHART_CODE["t"]
    if columns.value is not None or not is_t.any():
        return
    x = points.x
    if np.issubdtype(x.dtype, np.datetime64):
        days = x.astype("datetime64[s]").astype(np.int64) / SECONDS_PER_DAY
    else:
        days = x.astype(float)
    interval = np.full(days.shape[0], np.nan)
    same = points.series[1:] == points.series[:-1]
    interval[1:] = np.where(same, days[1:] - days[:-1], np.nan)
    points.y = np.where(is_t, interval, points.y)
