"""Reading the caller's columns: numbers, true/false flags, per-series settings, series keys."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qijourney.spc.errors import SPCInputError

# Rows named when one word of a per-series setting column is not understood.
ROWS_SHOWN = 5


@dataclass(frozen=True)
class Columns:
    """Which of the caller's columns holds what. Only ``value`` or the ratio pair is required."""

    value: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    date: str | None = None
    series: tuple[str, ...] = ()
    chart: str | None = None
    improvement: str | None = None
    target: str | None = None
    trajectory: str | None = None
    recalculate: str | None = None
    baseline: str | None = None
    ghost: str | None = None
    exclude: str | None = None
    annotation: str | None = None
    multiplier: str | None = None
    # xbar and s from summarised subgroups (a row per date): ``value`` is the subgroup's
    # mean, ``denominator`` its size and this its standard deviation.
    subgroup_sd: str | None = None

    def named(self) -> list[tuple[str, str]]:
        """(role, column) for every column the caller named."""
        pairs = [(role, getattr(self, role)) for role in self.__dataclass_fields__]
        named = [(role, col) for role, col in pairs if isinstance(col, str)]
        named += [("series", col) for col in self.series]
        return named


def series_ids(frame: pd.DataFrame, series: tuple[str, ...]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer id per row for its series, and the key values of each series in first-seen order."""
    n = len(frame)
    if not series:
        return np.zeros(n, dtype=np.int64), pd.DataFrame(index=pd.RangeIndex(1 if n else 0))
    if len(series) == 1:
        column = frame[series[0]]
        raw = column.to_numpy()
        if raw.dtype.kind in "iu" and n > 1 and np.all(raw[1:] >= raw[:-1]):
            # Sorted integer keys (a typical extract): number the runs, no hashing.
            change = np.empty(n, dtype=bool)
            change[0] = True
            np.not_equal(raw[1:], raw[:-1], out=change[1:])
            codes = np.cumsum(change) - 1
            return codes, pd.DataFrame({series[0]: raw[change]})
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        keys = pd.DataFrame({series[0]: uniques})
        return codes.astype(np.int64, copy=False), keys
    grouped = frame.groupby(list(series), sort=False, dropna=False)
    codes = grouped.ngroup().to_numpy(dtype=np.int64)
    first = np.full(codes.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, codes, np.arange(n))
    keys = frame[list(series)].iloc[first].reset_index(drop=True)
    return codes, keys


def series_labels(series_keys: pd.DataFrame, series: tuple[str, ...]):
    """A function giving a readable name for a series id, for error messages."""

    def label(series_id: int) -> str:
        if not series:
            return "the series"
        parts = [f"{col}={series_keys.iloc[series_id][col]}" for col in series]
        return "series " + ", ".join(parts)

    return label


def per_series_setting(frame, column, keys, labels, n_series, normalise, default, what):
    """One setting per series, from a column (constant within each series) or the default."""
    if column is None:
        return [normalise(default)] * n_series
    raw = frame[column]
    # Normalise each distinct word once rather than every row.
    if isinstance(raw.dtype, pd.CategoricalDtype):
        codes, uniques = raw.cat.codes.to_numpy(), raw.cat.categories
    else:
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    normalised = []
    for code, word in enumerate(uniques):  # a loop over distinct words, not rows
        text = str(word).strip()
        try:
            normalised.append(normalise(text if text else default))
        except SPCInputError as error:
            rows = np.flatnonzero(codes == code)[:ROWS_SHOWN] + 1
            rows_text = ", ".join(str(r) for r in rows)
            raise SPCInputError(f"Column {column!r}, row(s) {rows_text}: {error}") from None
    names = sorted(set(normalised) | {normalise(default)})
    lookup = np.array([names.index(n) for n in normalised] + [names.index(normalise(default))])
    canonical = lookup[codes]  # a blank (-1) picks the default, the last entry
    first = np.full(n_series, -1)
    first[keys[::-1]] = canonical[::-1]
    conflict = canonical != first[keys]
    if conflict.any():
        row = int(np.flatnonzero(conflict)[0])
        raise SPCInputError(
            f"Column {column!r}: {labels(int(keys[row]))} has more than one {what} "
            f"(row {row + 1} says {raw.iloc[row]!r}); give one {what} per series"
        )
    return [names[c] for c in first]


def series_numbers(frame, column, keys, labels, n_series) -> np.ndarray | None:
    """A positive number per series (e.g. each metric's display multiplier), constant within
    each series."""
    if column is None:
        return None
    values = numeric_column(frame, column, labels, keys)
    first = np.full(n_series, np.nan)
    first[keys[::-1]] = values[::-1]
    bad = ~(np.isfinite(values) & (values > 0)) | (values != first[keys])
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise SPCInputError(
            f"Column {column!r}: {labels(int(keys[row]))} needs one positive number for every "
            f"row (row {row + 1} has {frame[column].iloc[row]!r})"
        )
    return first


def missing(n: int) -> np.ndarray:
    """n NaNs that take no memory (a read-only broadcast), for columns the caller did not give."""
    return np.broadcast_to(np.float64(np.nan), (n,))


def numeric_column(frame, column, labels, keys) -> np.ndarray:
    """A float column; text that is not a number is an error naming the rows."""
    if column is None:
        return missing(len(frame))
    raw = frame[column]
    if pd.api.types.is_bool_dtype(raw):
        return raw.to_numpy(dtype=float)
    if pd.api.types.is_numeric_dtype(raw):
        return raw.to_numpy(dtype=float, na_value=np.nan)
    text = raw.astype("string").str.strip()
    text = text.where(text != "", pd.NA)
    numbers = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    bad = numbers.isna().to_numpy() & text.notna().to_numpy()
    if bad.any():
        rows = np.flatnonzero(bad)
        raise SPCInputError(
            f"Column {column!r} has values that are not numbers",
            [f"row {r + 1} ({labels(int(keys[r]))}): {raw.iloc[r]!r}" for r in rows],
        )
    return numbers.to_numpy(dtype=float, na_value=np.nan)


TRUE_WORDS = {"true", "t", "yes", "y", "1", "1.0", "x"}
FALSE_WORDS = {"false", "f", "no", "n", "0", "0.0", ""}


def flag_column(frame, column, labels, keys) -> np.ndarray:
    """A true/false column; blanks are false."""
    if column is None:
        return np.zeros(len(frame), dtype=bool)
    raw = frame[column]
    if pd.api.types.is_bool_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
        return raw.fillna(0).to_numpy().astype(bool)
    text = raw.astype("string").str.strip().str.lower().fillna("")
    truthy = text.isin(TRUE_WORDS).to_numpy()
    falsy = text.isin(FALSE_WORDS).to_numpy()
    bad = ~(truthy | falsy)
    if bad.any():
        rows = np.flatnonzero(bad)
        raise SPCInputError(
            f"Column {column!r} should hold true/false (or yes/no, 1/0, blank)",
            [f"row {r + 1} ({labels(int(keys[r]))}): {raw.iloc[r]!r}" for r in rows],
        )
    return truthy
