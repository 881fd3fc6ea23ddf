"""Overdispersion of many indicators at once, as FunnelPlotR estimates it for one (after
Spiegelhalter, 2005): each group's z-score on its data type's transformed scale; the extremes
truncated (SHMI) or winsorised (the others) within each indicator; the dispersion ratio phi;
then the between-group variance tau2 (DerSimonian and Laird's estimator).

Every array is one entry per row (``codes`` says each row's indicator, numbered from 0) or one
per indicator; nothing loops over rows or indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qijourney.spc.constants import FUNNEL_RC_CONTINUITY

# Below this many groups phi and tau2 rest on too few z-scores to trust (the SHMI's 10%
# truncation leaves out no one until there are 10): said beside them, never changed.
FEW_GROUPS = 10


@dataclass
class Spread:
    """What overdispersion an indicator shows, and from which z-scores."""

    z: np.ndarray  # per row: the z-score after truncation (NaN where truncated) or winsorising
    phi: np.ndarray  # per indicator: mean squared z-score of the rows kept
    tau2: np.ndarray  # per indicator: between-group variance on the transformed scale
    truncated: np.ndarray  # per indicator: whether truncation left any row out


def per_indicator_sum(codes: np.ndarray, values, n_indicators: int) -> np.ndarray:
    return np.bincount(codes, weights=values, minlength=n_indicators)


def targets(observed, expected, codes, n_indicators: int, data_type: str) -> np.ndarray:
    """Each indicator's centre: 1 for standardised ratios, else its total ratio."""
    if data_type == "SR":
        return np.ones(n_indicators)
    return per_indicator_sum(codes, observed, n_indicators) / per_indicator_sum(
        codes, expected, n_indicators
    )


def z_scores(observed, expected, target_of_row, data_type: str, sr_method: str):
    """Each row's z-score against its indicator's target, and its standard error, on the
    transformed scale: log (SHMI), square root (CQC), arcsine (PR), log with 0.5 added (RC)."""
    o = np.asarray(observed, dtype=float)
    e = np.asarray(expected, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if data_type == "SR" and sr_method == "SHMI":
            return np.sqrt(e) * np.log(o / e), 1 / np.sqrt(e)
        if data_type == "SR":
            s = 1 / (2 * np.sqrt(e))
            return (np.sqrt(o / e) - 1) / s, s
        if data_type == "PR":
            s = 1 / (2 * np.sqrt(e))
            centre = np.arcsin(np.sqrt(target_of_row))
            return (np.arcsin(np.sqrt(o / e)) - centre) / s, s
        c = FUNNEL_RC_CONTINUITY
        s = np.sqrt(o / (o + c) ** 2 + e / (e + c) ** 2)
        return (np.log((o + c) / (e + c)) - np.log(target_of_row)) / s, s


def sorted_within(codes: np.ndarray, values: np.ndarray):
    """The rows in order of indicator, then value; and where each indicator's rows start."""
    order = np.lexsort((values, codes))
    counts = np.bincount(codes)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return order, counts, starts


def ranks_within(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each value's rank among its indicator's values, from 1, ties given their mean rank (as
    R's ``rank``).

    >>> ranks_within(np.array([0, 0, 0, 1, 1]), np.array([3.0, 1.0, 3.0, 5.0, 4.0])).tolist()
    [2.5, 1.0, 2.5, 2.0, 1.0]
    """
    order, _counts, starts = sorted_within(codes, values)
    sorted_codes, sorted_values = codes[order], values[order]
    position = np.arange(1, codes.size + 1) - starts[sorted_codes]
    new_run = np.ones(codes.size, dtype=bool)
    new_run[1:] = (sorted_codes[1:] != sorted_codes[:-1]) | (
        sorted_values[1:] != sorted_values[:-1]
    )
    run = np.cumsum(new_run) - 1
    mean_rank = np.bincount(run, weights=position) / np.bincount(run)
    ranks = np.empty(codes.size)
    ranks[order] = mean_rank[run]
    return ranks


def truncate(z: np.ndarray, codes: np.ndarray, trim_by: float) -> np.ndarray:
    """SHMI: leave out each indicator's top and bottom ``trim_by`` of z-scores by rank (NaN).

    Ranks are cut into 1 / trim_by bands (NHS Digital's SHMI method); rows in the first and
    last band are left out.
    """
    bands = 1 / trim_by
    n_of_row = np.bincount(codes)[codes]
    band = np.floor(ranks_within(codes, z) * bands / (n_of_row + 1))
    return np.where((band > 0) & (band < bands - 1), z, np.nan)


def quantiles_within(codes: np.ndarray, values: np.ndarray, p: float) -> np.ndarray:
    """Each indicator's ``p`` quantile, R's default type 7 (numpy's "linear"), per indicator."""
    order, counts, starts = sorted_within(codes, values)
    ordered = values[order]
    index = 1 + np.maximum(counts - 1, 0) * p  # from 1, as R counts
    below = np.floor(index)
    weight = index - below
    low = ordered[starts + below.astype(np.intp) - 1]
    high = ordered[starts + np.ceil(index).astype(np.intp) - 1]
    with np.errstate(invalid="ignore"):
        between = (1 - weight) * low + weight * high
    # Equal neighbours need no interpolation (and infinite ones would give NaN).
    return np.where(high != low, between, low)


def winsorise(z: np.ndarray, codes: np.ndarray, trim_by: float) -> np.ndarray:
    """Each indicator's z-scores clamped to its ``trim_by`` and ``1 - trim_by`` quantiles."""
    low = quantiles_within(codes, z, trim_by)
    high = quantiles_within(codes, z, 1 - trim_by)
    return np.clip(z, low[codes], high[codes])


def spread(
    observed,
    expected,
    codes: np.ndarray,
    n_indicators: int,
    *,
    target: np.ndarray,
    data_type: str,
    sr_method: str,
    trim_by: float,
) -> Spread:
    """phi and tau2 of every indicator in one pass."""
    z, s = z_scores(observed, expected, target[codes], data_type, sr_method)
    shmi = data_type == "SR" and sr_method == "SHMI"
    kept_z = truncate(z, codes, trim_by) if shmi else winsorise(z, codes, trim_by)
    kept = ~np.isnan(kept_z)
    n = np.bincount(codes, weights=kept.astype(float), minlength=n_indicators)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        phi = per_indicator_sum(codes, np.where(kept, kept_z, 0.0) ** 2, n_indicators) / n
        weight = np.where(kept, 1 / s**2, 0.0)
        total = per_indicator_sum(codes, weight, n_indicators)
        scaled = total - per_indicator_sum(codes, weight**2, n_indicators) / total
        excess = n * phi - (n - 1)
        tau2 = np.where(n * phi < n - 1, 0.0, np.maximum(0.0, excess / scaled))
    truncated = np.bincount(codes, weights=(~kept).astype(float), minlength=n_indicators) > 0
    return Spread(z=kept_z, phi=phi, tau2=tau2, truncated=truncated)
