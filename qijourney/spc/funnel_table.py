"""The funnel table: one row per group and indicator, with every limit at the row's denominator,
the outlier flag and the indicator's overdispersion; and one row of facts per indicator for
captions and summaries. Many indicators are computed in one vectorised pass.

The table's columns are a contract (the CLI writes them, the web pages read them): the input's
group column, its indicator column when given, then :data:`TABLE_COLUMNS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from qijourney.spc.constants import FUNNEL_TRIM_BY, SHMI_EXPECTED_DECIMALS
from qijourney.spc.funnel_checks import (
    OWN_COLUMNS,
    check_columns,
    check_counts,
    check_one_row_per_group,
    check_options,
    check_rounded_expected,
    key_codes,
    labeller,
    read_counts,
)
from qijourney.spc.funnel_dispersion import Spread, spread, targets
from qijourney.spc.funnel_limits import all_limits, chosen_columns
from qijourney.spc.prepare import to_pandas

TABLE_COLUMNS = OWN_COLUMNS
FACT_COLUMNS = (
    "n_groups",
    "target",
    "centre",
    "phi",
    "tau2",
    "adjusted",
    "n_outliers",
    "n_above",
    "n_below",
    "outliers",
    "data_type",
    "sr_method",
    "limit",
    "multiplier",
    "overdispersion",
)


class FunnelResult(NamedTuple):
    """``table``: one row per input row (input order); ``facts``: one row per indicator (in
    order of first appearance), the indicator column first when there is one."""

    table: pd.DataFrame
    facts: pd.DataFrame


@dataclass
class Computed:
    """Everything the pass works out, per row and per indicator (for funnel() too)."""

    observed: np.ndarray
    expected: np.ndarray
    codes: np.ndarray
    target: np.ndarray  # per indicator
    spread: Spread
    adjusted: np.ndarray  # per indicator
    limits: dict[str, np.ndarray]  # per row, by table column
    ratio: np.ndarray  # per row, times the multiplier
    outlier: np.ndarray  # per row
    lower: np.ndarray  # per row: the limits the outlier flag was judged by
    upper: np.ndarray


def funnel_table(
    frame,
    *,
    numerator: str,
    denominator: str,
    group: str,
    indicator: str | None = None,
    data_type: str = "SR",
    sr_method: str = "SHMI",
    limit: int = 99,
    multiplier: float = 1.0,
    overdispersion: bool = True,
    trim_by: float = FUNNEL_TRIM_BY,
) -> FunnelResult:
    """Compare groups (trusts, wards, practices) on one or many indicators, as FunnelPlotR.

    Parameters
    ----------
    frame : pandas.DataFrame or polars.DataFrame
        One row per group per indicator.
    numerator, denominator, group, indicator : str
        Column names: observed events (deaths, falls) and the expected count (SR), the number
        at risk (PR) or the comparison count (RC); the group; the indicator, when the table
        holds several.
    data_type : {"SR", "PR", "RC"}
        Standardised ratio (observed / expected, SHMI-style), proportion, ratio of counts.
    sr_method : {"SHMI", "CQC"}
        SR only: log scale with truncation (SHMI, which also rounds expected counts to two
        decimals) or square-root scale with winsorisation (CQC).
    limit : {95, 99}
        The limits an outlier is judged by: 95% or 99.8% ("99", as FunnelPlotR and SHMI).
    multiplier : float
        Ratios and limits are shown times this (100 for a ratio of 100 at the target).
    overdispersion : bool
        Judge outliers by the adjusted limits when the indicator is overdispersed (phi > 1),
        as FunnelPlotR does; False: always by the unadjusted ones. phi, tau2 and the adjusted
        limits are reported either way (FunnelPlotR reports 0 for them when not adjusting).
    trim_by : float
        Share of z-scores truncated or winsorised at each end before phi is estimated.

    Returns
    -------
    FunnelResult
        ``table`` (a row per input row, input order) and ``facts`` (a row per indicator).

    Examples
    --------
    FunnelPlotR's own test data: six trusts, overdispersed, none outside the 99.8% limits.

    >>> frame = pd.DataFrame({"trust": ["A", "B", "C", "D", "E", "F"],
    ...                       "deaths": [100, 150, 180, 80, 120, 225],
    ...                       "expected": [108, 112, 165, 95, 100, 220]})
    >>> table, facts = funnel_table(frame, numerator="deaths", denominator="expected",
    ...                             group="trust")
    >>> round(float(facts["phi"].iloc[0]), 4), bool(facts["adjusted"].iloc[0])
    (2.948, True)
    >>> table["outlier"].any()
    np.False_
    """
    frame, _kind = to_pandas(frame)
    kind, method = check_options(data_type, sr_method, limit, multiplier, trim_by)
    named = {"numerator": numerator, "denominator": denominator, "group": group}
    check_columns(frame, {**named, "indicator": indicator})
    label = labeller(frame, group, indicator)
    group_codes, group_names = key_codes(frame, group, "group")
    if indicator is None:
        codes, indicator_names = np.zeros(len(frame), dtype=np.intp), pd.Index([None])
    else:
        codes, indicator_names = key_codes(frame, indicator, "indicator")
    check_one_row_per_group(group_codes, codes, group_names, indicator_names, indicator)
    observed = read_counts(frame, numerator, "numerator", label)
    expected = read_counts(frame, denominator, "denominator", label)
    check_counts(observed, expected, named, kind, label)
    drawn_at = expected
    if kind == "SR" and method == "SHMI":
        # NHS Digital's SHMI rounds expected deaths first; the ratio stays observed / expected
        # as given (FunnelPlotR's too).
        drawn_at = round_as_r(expected, SHMI_EXPECTED_DECIMALS)
        check_rounded_expected(expected, drawn_at, denominator, label)
    computed = compute(
        observed,
        drawn_at,
        codes,
        len(indicator_names),
        data_type=kind,
        sr_method=method,
        limit=limit,
        multiplier=float(multiplier),
        overdispersion=overdispersion,
        trim_by=trim_by,
        ratio=observed / expected * float(multiplier),
    )
    keys = {group: frame[group].array}  # the input's own type (text, categories, numbers)
    if indicator is not None:
        keys[indicator] = frame[indicator].array
    table = pd.DataFrame(
        {
            **keys,
            "numerator": observed,
            "denominator": drawn_at,
            "ratio": computed.ratio,
            **computed.limits,
            "outlier": computed.outlier,
            "phi": computed.spread.phi[codes],
            "tau2": computed.spread.tau2[codes],
        },
        index=frame.index,
    )
    settings = dict(
        data_type=kind,
        sr_method=method,
        limit=limit,
        multiplier=float(multiplier),
        overdispersion=bool(overdispersion),
    )
    facts = indicator_facts(computed, frame[group], indicator, indicator_names, settings)
    return FunnelResult(table=table, facts=facts)


def compute(
    observed,
    expected,
    codes,
    n_indicators: int,
    *,
    data_type: str,
    sr_method: str,
    limit: int,
    multiplier: float,
    overdispersion: bool,
    trim_by: float,
    ratio: np.ndarray | None = None,
) -> Computed:
    """The vectorised pass over checked numbers: targets, overdispersion, limits, outliers.
    ``ratio`` (times the multiplier) is ``observed / expected`` unless given."""
    target = targets(observed, expected, codes, n_indicators, data_type)
    estimated = spread(
        observed,
        expected,
        codes,
        n_indicators,
        target=target,
        data_type=data_type,
        sr_method=sr_method,
        trim_by=trim_by,
    )
    # FunnelPlotR adjusts only an overdispersed indicator; phi of NaN (no rows kept) is not.
    adjusted = overdispersion & (estimated.phi > 1)
    limits = all_limits(
        expected,
        tau2=estimated.tau2[codes],
        data_type=data_type,
        sr_method=sr_method,
        target=target[codes],
        multiplier=multiplier,
    )
    if ratio is None:
        ratio = observed / expected * multiplier
    plain_lower, plain_upper = chosen_columns(limit, adjusted=False)
    wide_lower, wide_upper = chosen_columns(limit, adjusted=True)
    row_adjusted = adjusted[codes]
    lower = np.where(row_adjusted, limits[wide_lower], limits[plain_lower])
    upper = np.where(row_adjusted, limits[wide_upper], limits[plain_upper])
    # On a limit is inside, as FunnelPlotR judges it.
    outlier = (ratio < lower) | (ratio > upper)
    return Computed(
        observed=observed,
        expected=expected,
        codes=codes,
        target=target,
        spread=estimated,
        adjusted=adjusted,
        limits=limits,
        ratio=ratio,
        outlier=outlier,
        lower=lower,
        upper=upper,
    )


def round_as_r(values: np.ndarray, decimals: int) -> np.ndarray:
    """Round as R's ``round`` does: of the two neighbours with ``decimals`` decimals, the one
    nearer the value itself, a tie to the even one. (numpy rounds ``values * 10**decimals``,
    whose own rounding error moves some half-way cases, e.g. 1.115 to 1.12 rather than 1.11.)

    >>> round_as_r(np.array([1.115, 0.125, 2.675, 47.1239]), 2).tolist()
    [1.11, 0.12, 2.67, 47.12]
    """
    scale = 10.0**decimals
    magnitude = np.abs(values)
    steps_down = np.floor(magnitude * scale)
    down = steps_down / scale
    up = np.ceil(magnitude * scale) / scale
    nearer_up = (up - magnitude < magnitude - down) | (
        (up - magnitude == magnitude - down) & (np.fmod(steps_down, 2) == 1)
    )
    return np.sign(values) * np.where(nearer_up, up, down)


def indicator_facts(
    computed: Computed,
    groups: pd.Series,
    indicator: str | None,
    indicator_names: pd.Index,
    settings: dict,
) -> pd.DataFrame:
    """One row per indicator: what a caption or a summary says about it."""
    codes, n = computed.codes, len(indicator_names)
    above = computed.outlier & (computed.ratio > computed.upper)
    # Outliers are few: their names are gathered from those rows alone, in input order.
    flagged = np.flatnonzero(computed.outlier)
    named = pd.Series(groups.to_numpy()[flagged]).groupby(codes[flagged], sort=True).agg(tuple)
    facts = pd.DataFrame(
        {
            "n_groups": np.bincount(codes, minlength=n),
            "target": computed.target,
            "centre": computed.target * settings["multiplier"],
            "phi": computed.spread.phi,
            "tau2": computed.spread.tau2,
            "adjusted": computed.adjusted,
            "n_outliers": np.bincount(codes, weights=computed.outlier, minlength=n).astype(int),
            "n_above": np.bincount(codes, weights=above, minlength=n).astype(int),
            "n_below": np.bincount(codes, weights=computed.outlier & ~above, minlength=n).astype(
                int
            ),
            "outliers": named.reindex(range(n)).map(lambda x: x if isinstance(x, tuple) else ()),
            **{name: value for name, value in settings.items()},
        }
    )
    if indicator is not None:
        facts.insert(0, indicator, np.asarray(indicator_names, dtype=object))
    return facts
