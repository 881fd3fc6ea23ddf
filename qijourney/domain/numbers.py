"""Numbers as spreadsheets write them, read one column at a time.

The file's separator says which mark is the decimal: in a comma- or tab-separated file it is the
point ("1,405" is one thousand four hundred and five), in a semicolon-separated file the comma
("1405,7" is 1405.7). "72.2%" is 72.2 with the unit "%". A value that could be read two ways
("1,5" in a comma file, "1.405" in a semicolon file), or a column where some values end in % and
others do not, is refused with the rows named, never guessed. Blank cells and n/a are gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qijourney.domain.errors import TableError, numbered, quoted, rows_text

# Words spreadsheets put where there is no value: a gap, not an error.
MISSING = {"", "n/a", "na", "#n/a", "-", "null"}

PLAIN = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
COMMA_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,405 or 1,405.5
COMMA_DECIMAL = r"[+-]?\d+,\d+"  # 1405,7 (and 1,405, which a semicolon file reads as 1.405)
DOT_THOUSANDS_COMMA_DECIMAL = r"[+-]?\d{1,3}(?:\.\d{3})+,\d+"  # 1.405,7
DOT_THOUSANDS = r"[+-]?\d{1,3}(?:\.\d{3})+"  # 1.405: a decimal, or thousands?


@dataclass
class NumberColumn:
    """A column read: floats (NaN for gaps and for text that is not a number), the unit the
    values carried ("%" or ""), which rows were gaps and which held text that is not a number."""

    values: pd.Series
    unit: str
    gaps: np.ndarray
    not_numbers: np.ndarray


def read_number_column(
    raw: pd.Series, column: str, *, decimal: str = ".", rows=None, noun: str = "row"
) -> NumberColumn:
    """Read ``raw`` (text or numbers); ``decimal`` is "," for a semicolon-separated file.

    >>> read_number_column(pd.Series(["1,405", "72.5"]), "v").values.tolist()
    [1405.0, 72.5]
    >>> read_number_column(pd.Series(["1405,7", "3"]), "v", decimal=",").values.tolist()
    [1405.7, 3.0]
    >>> read = read_number_column(pd.Series(["72.2%", "n/a"]), "v")
    >>> read.values.tolist(), read.unit, read.gaps.tolist()
    ([72.2, nan], '%', [False, True])
    """
    n = len(raw)
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        # A float column is used as it is (no copy: millions of rows in the CLI).
        floats = raw.dtype == np.float64
        array = raw.to_numpy() if floats else raw.to_numpy(dtype=float, na_value=np.nan)
        values = pd.Series(array, copy=False)
        return NumberColumn(values, "", np.isnan(array), np.zeros(n, dtype=bool))
    # Distinct values only: a string column is factorized as it is, never made Python objects.
    text_column = pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object
    codes, uniques = pd.factorize(raw if text_column else raw.astype(object), use_na_sentinel=True)
    text = pd.Series(uniques, dtype=object).astype(str).str.strip()
    gap = text.str.lower().isin(MISSING).to_numpy()
    percent = text.str.endswith("%").to_numpy() & ~gap
    if percent.any() and not (percent | gap).all():
        rows = numbered(rows, n)
        some = rows[np.isin(codes, np.flatnonzero(percent))]
        others = rows[np.isin(codes, np.flatnonzero(~percent & ~gap))]
        raise TableError(
            f"Column {column!r}: the values on {rows_text(some, noun=noun)} end in % and those "
            f"on {rows_text(others, noun=noun)} do not, so it is not clear what the numbers "
            "are; write them all with % or all without"
        )
    text = text.str.removesuffix("%").str.strip().str.replace(" ", "", regex=False)
    numbers, two_ways = _numbers(text, decimal)
    if two_ways.any():
        rows = numbered(rows, n)
        where = rows[np.isin(codes, np.flatnonzero(two_ways))]
        example = text[two_ways].iloc[0]
        fix = (
            "in a comma- or tab-separated file write decimals with a point (1.5) and thousands "
            "with commas or not at all (1,405 or 1405)"
            if decimal == "."
            else "in a semicolon-separated file write decimals with a comma (1,5) and thousands "
            "without a separator (1405)"
        )
        raise TableError(
            f"Column {column!r}: the value on {rows_text(where, noun=noun)} ({quoted(example)}) "
            f"could be read two ways; {fix}"
        )
    numbers[gap] = np.nan
    code_ok = codes >= 0
    values = np.full(n, np.nan)
    values[code_ok] = numbers[codes[code_ok]]
    gaps = ~code_ok
    gaps[code_ok] = gap[codes[code_ok]]
    not_numbers = ~gaps & np.isnan(values)
    return NumberColumn(pd.Series(values), "%" if percent.any() else "", gaps, not_numbers)


def _numbers(text: pd.Series, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct text as a float (NaN if it is no number), and which could be read two
    ways given the file's decimal mark."""
    plain = text.str.fullmatch(PLAIN).to_numpy()
    cleaned = text.copy()
    if decimal == ".":
        thousands = text.str.fullmatch(COMMA_THOUSANDS).to_numpy()
        cleaned[thousands] = text[thousands].str.replace(",", "", regex=False)
        two_ways = (
            text.str.fullmatch(COMMA_DECIMAL).to_numpy()
            | text.str.fullmatch(DOT_THOUSANDS_COMMA_DECIMAL).to_numpy()
        ) & ~thousands
        readable = plain | thousands
    else:
        comma = text.str.fullmatch(COMMA_DECIMAL).to_numpy()
        grouped = text.str.fullmatch(DOT_THOUSANDS_COMMA_DECIMAL).to_numpy()
        cleaned[comma] = text[comma].str.replace(",", ".", regex=False)
        cleaned[grouped] = (
            text[grouped].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        )
        two_ways = (
            text.str.fullmatch(DOT_THOUSANDS).to_numpy() & ~text.str.fullmatch(r"\d+").to_numpy()
        ) | (text.str.fullmatch(COMMA_THOUSANDS).to_numpy() & ~comma)
        readable = plain | comma | grouped
    numbers = pd.to_numeric(cleaned.where(readable), errors="coerce")
    numbers = numbers.to_numpy(dtype=float, copy=True)
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers, two_ways
