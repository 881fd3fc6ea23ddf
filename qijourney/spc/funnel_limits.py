"""Funnel limits at any denominators, elementwise: the table's rows and the chart's drawing grid
use the same functions (as FunnelPlotR, which computes both from one lookup).

Unadjusted limits are exact Poisson limits for standardised ratios (``SR``, either SR method)
and, for proportions (``PR``) and ratios of counts (``RC``), FunnelPlotR's normal limits on the
transformed scale with no between-group variance. Adjusted limits add the between-group
variance ``tau2`` on the transformed scale (an additive random-effects model); with ``tau2``
of 0 they are the same normal limits, which for ``SR`` differ from the Poisson ones.
"""

from __future__ import annotations

import numpy as np

from qijourney.spc.constants import FUNNEL_Z_95, FUNNEL_Z_998

LEVELS = (95, 99)  # "99" limits are 99.8% two-sided, as in SHMI reporting and FunnelPlotR
TAILS = {95: 0.025, 99: 0.001}
Z_OF_LIMIT = {95: FUNNEL_Z_95, 99: FUNNEL_Z_998}
LEVEL_NAMES = {95: "95", 99: "998"}  # as the table's columns name them: lower_95, lower_998
LEVEL_LABELS = {95: "95%", 99: "99.8%"}
DATA_TYPES = ("SR", "PR", "RC")
SR_METHODS = ("SHMI", "CQC")
QUARTER_TURN = np.pi / 2  # arcsine angles of proportions 0 and 1 are 0 and pi/2

LIMIT_COLUMNS = tuple(
    f"{side}_{LEVEL_NAMES[level]}{suffix}"
    for suffix in ("", "_adjusted")
    for level in LEVELS
    for side in ("lower", "upper")
)


def poisson_limits(expected, level: int, target=1.0, multiplier=1.0):
    """Exact Poisson limits for a standardised ratio with ``expected`` events.

    >>> [round(float(x[0]), 7) for x in poisson_limits(np.array([15.0]), 95)]
    [0.5596924, 1.649348]
    """
    e = np.asarray(expected, dtype=float)
    tail = TAILS[level]
    scale = np.asarray(multiplier, dtype=float) * target
    from scipy.stats import chi2  # scipy takes most of a second to import: only here

    lower = chi2.ppf(tail, 2 * e) / 2 / e
    upper = chi2.ppf(1 - tail, 2 * (e + 1)) / 2 / e
    return scale * lower, scale * upper


def random_effects_limits(
    denominator, level: int, tau2, *, data_type: str, sr_method: str, target, multiplier
):
    """Limits with the between-group variance ``tau2`` added to each group's own, on the scale
    FunnelPlotR transforms each data type to (``tau2`` and ``target`` may be per row).

    FunnelPlotR's 95% limits at 100 expected deaths, SHMI, tau2 of its test data:

    >>> lower, upper = random_effects_limits(
    ...     np.array([100.0]), 95, 0.01947753057802157, data_type="SR", sr_method="SHMI",
    ...     target=1, multiplier=1,
    ... )
    >>> round(float(lower[0]), 9), round(float(upper[0]), 9)
    (0.714261138, 1.400048172)
    """
    n = np.asarray(denominator, dtype=float)
    z = Z_OF_LIMIT[level]
    scale = np.asarray(multiplier, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if data_type == "SR" and sr_method == "SHMI":  # log scale, around a ratio of 1
            spread = np.sqrt(1 / n + tau2)
            return scale * np.exp(-z * spread), scale * np.exp(z * spread)
        spread = np.sqrt((1 / (2 * np.sqrt(n))) ** 2 + tau2)
        if data_type == "SR":
            # CQC: the square-root scale, as FunnelPlotR draws it: not squared back.
            return scale * (1 - z * spread), scale * (1 + z * spread)
        if data_type == "RC":
            centre = np.log(target)
            return scale * np.exp(centre - z * spread), scale * np.exp(centre + z * spread)
        # PR: the arcsine scale. An angle below 0 or beyond a quarter turn is a proportion
        # below 0 or above 1, so the limit stops there (FunnelPlotR truncates at 0 and 1 where
        # its drawn limit turns back).
        centre = np.arcsin(np.sqrt(target))
        lower = np.sin(np.clip(centre - z * spread, 0, QUARTER_TURN)) ** 2
        upper = np.sin(np.clip(centre + z * spread, 0, QUARTER_TURN)) ** 2
        return scale * lower, scale * upper


def unadjusted_limits(
    denominator, level: int, *, data_type: str, sr_method: str, target, multiplier
):
    """Limits without overdispersion: exact Poisson for SR, tau2 = 0 on the PR and RC scales."""
    if data_type == "SR":
        return poisson_limits(denominator, level, target, multiplier)
    return random_effects_limits(
        denominator,
        level,
        0.0,
        data_type=data_type,
        sr_method=sr_method,
        target=target,
        multiplier=multiplier,
    )


def all_limits(denominator, *, tau2, data_type: str, sr_method: str, target, multiplier) -> dict:
    """The eight limits of :data:`LIMIT_COLUMNS` at each denominator, by column name."""
    options = dict(data_type=data_type, sr_method=sr_method, target=target, multiplier=multiplier)
    columns = {}
    for level in LEVELS:
        name = LEVEL_NAMES[level]
        lower, upper = unadjusted_limits(denominator, level, **options)
        columns[f"lower_{name}"], columns[f"upper_{name}"] = lower, upper
    for level in LEVELS:
        name = LEVEL_NAMES[level]
        lower, upper = random_effects_limits(denominator, level, tau2, **options)
        columns[f"lower_{name}_adjusted"], columns[f"upper_{name}_adjusted"] = lower, upper
    return {column: columns[column] for column in LIMIT_COLUMNS}


def chosen_columns(level: int, adjusted: bool) -> tuple[str, str]:
    """The table's lower and upper columns an outlier is judged by."""
    suffix = "_adjusted" if adjusted else ""
    name = LEVEL_NAMES[level]
    return f"lower_{name}{suffix}", f"upper_{name}{suffix}"
