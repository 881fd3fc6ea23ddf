"""Dates as NHS spreadsheets write them, read one column at a time.

Each column is read in the one format every one of its rows fits, never guessed row by row:
"Apr-23" and "Apr 2023" are months (a three-letter month with two digits is never a day),
day/month/year is the UK order, plain numbers are periods or numbers. A column whose rows are
written in different ways (some ISO, some 01/04/2023), or with a row that only fits month-first
(04/13/2023), is refused with a message naming the column, the rows and the formats.

Vectorised: each candidate format is tried once over the column's distinct values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qijourney.domain.errors import TableError, numbered, rows_text

NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)"


@dataclass(frozen=True)
class DateFormat:
    """One way of writing dates: its name in messages and the (pattern, strptime) pairs that
    read it. A value fits when it matches a pattern and the date exists."""

    name: str
    forms: tuple[tuple[str, str], ...]
    accepted: bool = True  # False: recognised only to be named in a refusal


FORMATS = (
    DateFormat(
        "ISO dates (2023-04-01, or with a time 2023-04-01T09:30)",
        ((r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", "ISO8601"),),
    ),
    DateFormat("year-month (2023-04)", ((r"\d{4}-\d{1,2}", "%Y-%m"),)),
    DateFormat(
        "day/month/year (01/04/2023)",
        (
            (r"\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y"),
            (r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}", "%d/%m/%Y %H:%M"),
            (r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2}", "%d/%m/%Y %H:%M:%S"),
        ),
    ),
    DateFormat("day/month/two-digit year (01/04/23)", ((r"\d{1,2}/\d{1,2}/\d{2}", "%d/%m/%y"),)),
    DateFormat("day-month-year (01-04-2023)", ((r"\d{1,2}-\d{1,2}-\d{4}", "%d-%m-%Y"),)),
    DateFormat(
        "day month year (1 April 2023, 1 Apr 2023)",
        ((r"\d{1,2} [A-Za-z]{3} \d{4}", "%d %b %Y"), (r"\d{1,2} [A-Za-z]{4,} \d{4}", "%d %B %Y")),
    ),
    DateFormat(
        "day-month-year (01-Apr-2023, 01-Apr-23)",
        ((r"\d{1,2}-[A-Za-z]{3}-\d{4}", "%d-%b-%Y"), (r"\d{1,2}-[A-Za-z]{3}-\d{2}", "%d-%b-%y")),
    ),
    DateFormat(
        "month-year (Apr-23, Apr 23)",
        ((r"[A-Za-z]{3}-\d{2}", "%b-%y"), (r"[A-Za-z]{3} \d{2}", "%b %y")),
    ),
    DateFormat(
        "month year (Apr 2023, April 2023, Apr-2023)",
        (
            (r"[A-Za-z]{3} \d{4}", "%b %Y"),
            (r"[A-Za-z]{4,} \d{4}", "%B %Y"),
            (r"[A-Za-z]{3}-\d{4}", "%b-%Y"),
        ),
    ),
    DateFormat(
        "month/day/year (US: 04/13/2023), which is not read: write day/month/year",
        ((r"\d{1,2}/\d{1,2}/\d{4}", "%m/%d/%Y"),),
        accepted=False,
    ),
)


@dataclass
class DateColumn:
    """A column read: datetime64 values (NaT where blank or not a date), the format it was read
    in (None: blank, or numbers), and which rows hold text that is not a date."""

    values: pd.Series
    format: DateFormat | None
    not_dates: np.ndarray  # bool per row
    numbers: bool = False  # every value is a plain number: periods, not dates


def _fits(text: pd.Series, form: DateFormat) -> pd.Series:
    """Each value read in ``form`` (NaT where it does not fit)."""
    found = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern, strptime in form.forms:
        matches = text.str.fullmatch(pattern)
        if matches.any():
            parsed = pd.to_datetime(text[matches], format=strptime, errors="coerce")
            # A year like 2263 (a typing slip) is outside what datetime64[ns] holds: not a date.
            in_range = (parsed >= pd.Timestamp.min) & (parsed <= pd.Timestamp.max)
            parsed = parsed.where(in_range).astype("datetime64[ns]")
            found = found.where(found.notna() | ~matches, parsed.reindex(text.index))
    return found


def read_date_column(raw: pd.Series, column: str, rows=None, noun: str = "row") -> DateColumn:
    """Read ``raw`` (text, or Excel date cells) in the one format all its rows fit.

    ``rows`` are the row numbers shown in messages (default: from 1; ``noun`` names them, e.g.
    "item" for an API body's list). Raises
    :class:`TableError` when rows are written in different formats.

    >>> read_date_column(pd.Series(["Apr-23", "May-23"]), "month").values.dt.date.tolist()
    [datetime.date(2023, 4, 1), datetime.date(2023, 5, 1)]
    >>> read_date_column(pd.Series(["01/04/2023", "13/04/2023"]), "d").format.name
    'day/month/year (01/04/2023)'
    """
    codes, text = _distinct_text(raw)
    empty = pd.Series(pd.NaT, index=range(len(raw)), dtype="datetime64[ns]")
    if len(text) == 0:
        return DateColumn(empty, None, np.zeros(len(raw), dtype=bool))
    if text.str.fullmatch(NUMBER).all():
        return DateColumn(empty, None, np.zeros(len(raw), dtype=bool), numbers=True)
    read = {form: _fits(text, form) for form in FORMATS}
    fitted = [f for f in FORMATS if f.accepted and read[f].notna().all()]
    chosen = fitted[0] if fitted else _the_only_format(read, codes, rows, column, noun)
    parsed = read[chosen] if chosen else pd.Series(pd.NaT, index=text.index)
    values = pd.Series(
        np.where(codes >= 0, parsed.to_numpy(dtype="datetime64[ns]")[codes], np.datetime64("NaT")),
        dtype="datetime64[ns]",
    )
    not_dates = (codes >= 0) & values.isna().to_numpy()
    return DateColumn(values, chosen, not_dates)


def _the_only_format(read: dict, codes: np.ndarray, rows: np.ndarray, column: str, noun: str):
    """When no format fits every row: the one format the dates fit, if only one does (the
    other rows are then simply not dates); else a refusal naming rows and formats."""
    rows = numbered(rows, len(codes))
    used = [f for f in FORMATS if read[f].notna().any()]
    only_month_first = read[FORMATS[-1]].notna().to_numpy() & ~np.any(
        [read[f].notna().to_numpy() for f in FORMATS if f.accepted], axis=0
    )
    accepted = [f for f in used if f.accepted]
    if len(accepted) <= 1 and not only_month_first.any():
        return accepted[0] if accepted else None
    parts = []
    for form in used:
        fits = read[form].notna().to_numpy()
        if not form.accepted:
            fits = only_month_first
            if not fits.any():
                continue
        where = rows[np.isin(codes, np.flatnonzero(fits))]
        verb = "fits" if len(where) == 1 else "fit"
        parts.append(f"{rows_text(where, noun=noun)} {verb} {form.name}")
    raise TableError(
        f"Column {column!r} has dates written in different ways: " + "; ".join(parts) + ". "
        "Write every date in the column the same way."
    )


def _distinct_text(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Each row's code (-1 where blank) and the distinct texts the codes point to.

    Text and datetime columns are factorized first and only their distinct values turned into
    text: a CLI column of millions of rows holds a few hundred dates, and converting every row
    to a Python object would cost seconds and hundreds of MB. A column mixing other kinds of
    object (an Excel column of dates, numbers and text) is turned into text row by row first,
    since factorizing would take 1, 1.0 and True as one value.
    """
    if pd.api.types.is_datetime64_any_dtype(raw) or _only_text(raw):
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        text = _as_text(pd.Series(uniques))
        # Distinct values may still meet once stripped (" Apr-23" and "Apr-23"), or be blank.
        again, distinct = pd.factorize(text, use_na_sentinel=True)
        codes = np.where(codes >= 0, again[codes], -1) if len(again) else codes
    else:
        codes, distinct = pd.factorize(_as_text(raw), use_na_sentinel=True)
    return codes, pd.Series(distinct, dtype=object).astype(str)


def _only_text(raw: pd.Series) -> bool:
    """A string column, or objects that are all text (or missing): one pass in C."""
    if pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        return True
    return raw.dtype == object and pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty")


def _as_text(raw: pd.Series) -> pd.Series:
    """Text with blanks as missing; Excel date cells (datetime objects) as ISO text."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        return raw.dt.strftime("%Y-%m-%dT%H:%M:%S")
    values = raw.astype(object)
    is_time = values.map(lambda v: isinstance(v, dt.date), na_action="ignore").fillna(False)
    if is_time.any():
        values = values.where(~is_time.astype(bool), values[is_time.astype(bool)].map(_iso))
    text = values.astype("string").str.strip()
    return text.where(text != "", pd.NA)


def _iso(value: dt.date) -> str:
    return value.isoformat() if not isinstance(value, dt.datetime) else value.isoformat("T")


def parse_date(text: str) -> dt.date | None:
    """One date typed on its own (a query's ``?since=``), in any format a column may use.

    >>> parse_date("2025-04-01"), parse_date("01/04/2025"), parse_date("1 April 2025")
    (datetime.date(2025, 4, 1), datetime.date(2025, 4, 1), datetime.date(2025, 4, 1))
    >>> parse_date("Apr-25"), parse_date("04/31/2025"), parse_date("04/13/2025")
    (datetime.date(2025, 4, 1), None, None)
    """
    try:
        read = read_date_column(pd.Series([text]), "date")
    except TableError:
        return None
    value = read.values.iloc[0]
    return None if pd.isna(value) else value.date()
