"""Funnel plots for comparing providers on one indicator, with overdispersion (as FunnelPlotR).

Data types: ``SR`` (standardised ratio, observed / expected: SHMI-style), ``PR`` (proportion)
and ``RC`` (ratio of counts). Overdispersion follows Spiegelhalter (2005): standardised z-scores
on a transformed scale, truncated (SHMI) or winsorised (others), phi, then an additive
random-effects variance tau2 (DerSimonian-Laird).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, rankdata

from qijourney.spc.constants import (
    FUNNEL_RC_CONTINUITY,
    FUNNEL_TRIM_BY,
    FUNNEL_Z_95,
    FUNNEL_Z_998,
    SHMI_EXPECTED_DECIMALS,
)
from qijourney.spc.errors import SPCInputError

TAILS = {95: 0.025, 99: 0.001}  # "99" limits are 99.8% two-sided, as in SHMI reporting
Z_OF_LIMIT = {95: FUNNEL_Z_95, 99: FUNNEL_Z_998}


def poisson_limits(expected, level: int, target: float = 1.0, multiplier: float = 1.0):
    """Exact Poisson limits for a standardised ratio with ``expected`` events.

    >>> [round(float(x[0]), 7) for x in poisson_limits(np.array([15.0]), 95)]
    [0.5596924, 1.649348]
    """
    e = np.asarray(expected, dtype=float)
    tail = TAILS[level]
    lower = chi2.ppf(tail, 2 * e) / (2 * e)
    upper = chi2.ppf(1 - tail, 2 * (e + 1)) / (2 * e)
    return multiplier * target * lower, multiplier * target * upper


@dataclass
class Dispersion:
    z: np.ndarray  # after truncation (NaN) or winsorisation
    phi: float
    tau2: float
    truncated_any: bool


def z_scores(observed, expected, data_type: str, sr_method: str):
    """Standardised z-scores and their standard errors on the transformed scale."""
    o = np.asarray(observed, dtype=float)
    e = np.asarray(expected, dtype=float)
    if data_type == "SR" and sr_method == "SHMI":
        s = 1 / np.sqrt(e)
        return np.log(o / e) / s, s
    if data_type == "SR":  # CQC: square-root scale
        s = 1 / (2 * np.sqrt(e))
        return (np.sqrt(o / e) - 1) / s, s
    if data_type == "PR":
        s = 1 / (2 * np.sqrt(e))
        centre = np.arcsin(np.sqrt(o.sum() / e.sum()))
        return (np.arcsin(np.sqrt(o / e)) - centre) / s, s
    if data_type == "RC":
        c = FUNNEL_RC_CONTINUITY
        s = np.sqrt(o / (o + c) ** 2 + e / (e + c) ** 2)
        return (np.log((o + c) / (e + c)) - np.log(o.sum() / e.sum())) / s, s
    raise SPCInputError(f"Unknown funnel data type {data_type!r}: choose SR, PR or RC")


def truncate(z: np.ndarray, trim_by: float) -> np.ndarray:
    """SHMI: drop the top and bottom trim_by of z by rank (strictly inside kept)."""
    k = 1 / trim_by
    group = np.floor(rankdata(z) * k / (z.size + 1))
    return np.where((group > 0) & (group < k - 1), z, np.nan)


def winsorise(z: np.ndarray, trim_by: float) -> np.ndarray:
    """Clamp z to its trim_by and 1 - trim_by quantiles (R type 7, numpy's default)."""
    low, high = np.quantile(z, [trim_by, 1 - trim_by])
    return np.clip(z, low, high)


def dispersion(
    observed, expected, data_type="SR", sr_method="SHMI", trim_by=FUNNEL_TRIM_BY
) -> Dispersion:
    """phi and tau2 of one indicator across providers."""
    z, s = z_scores(observed, expected, data_type, sr_method)
    adjusted = (
        truncate(z, trim_by) if data_type == "SR" and sr_method == "SHMI" else winsorise(z, trim_by)
    )
    kept = np.isfinite(adjusted)
    n = int(kept.sum())
    phi = float(np.sum(adjusted[kept] ** 2) / n) if n else np.nan
    w = 1 / s[kept] ** 2
    tau2 = 0.0
    if n and n * phi >= n - 1:
        tau2 = max(0.0, (n * phi - (n - 1)) / (w.sum() - np.sum(w**2) / w.sum()))
    return Dispersion(adjusted, phi, tau2, bool((~kept & np.isfinite(z)).any()))


def overdispersed_limits(
    expected, level, tau2, data_type="SR", sr_method="SHMI", target=1.0, multiplier=1.0
):
    """Limits widened by the between-provider variance tau2."""
    e = np.asarray(expected, dtype=float)
    z = Z_OF_LIMIT[level]
    if data_type == "SR" and sr_method == "SHMI":
        spread = np.sqrt(1 / e + tau2)
        return multiplier * np.exp(-z * spread), multiplier * np.exp(z * spread)
    spread = np.sqrt(1 / (4 * e) + tau2)
    if data_type == "SR":  # FunnelPlotR does not square the CQC limits back; neither do we
        return multiplier * (1 - z * spread), multiplier * (1 + z * spread)
    if data_type == "RC":
        return (
            multiplier * np.exp(np.log(target) - z * spread),
            multiplier * np.exp(np.log(target) + z * spread),
        )
    centre = np.arcsin(np.sqrt(target))
    lower = np.clip(np.sin(centre - z * spread) ** 2, 0, 1)
    upper = np.clip(np.sin(centre + z * spread) ** 2, 0, 1)
    return multiplier * lower, multiplier * upper


def outliers(ratio, lower, upper, multiplier: float = 1.0) -> np.ndarray:
    """1 where ratio x multiplier lies strictly outside [lower, upper]; on a limit is inside."""
    x = np.asarray(ratio, dtype=float) * multiplier
    return ((x < lower) | (x > upper)).astype(np.int8)


def funnel(
    frame: pd.DataFrame,
    *,
    numerator: str,
    denominator: str,
    group: str,
    data_type: str = "SR",
    sr_method: str = "SHMI",
    limit: int = 99,
    trim_by: float = FUNNEL_TRIM_BY,
    multiplier: float = 1.0,
    draw_adjusted: bool = True,
) -> tuple[pd.DataFrame, Dispersion]:
    """Per-provider ratio, limits at its denominator and an outlier flag."""
    if limit not in TAILS:
        raise SPCInputError("limit must be 95 or 99 (99.8%)")
    o = frame[numerator].to_numpy(dtype=float)
    e = frame[denominator].to_numpy(dtype=float)
    if np.any(e <= 0) or np.any(o < 0):
        raise SPCInputError("Funnel plots need positive denominators and non-negative numerators")
    if data_type == "SR" and sr_method == "SHMI":
        e = np.round(e, SHMI_EXPECTED_DECIMALS)  # SHMI rounds expected deaths first
    ratio = o / e
    target = 1.0 if data_type == "SR" else o.sum() / e.sum()
    spread = dispersion(o, e, data_type, sr_method, trim_by)
    adjusted = draw_adjusted and spread.phi > 1
    if adjusted:
        lower, upper = overdispersed_limits(
            e, limit, spread.tau2, data_type, sr_method, target, multiplier
        )
    elif data_type == "SR":
        lower, upper = poisson_limits(e, limit, target, multiplier)
    else:
        lower, upper = overdispersed_limits(e, limit, 0.0, data_type, sr_method, target, multiplier)
    table = pd.DataFrame(
        {
            group: frame[group].to_numpy(),
            "numerator": o,
            "denominator": e,
            "ratio": ratio * multiplier,
            "lower_limit": lower,
            "upper_limit": upper,
            "outlier": outliers(ratio, lower, upper, multiplier).astype(bool),
            "overdispersion_adjusted": adjusted,
        }
    )
    return table, spread
