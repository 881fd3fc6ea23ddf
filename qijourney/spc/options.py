"""Rule settings and the presets that fix them to one reference tool's behaviour.

The maths never reads a preset name: it reads a validated :class:`Settings`, so every tool's
behaviour is a combination of switches that can also be set one by one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from qijourney.spc.errors import SPCInputError

MRScreening = Literal["none", "strict", "inclusive"]
Width = Literal["mdc", "sigma"]
Crossing = Literal["all", "trend", "none"]
Conflict = Literal["improvement", "rank", "precedence", "powerbi"]
MRLines = Literal["centred", "from_zero"]
SubgroupSigma = Literal["mean_if_equal", "pooled"]
AssuranceCharts = Literal["mdc", "all_with_limits"]
GCentre = Literal["median", "mdc"]
RunsMethod = Literal["anhoej", "bestbox", "cutbox"]

# i_m and i_mm are PowerBI-SPC's individuals charts on the median (mean or median MR).
CHART_TYPES = ("xmr", "mr", "run", "p", "pp", "u", "up", "c", "xbar", "s", "t", "g", "i_m", "i_mm")
CHART_ALIASES = {
    "i": "xmr",
    "xmr": "xmr",
    "imr": "xmr",
    "x": "xmr",
    "p'": "pp",
    "u'": "up",
    "im": "i_m",
    "imm": "i_mm",
}
DIRECTIONS = ("increase", "decrease", "neutral")
DIRECTION_ALIASES = {
    "up": "increase",
    "higher": "increase",
    "down": "decrease",
    "lower": "decrease",
    "neither": "neutral",
    "none": "neutral",
}


@dataclass(frozen=True)
class Settings:
    """Every switch of the special-cause rules, limits and icons.

    Defaults are the ``mdc`` preset (Making Data Count Single Chart Tool v5).
    """

    # Making Data Count (tool v5): a shift is 6 or more consecutive points on one side of the
    # mean, a trend 6 or more consecutive points all increasing or all decreasing.
    shift_length: int = 6
    trend_length: int = 6
    astronomical: bool = True
    shift: bool = True
    trend: bool = True
    two_of_three: bool = True
    # MDC SQL v2.6 lets a point beyond 3 sigma count towards two-of-three; Excel v5 does not.
    two_of_three_counts_beyond_3_sigma: bool = False
    # MDC: the whole window of three lies on the flagged side of the centre. PowerBI-SPC
    # counts only the two beyond 2 sigma; the third may lie anywhere.
    two_of_three_same_side: bool = True
    # PowerBI-SPC ignores repeated values inside a trend instead of ending it.
    trend_skips_repeats: bool = False
    # PowerBI-SPC: points on the centre (shift) and repeated values (trend) neither count nor
    # break a run and are flagged inside one; a turning point stays with the first trend.
    runs_skip_ties: bool = False
    # Western Electric / Nelson extras, off unless asked for.
    four_of_five: bool = False
    fifteen_within_1_sigma: bool = False
    # Moving ranges of 3.267 x their mean or more are dropped and the mean recomputed: those of
    # y in the i and t charts, those of z in Laney's p' and u' (qicharts2, PowerBI-SPC).
    mr_screening: MRScreening = "none"
    # PowerBI-SPC screens only when the mean MR is above 0: values all equal keep limits of
    # zero width (the others' screening leaves no MR, so no limits).
    mr_screening_needs_spread: bool = False
    # MDC SQL's inclusive screening also drops the screened rows from the mean.
    mr_screening_recomputes_mean: bool = False
    width: Width = "mdc"
    crosses_segments: Crossing = "all"
    conflict: Conflict = "improvement"
    # Making Data Count: fewer than 13 points gives no limits and no icons, and limits from
    # fewer are trial limits.
    minimum_points: int | None = 13
    warn_below_points: int | None = 13
    assurance_inclusive: bool = True
    # NHSRplotthedots: a series with a target whose limits are undefined (NaN: every moving
    # range screened out when all values are equal, or a single point) is hit or miss, its
    # case_when falling through to "inconsistent"; the others give no assurance icon.
    assurance_without_limits: bool = False
    runs_analysis: bool = False
    # qicharts2's method: Anhøj's rules, or the best-box / cut-box bounds (10 to 100 points).
    runs_method: RunsMethod = "anhoej"
    # Classic IHI run-chart rules (shift 6, trend 5, astronomical by eye) reported beside Anhøj's.
    ihi_run_rules: bool = False
    g_centre: GCentre = "mdc"
    # The MR chart's 1 and 2 sigma lines: centred on the mean MR, or (PowerBI-SPC) k/3 of
    # the upper limit D4 x mean MR, measured from zero.
    mr_lines: MRLines = "centred"
    # xbar and s sigma: the mean of the subgroup SDs when sizes are equal, else pooled
    # (qicharts2); or always pooled (PowerBI-SPC).
    subgroup_sigma: SubgroupSigma = "mean_if_equal"
    # Which charts get an assurance icon: MDC's (not run, MR, t or g), or every chart with
    # limits (PowerBI-SPC: all but the run chart).
    assurance_charts: AssuranceCharts = "mdc"
    # PowerBI-SPC also runs the shift and trend rules on run charts, against the median.
    run_chart_rules: bool = False
    # Limits fixed on the first n useful points of each segment (NHSRplotthedots
    # fix_after_n_points, qicharts2 freeze), counted by position in the segment as both tools
    # count them (excluded and ghosted rows included); None uses the baseline flags or the
    # whole segment.
    fix_after_n_points: int | None = None

    def replace(self, **changes: Any) -> Settings:
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise SPCInputError(f"Unknown rule setting(s): {', '.join(sorted(unknown))}")
        return validate(dataclasses.replace(self, **changes))


PRESETS: dict[str, Settings] = {
    "mdc": Settings(),
    "mdc-sql": Settings(
        two_of_three_counts_beyond_3_sigma=True,
        crosses_segments="trend",
        conflict="rank",
    ),
    "nhsrplotthedots": Settings(
        # NHSRplotthedots counts 7 points for a shift and for a trend.
        shift_length=7,
        trend_length=7,
        mr_screening="strict",
        crosses_segments="none",
        conflict="precedence",
        minimum_points=None,
        assurance_inclusive=False,
        assurance_without_limits=True,
    ),
    "qicharts2": Settings(
        shift=False,
        trend=False,
        two_of_three=False,
        mr_screening="strict",
        width="sigma",
        crosses_segments="none",
        conflict="precedence",
        minimum_points=None,
        warn_below_points=None,
        assurance_inclusive=False,
        runs_analysis=True,
        g_centre="median",
    ),
    "powerbi-spc": Settings(
        # The PowerBI-SPC visual (AUS-DOH-Safety-and-Quality) with its four outlier rules on
        # at their defaults: astronomical beyond 3 sigma, shift of 7, trend of 5, two in three
        # beyond 2 sigma (points beyond 3 sigma counting); MRs at or above 3.267 x their mean
        # screened out; limits at 3 sigma (MR / 1.128); each recalculation its own chart.
        shift_length=7,
        trend_length=5,
        two_of_three_counts_beyond_3_sigma=True,
        two_of_three_same_side=False,
        mr_screening="strict",
        mr_screening_needs_spread=True,
        width="sigma",
        crosses_segments="none",
        conflict="powerbi",
        minimum_points=None,
        warn_below_points=None,
        assurance_inclusive=False,
        g_centre="median",
        mr_lines="from_zero",
        subgroup_sigma="pooled",
        assurance_charts="all_with_limits",
        run_chart_rules=True,
        runs_skip_ties=True,
    ),
}

PRESET_DESCRIPTIONS = {
    "mdc": "NHS England Making Data Count Single Chart Tool v5 (default)",
    "mdc-sql": "NHS England Making Data Count SPC Charts SQL Query v2.6",
    "nhsrplotthedots": "NHSRplotthedots (NHS-R Community, R)",
    "qicharts2": "qicharts2 (Anhøj, R): runs analysis plus points beyond the limits",
    "powerbi-spc": "The PowerBI-SPC visual (controlchartspy) with its four outlier rules on",
}


def preset(name: str, **overrides: Any) -> Settings:
    """Return the settings of a named preset, with any setting overridden.

    >>> preset("nhsrplotthedots").shift_length
    7
    >>> preset("mdc", shift_length=8).shift_length
    8
    """
    try:
        base = PRESETS[name]
    except KeyError:
        known = ", ".join(PRESETS)
        raise SPCInputError(f"Unknown preset {name!r}: choose one of {known}") from None
    return base.replace(**overrides) if overrides else base


def validate(settings: Settings) -> Settings:
    """Check settings apart from the maths, so the maths can trust them."""
    for name in ("shift_length", "trend_length"):
        value = getattr(settings, name)
        if not isinstance(value, int) or value < 2:
            raise SPCInputError(f"{name} must be a whole number of at least 2, not {value!r}")
    choices = {
        "mr_screening": ("none", "strict", "inclusive"),
        "width": ("mdc", "sigma"),
        "crosses_segments": ("all", "trend", "none"),
        "conflict": ("improvement", "rank", "precedence", "powerbi"),
        "mr_lines": ("centred", "from_zero"),
        "subgroup_sigma": ("mean_if_equal", "pooled"),
        "assurance_charts": ("mdc", "all_with_limits"),
        "g_centre": ("median", "mdc"),
        "runs_method": ("anhoej", "bestbox", "cutbox"),
    }
    for name, allowed in choices.items():
        if getattr(settings, name) not in allowed:
            raise SPCInputError(
                f"{name} must be one of {', '.join(allowed)}, not {getattr(settings, name)!r}"
            )
    for name in ("minimum_points", "warn_below_points", "fix_after_n_points"):
        value = getattr(settings, name)
        if value is not None and (not isinstance(value, int) or value < 1):
            raise SPCInputError(f"{name} must be a positive whole number or None, not {value!r}")
    return settings


def normalise_chart(name: str) -> str:
    """Map a chart name or alias to its canonical code.

    >>> normalise_chart("I")
    'xmr'
    """
    key = str(name).strip().lower()
    key = CHART_ALIASES.get(key, key)
    if key not in CHART_TYPES:
        raise SPCInputError(
            f"Unknown chart type {name!r}: choose one of {', '.join(CHART_TYPES)} (or i for xmr)"
        )
    return key


def normalise_direction(name: str) -> str:
    """Map an improvement direction or MDC alias to increase, decrease or neutral.

    >>> normalise_direction("down")
    'decrease'
    """
    key = str(name).strip().lower()
    key = DIRECTION_ALIASES.get(key, key)
    if key not in DIRECTIONS:
        raise SPCInputError(
            f"Unknown improvement direction {name!r}: choose increase, decrease or neutral "
            "(or up, down, neither)"
        )
    return key
