"""One line of --help for every rule setting (qijourney.spc.options.Settings): the spc
command offers each as an option of its own."""

SETTING_HELP = {
    "shift_length": "points in a run on one side of the centre line that make a shift",
    "trend_length": "points in a row going up (or down) that make a trend",
    "astronomical": "flag points beyond the 3-sigma limits",
    "shift": "flag shifts",
    "trend": "flag trends",
    "two_of_three": "flag two of three points beyond 2 sigma on one side",
    "two_of_three_counts_beyond_3_sigma": "count points beyond 3 sigma towards two-of-three",
    "two_of_three_same_side": "two-of-three needs all three points on the flagged side of the "
    "centre (MDC); off: only the two beyond 2 sigma (PowerBI-SPC)",
    "trend_skips_repeats": "pass over repeated values in a trend, not end it",
    "runs_skip_ties": "points on the centre (shift) and repeated values (trend) neither count "
    "nor end a run, and a turning point stays with the first trend (PowerBI-SPC)",
    "four_of_five": "Western Electric: flag four of five points beyond 1 sigma on one side",
    "fifteen_within_1_sigma": "Western Electric: flag fifteen points in a row inside 1 sigma",
    "mr_screening": "drop moving ranges (of z in p' and u' charts) at 3.267 x mean MR or "
    "above before the limits: none, strict (keep <) or inclusive (keep <=)",
    "mr_screening_recomputes_mean": "with inclusive screening, also leave the screened rows "
    "out of the mean (MDC SQL)",
    "mr_screening_needs_spread": "screen only when the mean MR is above 0, so values all equal "
    "keep limits of zero width (PowerBI-SPC)",
    "width": "limits as 2.66 x mean MR (mdc) or 3 x mean MR / 1.128 (sigma)",
    "crosses_segments": "which rules run across a recalculation: all, trend or none",
    "conflict": "a point that is both improvement and concern shows: improvement, "
    "rank (trend > shift > 2-of-3 > beyond limits), precedence "
    "(beyond limits > trend > 2-of-3 > shift) or powerbi (beyond limits > 2-of-3 > trend > "
    "shift)",
    "minimum_points": "fewer points than this: no limits or icons (none: always show)",
    "warn_below_points": "fewer points than this: warn that the limits are trial limits",
    "assurance_inclusive": "a target exactly on a limit counts as pass/fail (else hit or miss)",
    "assurance_without_limits": "a target with no limits to judge it by (all values equal, "
    "so no moving range is left after screening) is hit or miss (else no icon)",
    "runs_analysis": "Anhøj runs analysis (longest run, crossings) on every chart",
    "runs_method": "runs analysis bounds: anhoej, or bestbox / cutbox (Anhøj & Wentzel-Larsen "
    "2020, for 10 to 100 points)",
    "ihi_run_rules": "IHI run-chart rules (shift of 6, trend of 5) on run charts",
    "g_centre": "centre line drawn on g charts: median or mdc (0.693 x mean)",
    "mr_lines": "the MR chart's 1 and 2 sigma lines: centred on the mean MR, or from_zero "
    "(k/3 of the upper limit, PowerBI-SPC)",
    "subgroup_sigma": "xbar and s sigma: mean_if_equal (the mean SD when sizes are equal, "
    "qicharts2) or pooled (PowerBI-SPC)",
    "assurance_charts": "charts with an assurance icon: mdc (not run, MR, t, g) or "
    "all_with_limits (PowerBI-SPC)",
    "run_chart_rules": "run the shift and trend rules on run charts too (PowerBI-SPC)",
    "fix_after_n_points": "compute limits from the first N points of each segment only",
}
