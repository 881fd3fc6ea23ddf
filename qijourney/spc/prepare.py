"""Stage 1: turn a caller's long table into validated, sorted point arrays.

Everything about column names, types and bad input is settled here, so the later stages
(limits, rules, classification, icons) see only clean numpy arrays sorted by series then x.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qijourney.spc.constants import SECONDS_PER_DAY
from qijourney.spc.errors import SPCInputError
from qijourney.spc.options import (
    CHART_TYPES,
    DIRECTIONS,
    normalise_chart,
    normalise_direction,
)

SUBGROUP_CHARTS = ("xbar", "s")
RATIO_CHARTS = ("p", "pp", "u", "up")
PROPORTION_CHARTS = ("p", "pp")
CHART_CODE = {name: code for code, name in enumerate(CHART_TYPES)}
# Lookup tables by chart code, cheaper than np.isin on every call.
IS_SUBGROUP = np.array([name in SUBGROUP_CHARTS for name in CHART_TYPES])
IS_RATIO = np.array([name in RATIO_CHARTS for name in CHART_TYPES])
IS_PROPORTION = np.array([name in PROPORTION_CHARTS for name in CHART_TYPES])
DIRECTION_CODE = {name: code for code, name in enumerate(DIRECTIONS)}
INCREASE, DECREASE, NEUTRAL = (DIRECTION_CODE[d] for d in DIRECTIONS)
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

    def named(self) -> list[tuple[str, str]]:
        """(role, column) for every column the caller named."""
        pairs = [(role, getattr(self, role)) for role in self.__dataclass_fields__]
        named = [(role, col) for role, col in pairs if isinstance(col, str)]
        named += [("series", col) for col in self.series]
        return named


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


def to_pandas(data) -> tuple[pd.DataFrame, str]:
    """Accept a pandas or polars frame; report which kind came in so the same kind goes out."""
    if isinstance(data, pd.DataFrame):
        return data, "pandas"
    module = type(data).__module__.split(".")[0]
    if module == "polars":
        return data.to_pandas(), "polars"
    raise SPCInputError(
        f"Expected a pandas or polars DataFrame, got {type(data).__name__}. "
        "Load files with qijourney.cli.tables.read_table or pandas.read_csv first."
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
    row_numbers = np.arange(n_rows) if order is None else order
    check_duplicates(same_as_previous & ~subgroup_row, row_numbers, labels, sorted_keys, sorted_x)

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
    if grouped:
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


def check_columns(frame: pd.DataFrame, columns: Columns) -> None:
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


def check_duplicates(duplicate, order, labels, sorted_keys, sorted_x) -> None:
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


def format_x(value) -> str:
    if isinstance(value, np.datetime64):
        return str(pd.Timestamp(value).date()) if value == value.astype("M8[D]") else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_required_values(columns, needs_ratio, row_chart, labels, keys) -> None:
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


def ratio_values(numerator, denominator, needs_ratio, row_chart, labels, keys) -> np.ndarray:
    """numerator / denominator, after checking each row makes sense for its chart."""
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
    with np.errstate(invalid="ignore", divide="ignore"):
        # A zero denominator has no rate: it is carried through as a gap.
        return np.where(denominator > 0, numerator / denominator, np.nan)


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


def check_t_intervals(points: Points, labels) -> None:
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
