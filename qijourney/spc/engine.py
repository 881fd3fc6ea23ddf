"""The pipeline on prepared points: segments -> limits -> rules -> classification -> icons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qijourney.spc import limits as chart_limits
from qijourney.spc import rules
from qijourney.spc.classify import classify
from qijourney.spc.codes import CHART_CODE, NEUTRAL
from qijourney.spc.constants import IHI_SHIFT_LENGTH, IHI_TREND_LENGTH
from qijourney.spc.grouped import group_count, last_index, position_in_group, starts_of
from qijourney.spc.icons import assurance_icon, variation_icon
from qijourney.spc.limits import SigmaLines
from qijourney.spc.options import CHART_TYPES, Settings
from qijourney.spc.points import Points
from qijourney.spc.runs import RunsAnalysis, anhoej

# Charts that get an assurance icon: MDC's, not run, MR, t or g (none for rare events); or
# every chart with limits, as PowerBI-SPC gives them.
ASSURANCE_CHARTS = {
    "mdc": np.array(
        [
            name in ("xmr", "p", "pp", "u", "up", "c", "xbar", "s", "i_m", "i_mm")
            for name in CHART_TYPES
        ]
    ),
    "all_with_limits": np.array([name != "run" for name in CHART_TYPES]),
}
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
    lower: SigmaLines
    upper: SigmaLines
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


def analyse_points(
    points: Points, settings: Settings, multiplier: float = 1.0, with_runs: bool = False
) -> Analysis:
    """Run every stage on prepared points; ``multiplier`` rescales values and lines for display
    (e.g. 1,000 for "per 1,000 bed days"), which leaves every rule unchanged. ``with_runs``
    reports runs-analysis figures (empty where none was done), so the columns of the result
    depend on the call, not on the data."""
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
    lines = compute_lines(
        points, chart, segment, n_segments, plotted, limit_sequence, in_limits, settings
    )
    y, centre, lower, upper, moving_range = lines
    scale = multiplier
    if points.series_multiplier is not None:
        scale = multiplier * points.series_multiplier[series]
    if np.any(scale != 1.0):
        y, centre, moving_range = y * scale, centre * scale, moving_range * scale
        lower = lower.map(lambda line: line * scale)
        upper = upper.map(lambda line: line * scale)

    shown = plotted & np.isfinite(y)  # points drawn with a value
    count = group_count(series, shown, n_series)
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
            lower = lower.map(lambda line: np.where(hide, np.nan, line))
            upper = upper.map(lambda line: np.where(hide, np.nan, line))

    direction = points.series_direction[series]
    tested = shown & np.isfinite(centre)
    in_rules = tested & ~points.exclude
    side_of_centre = rules.side_of_centre(y, centre)  # for the rules and the runs analysis
    flags, fifteen = special_cause_flags(
        y, side_of_centre, lower, upper, series, segment, in_rules, tested, chart, settings
    )
    kind, side = classify(flags, direction, settings.conflict)

    runs = None
    runs_segments = np.zeros(n_segments, dtype=bool)
    wants_runs = (chart == RUN_CHART) | settings.runs_analysis
    if wants_runs.any():
        runs_segments[segment[wants_runs]] = True
        useful = in_rules & wants_runs
        runs = anhoej(
            side_of_centre,
            segment,
            useful & (side_of_centre != 0),
            n_segments,
            settings.runs_method,
        )
        # Moving ranges are not independent, so runs rules say nothing about them (qicharts2).
        runs.signal &= points.series_chart[segment_series] != MR_CHART
    elif with_runs:
        nothing = np.full(n_segments, np.nan)
        runs = RunsAnalysis(
            nothing, nothing, nothing, nothing, nothing, np.zeros(n_segments, dtype=bool)
        )

    last_point = last_index(series, shown, n_series)
    variation = variation_icon(kind, side, last_point)
    variation[no_limits] = 0
    series_target = target_in_force(points, series, n_series, last_point)
    assurance = np.zeros(n_series, dtype=np.int8)
    has_last = last_point >= 0
    can_assure = has_last & ASSURANCE_CHARTS[settings.assurance_charts][points.series_chart]
    can_assure &= ~no_limits
    can_assure &= points.series_direction != NEUTRAL
    if can_assure.any():
        last = last_point[can_assure]
        assurance[can_assure] = assurance_icon(
            points.series_direction[can_assure],
            series_target[can_assure],
            lower.three[last],
            upper.three[last],
            settings.assurance_inclusive,
            settings.assurance_without_limits,
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


def compute_lines(points, chart, segment, n_segments, plotted, limit_sequence, in_limits, settings):
    """Centre and sigma lines of every point, one vectorised call per chart type present."""
    n = chart.shape[0]
    codes = np.unique(points.series_chart)
    if codes.size != 1:  # several chart types write into shared arrays (or none: no points)
        y = points.y.copy()
        centre = np.full(n, np.nan)
        lower = SigmaLines.missing(n)
        upper = SigmaLines.missing(n)
        moving_range = np.full(n, np.nan)
    for code in codes:
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
        for line, part in zip(lower, result.lower, strict=True):  # 1, 2 and 3 sigma alike
            line[pick] = part
        for line, part in zip(upper, result.upper, strict=True):
            line[pick] = part
    return y, centre, lower, upper, moving_range


def special_cause_flags(
    y, side_of_centre, lower, upper, series, segment, in_rules, tested, chart, s: Settings
):
    """High and low masks of every switched-on rule, scattered back to all points."""
    n = y.shape[0]
    shewhart = chart != RUN_CHART
    every_chart_shewhart = bool(shewhart.all())
    # Rules read the sequence of points that take part in them; when that is every point
    # (the common case) the arrays are used as they are, with no gather or scatter.
    everything = bool(in_rules.all())
    idx = None if everything else np.flatnonzero(in_rules)

    def seq(values):
        return values if everything else values[idx]

    new_series = starts_of(seq(series))
    new_segment = starts_of(seq(segment))
    rule_breaks = new_series if s.crosses_segments == "all" else new_segment
    trend_breaks = new_series if s.crosses_segments in ("all", "trend") else new_segment
    vy = seq(y)
    side = seq(side_of_centre)

    flags: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def scatter(mask, charts):
        if not everything:
            full = np.zeros(n, dtype=bool)
            full[idx] = mask
            mask = full
        return mask if charts is None else mask & charts

    def keep(name, high, low, charts=None if every_chart_shewhart else shewhart):
        flags[name] = (scatter(high, charts), scatter(low, charts))

    if s.astronomical:
        # Excluded points are still tested against the limits (qicharts2's semantics).
        high, low = rules.astronomical(y, lower.three, upper.three)
        valid = tested if every_chart_shewhart else tested & shewhart
        flags["astronomical"] = (high & valid, low & valid)
    # Shift and trend read no limits: PowerBI-SPC runs them on run charts too.
    run_rules_too = s.run_chart_rules or every_chart_shewhart
    sequence_charts = None if run_rules_too else shewhart
    if s.shift:
        shift = rules.shift_skipping_ties if s.runs_skip_ties else rules.shift
        keep("shift", *shift(side, rule_breaks, s.shift_length), charts=sequence_charts)
    if s.trend:
        if s.runs_skip_ties:
            trend = rules.trend_skipping_ties(vy, trend_breaks, s.trend_length)
        else:
            trend = rules.trend(vy, trend_breaks, s.trend_length, s.trend_skips_repeats)
        keep("trend", *trend, charts=sequence_charts)
    if s.two_of_three:
        flags_2of3 = rules.two_of_three(
            vy,
            side,
            seq(lower.two),
            seq(upper.two),
            seq(lower.three),
            seq(upper.three),
            rule_breaks,
            s.two_of_three_counts_beyond_3_sigma,
            s.two_of_three_same_side,
        )
        keep("two_of_three", *flags_2of3)
    if s.four_of_five:
        keep(
            "four_of_five",
            *rules.four_of_five(vy, side, seq(lower.one), seq(upper.one), rule_breaks),
        )
    fifteen = None
    if s.fifteen_within_1_sigma:
        inside = rules.fifteen_within_1_sigma(vy, seq(lower.one), seq(upper.one), rule_breaks)
        fifteen = scatter(inside, None if every_chart_shewhart else shewhart)
    if s.ihi_run_rules:
        run = ~shewhart
        ihi_shift = rules.shift(side, new_segment, IHI_SHIFT_LENGTH)
        ihi_trend = rules.trend(vy, new_segment, IHI_TREND_LENGTH, skip_repeats=True)
        keep("ihi_shift", *ihi_shift, charts=run)
        keep("ihi_trend", *ihi_trend, charts=run)
    return flags, fifteen


def target_in_force(points: Points, series, n_series, last_point) -> np.ndarray:
    """Each series' target at its last plotted date: the latest target given up to then."""
    given = np.isfinite(points.target)
    candidate = given & (np.arange(series.shape[0]) <= np.maximum(last_point, 0)[series])
    latest = last_index(series, candidate, n_series)
    target = np.full(n_series, np.nan)
    target[latest >= 0] = points.target[latest[latest >= 0]]
    return target
