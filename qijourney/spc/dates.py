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
    """Dates given as date objects or text: (the dates, NaT where unreadable; the text read).

    Date objects and ISO text (2025-04-01) parse in one fast pass; anything else
    (01/04/2025, UK day-first) is read as text, element by element.

    >>> read_dates(pd.Series(["2025-04-01", "2025-05-01"]))[0].dt.month.tolist()
    [4, 5]
    >>> read_dates(pd.Series(["01/04/2025", "13/04/2025"]))[0].dt.strftime("%d %b").tolist()
    ['01 Apr', '13 Apr']
    """
    parsed = pd.to_datetime(raw, errors="coerce", format="ISO8601")
    text = raw
    if parsed.isna().sum() > raw.isna().sum():
        text = raw.astype("string").str.strip()
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
    if parsed.isna().sum() > text.isna().sum():
        parsed = pd.to_datetime(text, errors="coerce", format="mixed", dayfirst=True)
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
                f"Column {column!r} has values that are neither dates nor numbers",
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
