"""Stage 2: centre lines and 1, 2 and 3 sigma lines for every chart type, per segment.

Each chart is one function taking a :class:`SegmentData` for all points of that chart type
(across every series at once) and returning :class:`Lines` per point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from qijourney.spc.constants import (
    D2_TWO,
    G_CHART_MEDIAN_FACTOR,
    MEDIAN_MR_D2,
    MEDIAN_MR_UPPER_FACTOR,
    MR_UPPER_FACTOR,
    NATURAL_PROCESS_LIMIT,
    SIGMA_MULTIPLE,
    T_CHART_POWER,
)
from qijourney.spc.grouped import group_count, group_mean, group_median, group_sum, previous_index
from qijourney.spc.options import Settings


@dataclass
class SegmentData:
    """The points of one chart type, sorted by series then x, with their segment ids."""

    y: np.ndarray
    denominator: np.ndarray
    numerator: np.ndarray
    subgroup_sd: np.ndarray
    segment: np.ndarray  # segment id per point, contiguous
    n_segments: int
    plotted: np.ndarray  # not ghosted (ghosts are drawn but take no part in limits or rules)
    # Points inside the limit window (baseline, first n, or all) and not excluded, missing or not:
    # consecutive members give the moving ranges, and a missing value breaks them.
    limit_sequence: np.ndarray
    in_limits: np.ndarray  # the points the limits are computed from (limit_sequence, not missing)
    settings: Settings


class SigmaLines(NamedTuple):
    """The 1, 2 and 3 sigma lines on one side of the centre, per point."""

    one: np.ndarray
    two: np.ndarray
    three: np.ndarray  # the control limit

    @classmethod
    def missing(cls, n: int) -> SigmaLines:
        """Three lines of n NaNs, to be filled in (each a separate, writable array)."""
        return cls(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan))

    def map(self, function: Callable[[np.ndarray], np.ndarray]) -> SigmaLines:
        """The same function applied to each line (rescaling, hiding, transforming back)."""
        return SigmaLines(function(self.one), function(self.two), function(self.three))


@dataclass
class Lines:
    """Per-point centre and sigma lines; ``y`` is the plotted value (the MR chart plots MRs)."""

    y: np.ndarray
    centre: np.ndarray
    lower: SigmaLines
    upper: SigmaLines
    moving_range: np.ndarray


def sigma_lines(centre, sigma, floor=None, ceiling=None) -> tuple[SigmaLines, SigmaLines]:
    """centre +/- 1, 2, 3 sigma, clamped to what the measure can take: (lower, upper)."""
    lower = []
    upper = []
    for k in (1.0, 2.0, SIGMA_MULTIPLE):  # the three lines are made alike
        lo = centre - k * sigma
        hi = centre + k * sigma
        if floor is not None:
            lo = np.maximum(lo, floor)
        if ceiling is not None:
            hi = np.minimum(hi, ceiling)
        lower.append(lo)
        upper.append(hi)
    return SigmaLines(*lower), SigmaLines(*upper)


def moving_ranges(y, segment, plotted):
    """|y - previous plotted y| within a segment; a missing neighbour gives no MR.

    Returns (moving range per point, index of the previous plotted point or -1).
    """
    previous = previous_index(plotted, segment)
    has_previous = previous >= 0
    mr = np.full(y.shape[0], np.nan)
    mr[has_previous] = np.abs(y[has_previous] - y[previous[has_previous]])
    return mr, previous


def average_moving_range(d: SegmentData, y: np.ndarray, screening: str):
    """Mean MR per segment from the limit points, screened as the settings say.

    Returns (AMR per segment, mask of points whose MR was screened out).
    """
    # Ghosted and excluded points are stepped over; a missing value leaves a gap.
    mr, _ = moving_ranges(y, d.segment, d.limit_sequence)
    usable = np.isfinite(mr) & d.limit_sequence
    amr = group_mean(mr, d.segment, usable, d.n_segments)
    screened = np.zeros(y.shape[0], dtype=bool)
    if screening != "none":
        ceiling = MR_UPPER_FACTOR * amr[d.segment]
        with np.errstate(invalid="ignore"):
            keep = mr < ceiling if screening == "strict" else mr <= ceiling
        if d.settings.mr_screening_needs_spread:
            keep |= (amr == 0)[d.segment]
        screened = usable & ~keep
        amr = group_mean(mr, d.segment, usable & keep, d.n_segments)
    return amr, mr, screened


def individuals_sigma(d: SegmentData, y: np.ndarray):
    """Centre (mean) and sigma of an individuals chart on ``y``; also the MR per point."""
    s = d.settings
    amr, mr, screened = average_moving_range(d, y, s.mr_screening)
    mean_points = d.in_limits & np.isfinite(y)
    if s.mr_screening == "inclusive" and s.mr_screening_recomputes_mean:
        mean_points = mean_points & ~screened
    mean = group_mean(y, d.segment, mean_points, d.n_segments)
    return mean, sigma_of_mr(amr, s), mr


def sigma_of_mr(typical_mr: np.ndarray, s: Settings) -> np.ndarray:
    """Sigma from a typical moving range: MR / d2, or as MDC publishes it (2.66 = 3/d2
    rounded) 2.66/3 of the MR."""
    if s.width == "mdc":
        return NATURAL_PROCESS_LIMIT * typical_mr / SIGMA_MULTIPLE
    return typical_mr / D2_TWO


def median_moving_range(d: SegmentData, y: np.ndarray, screening: str):
    """Median MR per segment from the limit points; screened as the settings say, against
    3.865 times the median, unless that would leave none (PowerBI-SPC's i_mm)."""
    mr, _ = moving_ranges(y, d.segment, d.limit_sequence)
    usable = np.isfinite(mr) & d.limit_sequence
    typical = group_median(mr, d.segment, usable, d.n_segments)
    if screening != "none":
        ceiling = MEDIAN_MR_UPPER_FACTOR * typical[d.segment]
        with np.errstate(invalid="ignore"):
            keep = usable & (mr < ceiling if screening == "strict" else mr <= ceiling)
        screened = group_median(mr, d.segment, keep, d.n_segments)
        typical = np.where(group_count(d.segment, keep, d.n_segments) > 0, screened, typical)
    return typical, mr


def _median_centre(d: SegmentData) -> np.ndarray:
    return group_median(d.y, d.segment, d.in_limits & np.isfinite(d.y), d.n_segments)


def i_m_chart(d: SegmentData) -> Lines:
    """Individuals on the median: median centre, sigma from the mean MR (PowerBI-SPC i_m)."""
    _, sigma, mr = individuals_sigma(d, d.y)
    centre = _median_centre(d)[d.segment]
    lower, upper = sigma_lines(centre, sigma[d.segment])
    return Lines(d.y, centre, lower, upper, mr)


def i_mm_chart(d: SegmentData) -> Lines:
    """Individuals on the median: median centre, sigma from the median MR (PowerBI-SPC i_mm)."""
    typical, mr = median_moving_range(d, d.y, d.settings.mr_screening)
    centre = _median_centre(d)[d.segment]
    lower, upper = sigma_lines(centre, (typical / MEDIAN_MR_D2)[d.segment])
    return Lines(d.y, centre, lower, upper, mr)


def xmr(d: SegmentData) -> Lines:
    mean, sigma, mr = individuals_sigma(d, d.y)
    lower, upper = sigma_lines(mean[d.segment], sigma[d.segment])
    return Lines(d.y, mean[d.segment], lower, upper, mr)


def mr_chart(d: SegmentData) -> Lines:
    """The moving-range chart plots each MR against AMR with upper limit D4 * AMR."""
    mr, _ = moving_ranges(d.y, d.segment, d.plotted)
    usable = np.isfinite(mr) & d.in_limits
    amr = group_mean(mr, d.segment, usable, d.n_segments)[d.segment]
    if d.settings.mr_lines == "from_zero":  # k/3 of D4 x AMR, and nothing below zero
        step = MR_UPPER_FACTOR * amr / SIGMA_MULTIPLE
        zero = np.zeros_like(amr)
        lower = SigmaLines(zero, zero.copy(), zero.copy())
        return Lines(mr, amr, lower, SigmaLines(step, 2 * step, SIGMA_MULTIPLE * step), mr)
    sigma = (MR_UPPER_FACTOR - 1) * amr / SIGMA_MULTIPLE
    lower, upper = sigma_lines(amr, sigma, floor=0.0)
    return Lines(mr, amr, lower, upper, mr)


def run_chart(d: SegmentData) -> Lines:
    finite = d.in_limits & np.isfinite(d.y)
    median = group_median(d.y, d.segment, finite, d.n_segments)[d.segment]
    nothing = np.full(d.y.shape[0], np.nan)
    no_lines = SigmaLines(nothing, nothing, nothing)
    return Lines(d.y, median, no_lines, no_lines, nothing)


def _pooled_rate(d: SegmentData):
    usable = d.in_limits & np.isfinite(d.y) & (d.denominator > 0)
    num = group_sum(d.numerator, d.segment, usable, d.n_segments)
    den = group_sum(d.denominator, d.segment, usable, d.n_segments)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (num / den)[d.segment]


def _binomial_sigma(centre, d):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(centre * (1 - centre) / d.denominator)


def _poisson_sigma(centre, d):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(centre / d.denominator)


def p_chart(d: SegmentData) -> Lines:
    centre = _pooled_rate(d)
    lower, upper = sigma_lines(centre, _binomial_sigma(centre, d), 0.0, 1.0)
    return Lines(d.y, centre, lower, upper, _display_mr(d))


def u_chart(d: SegmentData) -> Lines:
    centre = _pooled_rate(d)
    lower, upper = sigma_lines(centre, _poisson_sigma(centre, d), 0.0)
    return Lines(d.y, centre, lower, upper, _display_mr(d))


def _laney(d: SegmentData, centre, sigma_i, ceiling):
    """Laney's prime charts: inflate each sigma by the spread of the z-scores between points."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (d.y - centre) / sigma_i
    # Laney's sigma_z uses the moving ranges of z between consecutive limit points, screened as
    # the I chart's are (qicharts2 0.8.1's qic.pp and qic.up; PowerBI-SPC likewise).
    amr, _, _ = average_moving_range(d, z, d.settings.mr_screening)
    sigma_z = amr / D2_TWO
    lower, upper = sigma_lines(centre, sigma_i * sigma_z[d.segment], 0.0, ceiling)
    return Lines(d.y, centre, lower, upper, _display_mr(d))


def pp_chart(d: SegmentData) -> Lines:
    centre = _pooled_rate(d)
    return _laney(d, centre, _binomial_sigma(centre, d), 1.0)


def up_chart(d: SegmentData) -> Lines:
    centre = _pooled_rate(d)
    return _laney(d, centre, _poisson_sigma(centre, d), None)


def c_chart(d: SegmentData) -> Lines:
    usable = d.in_limits & np.isfinite(d.y)
    centre = group_mean(d.y, d.segment, usable, d.n_segments)[d.segment]
    lower, upper = sigma_lines(centre, np.sqrt(centre), 0.0)
    return Lines(d.y, centre, lower, upper, _display_mr(d))


def c4(n):
    """Unbiasing constant c4(n) = sqrt(2/(n-1)) * Gamma(n/2) / Gamma((n-1)/2), exact via lgamma.

    >>> round(float(c4(5)), 4)
    0.94
    """
    from scipy.special import gammaln  # scipy takes most of a second to import: only here

    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(2.0 / (n - 1)) * np.exp(gammaln(n / 2) - gammaln((n - 1) / 2))


# Subgroup sizes count as equal when sum(n^2) * k and (sum n)^2 differ by no more than this
# (they are whole numbers, so only rounding in the sums can part them).
EQUAL_SIZES_TOLERANCE = 1e-9


def _subgroup_sigma(d: SegmentData):
    """Within-subgroup sigma per segment: the mean s for equal sizes, else the pooled s
    (qicharts2); always the pooled s with ``subgroup_sigma="pooled"`` (PowerBI-SPC)."""
    size = d.denominator
    has_sd = d.in_limits & np.isfinite(d.subgroup_sd)
    weight = size - 1
    squares = group_sum(weight * d.subgroup_sd**2, d.segment, has_sd, d.n_segments)
    if d.settings.subgroup_sigma == "pooled":
        with np.errstate(invalid="ignore", divide="ignore"):
            pooled = np.sqrt(squares / group_sum(weight, d.segment, has_sd, d.n_segments))
        return pooled[d.segment]
    # Summed over every subgroup in the window, empty ones too (weight -1), as qicharts2 does.
    dof = group_sum(weight, d.segment, d.limit_sequence, d.n_segments)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled_sd = np.sqrt(squares / dof)
    mean_sd = group_mean(d.subgroup_sd, d.segment, has_sd, d.n_segments)
    count = group_count(d.segment, d.in_limits, d.n_segments)
    size_sum = group_sum(size, d.segment, d.in_limits, d.n_segments)
    size_sq = group_sum(size**2, d.segment, d.in_limits, d.n_segments)
    equal = (count > 0) & np.isclose(
        size_sq * count, size_sum**2, rtol=0, atol=EQUAL_SIZES_TOLERANCE
    )
    return np.where(equal, mean_sd, pooled_sd)[d.segment]


def xbar_chart(d: SegmentData) -> Lines:
    """Centre: the grand mean; limits: +/- A3(n_i) * sigma, A3 = 3 / (c4(n_i) sqrt(n_i))."""
    sigma = _subgroup_sigma(d)
    usable = d.in_limits & np.isfinite(d.y)
    total = group_sum(d.y * d.denominator, d.segment, usable, d.n_segments)
    size = group_sum(d.denominator, d.segment, usable, d.n_segments)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = (total / size)[d.segment]
        point_sigma = sigma / (c4(d.denominator) * np.sqrt(d.denominator))
    lower, upper = sigma_lines(centre, point_sigma)
    return Lines(d.y, centre, lower, upper, _display_mr(d))


def s_chart(d: SegmentData) -> Lines:
    """Centre: sigma; limits B3(n_i), B4(n_i) times it, B = 1 -/+ 3 c5 / c4."""
    centre = _subgroup_sigma(d)
    point_c4 = c4(d.denominator)
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = centre * np.sqrt(1 - point_c4**2) / point_c4
    lower, upper = sigma_lines(centre, spread, 0.0)
    return Lines(d.subgroup_sd, centre, lower, upper, _display_mr(d))


def t_chart(d: SegmentData) -> Lines:
    """Individuals chart on y^(1/3.6), then every line raised back to the power 3.6."""
    with np.errstate(invalid="ignore"):
        transformed = d.y ** (1 / T_CHART_POWER)
    mean, sigma, _ = individuals_sigma(d, transformed)
    lower, upper = sigma_lines(mean[d.segment], sigma[d.segment], floor=0.0)
    back = lambda line: line**T_CHART_POWER  # noqa: E731
    return Lines(d.y, back(mean[d.segment]), lower.map(back), upper.map(back), _display_mr(d))


def g_chart(d: SegmentData) -> Lines:
    usable = d.in_limits & np.isfinite(d.y)
    mean = group_mean(d.y, d.segment, usable, d.n_segments)
    sigma = np.sqrt(mean * (mean + 1))[d.segment]
    lower, upper = sigma_lines(mean[d.segment], sigma, floor=0.0)
    if d.settings.g_centre == "median":
        centre = group_median(d.y, d.segment, usable, d.n_segments)[d.segment]
    else:
        centre = G_CHART_MEDIAN_FACTOR * mean[d.segment]
    return Lines(d.y, centre, lower, upper, _display_mr(d))


def _display_mr(d: SegmentData) -> np.ndarray:
    return moving_ranges(d.y, d.segment, d.plotted)[0]


CHARTS = {
    "xmr": xmr,
    "mr": mr_chart,
    "run": run_chart,
    "p": p_chart,
    "pp": pp_chart,
    "u": u_chart,
    "up": up_chart,
    "c": c_chart,
    "xbar": xbar_chart,
    "s": s_chart,
    "t": t_chart,
    "g": g_chart,
    "i_m": i_m_chart,
    "i_mm": i_mm_chart,
}
