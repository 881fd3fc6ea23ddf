"""Checks of a funnel plot's options and table that raise SPCInputError, naming the column and
the rows (numbered from 1, not counting the header, as every engine message numbers them)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from qijourney.spc.constants import SHMI_EXPECTED_DECIMALS
from qijourney.spc.errors import SHOWN_PROBLEMS, SPCInputError
from qijourney.spc.funnel_limits import DATA_TYPES, LEVELS, SR_METHODS

# The columns funnel_table writes beside the input's group and indicator columns.
OWN_COLUMNS = (
    "numerator",
    "denominator",
    "ratio",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "lower_95_adjusted",
    "upper_95_adjusted",
    "lower_998_adjusted",
    "upper_998_adjusted",
    "outlier",
    "phi",
    "tau2",
)


def check_options(data_type, sr_method, limit, multiplier, trim_by) -> tuple[str, str]:
    """The data type and SR method in capitals; every other option as it must be."""
    kind = str(data_type).upper()
    if kind not in DATA_TYPES:
        raise SPCInputError(
            f"Unknown funnel data type {data_type!r}: choose SR (standardised ratio), "
            "PR (proportion) or RC (ratio of counts)"
        )
    method = str(sr_method).upper()
    if method not in SR_METHODS:
        raise SPCInputError(f"Unknown SR method {sr_method!r}: choose SHMI or CQC")
    if limit not in LEVELS:
        raise SPCInputError(f"limit must be 95 or 99 (99 means the 99.8% limits), not {limit!r}")
    if not (isinstance(multiplier, int | float) and math.isfinite(multiplier) and multiplier > 0):
        raise SPCInputError(f"multiplier must be a number more than zero, not {multiplier!r}")
    if not 0 < trim_by < 0.5:
        raise SPCInputError(f"trim_by must be more than 0 and less than 0.5, not {trim_by!r}")
    return kind, method


def check_columns(frame: pd.DataFrame, named: dict[str, str | None]) -> None:
    """Every named column exists, no column plays two parts, and none takes the name of a
    column the table adds."""
    given = {role: column for role, column in named.items() if column is not None}
    missing = [f"{column!r} ({role})" for role, column in given.items() if column not in frame]
    if missing:
        available = ", ".join(repr(c) for c in frame.columns)
        raise SPCInputError(
            f"Column(s) not found: {', '.join(missing)}. The table has: {available}"
        )
    keys = [(role, given[role]) for role in ("group", "indicator") if role in given]
    if len(keys) == 2 and keys[0][1] == keys[1][1]:
        raise SPCInputError(f"Column {keys[0][1]!r} cannot be both the group and the indicator")
    for role, column in keys:
        if column in OWN_COLUMNS:
            raise SPCInputError(
                f"The {role} column cannot be named {column!r}: the table adds a column of "
                "that name; rename it in the input"
            )


def labeller(frame: pd.DataFrame, group: str, indicator: str | None):
    """A function naming row ``i`` in a message: its group, and its indicator when there is one."""

    def label(i: int) -> str:
        name = str(frame[group].iloc[i])
        return f"{name} · {frame[indicator].iloc[i]}" if indicator else name

    return label


def count_text(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"


def read_counts(frame: pd.DataFrame, column: str, role: str, label) -> np.ndarray:
    """A numerator or denominator column as floats, refusing text, gaps and infinities."""
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        not_numbers = np.zeros(len(raw), dtype=bool)
    else:
        converted = pd.to_numeric(raw, errors="coerce")
        values = converted.to_numpy(dtype=float, na_value=np.nan)
        not_numbers = np.isnan(values) & raw.notna().to_numpy()
    for mask, what in (
        (not_numbers, "values that are not numbers"),
        (np.isnan(values) & ~not_numbers, "no value (blank or n/a)"),
        (np.isinf(values), "values that are not finite"),
    ):
        if mask.any():
            rows = np.flatnonzero(mask)
            raise SPCInputError(
                f"Column {column!r} ({role}) has {what} in {count_text(rows.size)}",
                [f"row {i + 1} ({label(i)}): {raw.iloc[i]!r}" for i in rows[:SHOWN_PROBLEMS]],
            )
    return values


def check_counts(observed, expected, columns: dict[str, str], data_type: str, label) -> None:
    """Numerators of zero or more; denominators above zero; proportions no more than 1."""
    checks = [
        (observed < 0, "numerator", "is negative", ""),
        (expected <= 0, "denominator", "is zero or negative", " (a ratio needs one above 0)"),
    ]
    if data_type == "PR":
        checks.append((observed > expected, "numerator", "is more than the denominator", ""))
    for mask, role, what, why in checks:
        if mask.any():
            rows = np.flatnonzero(mask)
            raise SPCInputError(
                f"Column {columns[role]!r} ({role}) {what} in {count_text(rows.size)}{why}",
                [
                    f"row {i + 1} ({label(i)}): numerator {observed[i]:g}, "
                    f"denominator {expected[i]:g}"
                    for i in rows[:SHOWN_PROBLEMS]
                ],
            )


def check_rounded_expected(raw_expected, rounded, column: str, label) -> None:
    """SHMI rounds expected counts to two decimals first: one that rounds to 0 cannot be used."""
    gone = rounded <= 0
    if gone.any():
        rows = np.flatnonzero(gone)
        raise SPCInputError(
            f"Column {column!r} (denominator) rounds to 0 in {count_text(rows.size)} (the SHMI "
            f"method rounds expected counts to {SHMI_EXPECTED_DECIMALS} decimals; use "
            "--sr-method CQC for smaller ones)",
            [f"row {i + 1} ({label(i)}): {raw_expected[i]:g}" for i in rows[:SHOWN_PROBLEMS]],
        )


def key_codes(frame: pd.DataFrame, column: str, role: str) -> tuple[np.ndarray, pd.Index]:
    """Each row's group or indicator as a number (in order of first appearance); no blanks."""
    codes, names = pd.factorize(frame[column], sort=False)
    if (codes < 0).any():
        rows = np.flatnonzero(codes < 0)
        raise SPCInputError(
            f"Column {column!r} ({role}) is blank in {count_text(rows.size)}: every row needs "
            f"its {role}",
            [f"row {i + 1}" for i in rows[:SHOWN_PROBLEMS]],
        )
    return codes.astype(np.intp), names


def check_one_row_per_group(
    group_codes, indicator_codes, group_names, indicator_names, indicator: str | None
) -> None:
    """A group appears once in each indicator: FunnelPlotR would add such rows up, which hides
    a mistake as often as it means one; the caller adds them up first if that is meant."""
    key = indicator_codes.astype(np.int64) * (len(group_names) + 1) + group_codes
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    lengths = np.diff(np.r_[starts, key.size])
    several = lengths > 1
    if not several.any():
        return
    problems = []
    for start, length in zip(starts[several][:SHOWN_PROBLEMS], lengths[several], strict=False):
        rows = np.sort(order[start : start + length])
        where = f" in {indicator_names[indicator_codes[rows[0]]]}" if indicator else ""
        numbers = ", ".join(str(r + 1) for r in rows[:-1]) + f" and {rows[-1] + 1}"
        problems.append(f"{group_names[group_codes[rows[0]]]}{where}: rows {numbers}")
    n = int(several.sum())
    scope = " in one indicator" if indicator else ""
    raise SPCInputError(
        f"{n:,} group{'s have' if n != 1 else ' has'} several rows{scope}: a funnel plot takes "
        "one row per group per indicator (add them up first if they are parts of one)",
        problems,
    )
