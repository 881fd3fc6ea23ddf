"""The pipeline: prepare -> segments -> limits -> rules -> classification -> icons -> tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qijourney.spc import limits as chart_limits
from qijourney.spc import rules
from qijourney.spc.classify import classify
from qijourney.spc.grouped import group_count, last_index, position_in_group, starts_of
from qijourney.spc.icons import assurance_icon, variation_icon
from qijourney.spc.options import CHART_TYPES, Settings
from qijourney.spc.prepare import CHART_CODE, NEUTRAL, Points
from qijourney.spc.runs import RunsAnalysis, anhoej

# Charts that get an assurance icon: not run, MR, t or g (MDC has none for rare events).
ASSURANCE_CHARTS = np.array(
    [name in ("xmr", "p", "pp", "u", "up", "c", "xbar", "s") for name in CHART_TYPES]
)
RUN_CHART = CHART_CODE["run"]
MR_CHART = CHART_CODE["mr"]


@dataclass
class Analysis:
    """Everything computed, as arrays in sorted (series, x) order; tables are built from it."""

    points: Points
    settings: Settings
    segment: np.ndarray
    segment_series: np.ndarray
    y: np.ndarray
    centre: np.ndarray
    lower: tuple[np.ndarray, np.ndarray, np.ndarray]
    upper: tuple[np.ndarray, np.ndarray, np.ndarray]
    moving_range: np.ndarray
    flags: dict[str, tuple[np.ndarray, np.ndarray]]
    fifteen_within: np.ndarray | None
    kind: np.ndarray
    side: np.ndarray
    short_series: np.ndarray  # per series: fewer points than the preset wants
    no_limits: np.ndarray  # per series: limits withheld (too few points)
    runs: RunsAnalysis | None
    runs_segments: np.ndarray  # per segment: was runs analysis done
    last_point: np.ndarray  # per series: index of its last plotted point, -1 none
    variation: np.ndarray
    assurance: np.ndarray
    series_target: np.ndarray
    warnings: list[str] = field(default_factory=list)


def analyse_points(points: Points, settings: Settings, multiplier: float = 1.0) -> Analysis:
    """Run every stage on prepared points; ``multiplier`` rescales values and lines for display
    (e.g. 1,000 for "per 1,000 bed days"), which leaves every rule unchanged."""
    n = points.y.shape[0]
    n_series = points.n_series
    series = points.series

    series_start = starts_of(series)
    segment_start = series_start | points.recalculate
    segment = np.cumsum(segment_start) - 1 if n else np.zeros(0, dtype=np.int64)
    n_segments = int(segment[-1]) + 1 if n else 0
    segment_series = series[segment_start]

    plotted = ~points.ghost
    finite = np.isfinite(points.y)
    limit_sequence = plotted & ~points.exclude
    limit_sequence &= limit_window(points.baseline & limit_sequence, segment, n_segments, settings)
    in_limits = limit_sequence & finite

    chart = points.series_chart[series]
    lines = compute_lines(points, chart, segment, n_segments, plotted, limit_sequence, in_limits,
                          settings)
    y, centre, lower, upper, moving_range = lines
    if multiplier != 1.0:
        y, centre, moving_range = y * multiplier, centre * multiplier, moving_range * multiplier
        lower = tuple(line * multiplier for line in lower)
        upper = tuple(line * multiplier for line in upper)

    count = group_count(series, plotted & np.isfinite(y), n_series)
    short_series = np.zeros(n_series, dtype=bool)
    if settings.warn_below_points:
        short_series = count < settings.warn_below_points
    no_limits = np.zeros(n_series, dtype=bool)
    if settings.minimum_points:
        no_limits = count < settings.minimum_points
        # Run charts have no limits to withhold; their median stays.
        no_limits &= points.series_chart != RUN_CHART
        hide = no_limits[series]
        if hide.any():
            centre = np.where(hide, np.nan, centre)
            lower = tuple(np.where(hide, np.nan, line) for line in lower)
            upper = tuple(np.where(hide, np.nan, line) for line in upper)

    direction = points.series_direction[series]
    tested = plotted & np.isfinite(y) & np.isfinite(centre)
    in_rules = tested & ~points.exclude
    flags, fifteen = special_cause_flags(y, centre, lower, upper, series, segment, in_rules, tested,
                                         chart, settings)
    kind, side = classify(flags, direction, settings.conflict)

    runs = None
    runs_segments = np.zeros(n_segments, dtype=bool)
    wants_runs = (chart == RUN_CHART) | settings.runs_analysis
    if wants_runs.any():
        runs_segments[segment[wants_runs]] = True
        useful = in_rules & wants_runs
        side_of_centre = rules.side_of_centre(y, centre)
        runs = anhoej(side_of_centre, segment, useful & (side_of_centre != 0), n_segments,
                      settings.runs_method)
        # Moving ranges are not independent, so runs rules say nothing about them (qicharts2).
        runs.signal &= points.series_chart[segment_series] != MR_CHART

    last_point = last_index(series, plotted & np.isfinite(y), n_series)
    variation = variation_icon(kind, side, last_point)
    variation[no_limits] = 0
    series_target = target_in_force(points, series, n_series, last_point)
    assurance = np.zeros(n_series, dtype=np.int8)
    has_last = last_point >= 0
    can_assure = has_last & ASSURANCE_CHARTS[points.series_chart] & ~no_limits
    can_assure &= points.series_direction != NEUTRAL
    if can_assure.any():
        last = last_point[can_assure]
        assurance[can_assure] = assurance_icon(
            points.series_direction[can_assure],
            series_target[can_assure],
            lower[2][last],
            upper[2][last],
            settings.assurance_inclusive,
        )

    return Analysis(
        points=points,
        settings=settings,
        segment=segment,
        segment_series=segment_series,
        y=y,
        centre=centre,
        lower=lower,
        upper=upper,
        moving_range=moving_range,
        flags=flags,
        fifteen_within=fifteen,
        kind=kind,
        side=side,
        short_series=short_series,
        no_limits=no_limits,
        runs=runs,
        runs_segments=runs_segments,
        last_point=last_point,
        variation=variation,
        assurance=assurance,
        series_target=series_target,
    )


def limit_window(baseline, segment, n_segments, settings: Settings) -> np.ndarray:
    """Where each segment's limits come from: its first n points, its baseline, or all of it."""
    if settings.fix_after_n_points:
        return position_in_group(segment) < settings.fix_after_n_points
    if not baseline.any():
        return np.ones(segment.shape[0], dtype=bool)
    has_baseline = group_count(segment, baseline, n_segments) > 0
    return baseline | ~has_baseline[segment]


def compute_lines(points, chart, segment, n_segments, plotted, limit_sequence, in_limits,
                  settings):
    """Centre and sigma lines of every point, one vectorised call per chart type present."""
    n = chart.shape[0]
    y = points.y.copy()
    centre = np.full(n, np.nan)
    lower = [np.full(n, np.nan) for _ in range(3)]
    upper = [np.full(n, np.nan) for _ in range(3)]
    moving_range = np.full(n, np.nan)
    for code in np.unique(points.series_chart):
        name = CHART_TYPES[code]
        whole = bool((chart == code).all())
        pick = slice(None) if whole else np.flatnonzero(chart == code)
        data = chart_limits.SegmentData(
            y=points.y[pick],
            denominator=points.denominator[pick],
            numerator=points.numerator[pick],
            subgroup_sd=points.subgroup_sd[pick],
            segment=segment[pick],
            n_segments=n_segments,
            plotted=plotted[pick],
            limit_sequence=limit_sequence[pick],
            in_limits=in_limits[pick],
            settings=settings,
        )
        result = chart_limits.CHARTS[name](data)
        if whole:
            return result.y, result.centre, result.lower, result.upper, result.moving_range
        y[pick] = result.y
        centre[pick] = result.centre
        moving_range[pick] = result.moving_range
        for k in range(3):
            lower[k][pick] = result.lower[k]
            upper[k][pick] = result.upper[k]
    return y, centre, tuple(lower), tuple(upper), moving_range


def special_cause_flags(y, centre, lower, upper, series, segment, in_rules, tested, chart,
                        s: Settings):
    """High and low masks of every switched-on rule, scattered back to all points."""
    n = y.shape[0]
    shewhart = chart != RUN_CHART
    idx = np.flatnonzero(in_rules)
    seq_series = series[idx]
    seq_segment = segment[idx]
    new_series = starts_of(seq_series)
    new_segment = starts_of(seq_segment)
    breaks_for = {
        "all": new_series,
        "trend": new_segment,
        "none": new_segment,
    }
    rule_breaks = breaks_for[s.crosses_segments]
    trend_breaks = new_series if s.crosses_segments in ("all", "trend") else new_segment
    vy = y[idx]
    vc = centre[idx]
    side = rules.side_of_centre(vy, vc)
    low3, up3 = lower[2][idx], upper[2][idx]

    flags: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def keep(name, high, low, charts=shewhart):
        full_high = np.zeros(n, dtype=bool)
        full_low = np.zeros(n, dtype=bool)
        full_high[idx] = high
        full_low[idx] = low
        flags[name] = (full_high & charts, full_low & charts)

    if s.astronomical:
        # Excluded points are still tested against the limits (qicharts2's semantics).
        high, low = rules.astronomical(y, lower[2], upper[2])
        flags["astronomical"] = (high & tested & shewhart, low & tested & shewhart)
    if s.shift:
        keep("shift", *rules.shift(side, rule_breaks, s.shift_length))
    if s.trend:
        keep("trend", *rules.trend(vy, trend_breaks, s.trend_length, s.trend_skips_repeats))
    if s.two_of_three:
        flags_2of3 = rules.two_of_three(
            vy, side, lower[1][idx], upper[1][idx], low3, up3, rule_breaks,
            s.two_of_three_counts_beyond_3_sigma,
        )
        keep("two_of_three", *flags_2of3)
    if s.four_of_five:
        keep("four_of_five", *rules.four_of_five(vy, side, lower[0][idx], upper[0][idx],
                                                 rule_breaks))
    fifteen = None
    if s.fifteen_within_1_sigma:
        fifteen = np.zeros(n, dtype=bool)
        fifteen[idx] = rules.fifteen_within_1_sigma(vy, lower[0][idx], upper[0][idx], rule_breaks)
        fifteen &= shewhart
    if s.ihi_run_rules and (~shewhart).any():
        run = ~shewhart
        high, low = rules.shift(side, new_segment, 6)
        keep("ihi_shift", high, low, run)
        high, low = rules.trend(vy, new_segment, 5, skip_repeats=True)
        keep("ihi_trend", high, low, run)
    return flags, fifteen


def target_in_force(points: Points, series, n_series, last_point) -> np.ndarray:
    """Each series' target at its last plotted date: the latest target given up to then."""
    given = np.isfinite(points.target)
    candidate = given & (np.arange(series.shape[0]) <= np.maximum(last_point, 0)[series])
    latest = last_index(series, candidate, n_series)
    target = np.full(n_series, np.nan)
    target[latest >= 0] = points.target[latest[latest >= 0]]
    return target
