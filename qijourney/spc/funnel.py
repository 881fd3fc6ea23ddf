"""Funnel plots for comparing providers on an indicator, with overdispersion (as FunnelPlotR).

Data types: ``SR`` (standardised ratio, observed / expected: SHMI-style), ``PR`` (proportion)
and ``RC`` (ratio of counts). Overdispersion follows Spiegelhalter (2005): standardised z-scores
on a transformed scale, truncated (SHMI) or winsorised (others), phi, then an additive
random-effects variance tau2 (DerSimonian-Laird).

:func:`funnel_table` (in :mod:`qijourney.spc.funnel_table`) is the way in: many indicators
at once, every limit, the facts for captions. This module keeps the one-indicator helpers
(:func:`funnel`, :func:`dispersion`) as thin uses of it; the maths is in
:mod:`~qijourney.spc.funnel_limits` and :mod:`~qijourney.spc.funnel_dispersion`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qijourney.spc.constants import FUNNEL_TRIM_BY
from qijourney.spc.funnel_checks import check_options
from qijourney.spc.funnel_dispersion import spread, targets
from qijourney.spc.funnel_limits import (
    TAILS,
    Z_OF_LIMIT,
    chosen_columns,
    poisson_limits,
    random_effects_limits,
)
from qijourney.spc.funnel_table import FunnelResult, funnel_table

__all__ = [
    "TAILS",
    "Z_OF_LIMIT",
    "Dispersion",
    "FunnelResult",
    "dispersion",
    "funnel",
    "funnel_table",
    "outliers",
    "overdispersed_limits",
    "poisson_limits",
]


@dataclass
class Dispersion:
    z: np.ndarray  # after truncation (NaN) or winsorisation
    phi: float
    tau2: float
    truncated_any: bool


def dispersion(
    observed, expected, data_type="SR", sr_method="SHMI", trim_by=FUNNEL_TRIM_BY
) -> Dispersion:
    """phi and tau2 of one indicator across providers."""
    o = np.asarray(observed, dtype=float)
    e = np.asarray(expected, dtype=float)
    kind, method = check_options(data_type, sr_method, 99, 1.0, trim_by)
    codes = np.zeros(o.size, dtype=np.intp)
    target = targets(o, e, codes, 1, kind)
    found = spread(o, e, codes, 1, target=target, data_type=kind, sr_method=method, trim_by=trim_by)
    return Dispersion(found.z, float(found.phi[0]), float(found.tau2[0]), bool(found.truncated[0]))


def overdispersed_limits(
    expected, level, tau2, data_type="SR", sr_method="SHMI", target=1.0, multiplier=1.0
):
    """Limits widened by the between-provider variance tau2."""
    return random_effects_limits(
        expected,
        level,
        tau2,
        data_type=data_type,
        sr_method=sr_method,
        target=target,
        multiplier=multiplier,
    )


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
    """Per-provider ratio, the chosen limits at its denominator and an outlier flag."""
    table, facts = funnel_table(
        frame,
        numerator=numerator,
        denominator=denominator,
        group=group,
        data_type=data_type,
        sr_method=sr_method,
        limit=limit,
        multiplier=multiplier,
        overdispersion=draw_adjusted,
        trim_by=trim_by,
    )
    adjusted = bool(facts["adjusted"].iloc[0])
    lower, upper = chosen_columns(limit, adjusted)
    chosen = table[[group, "numerator", "denominator", "ratio", lower, upper, "outlier"]]
    chosen = chosen.rename(columns={lower: "lower_limit", upper: "upper_limit"})
    spread_found = dispersion(
        table["numerator"], table["denominator"], data_type, sr_method, trim_by
    )
    return chosen.assign(overdispersion_adjusted=adjusted), spread_found
