"""Named constants of the SPC engine, each with its published source."""

# d2 for subgroups of two: the expected range of two normal observations in sigma units
# (Montgomery, Introduction to Statistical Quality Control, Appendix VI).
D2_TWO = 1.128

# Making Data Count's natural process limit factor, 3/d2 rounded as NHS England publishes it.
NATURAL_PROCESS_LIMIT = 2.66

# D4 for subgroups of two: upper limit of the moving-range chart as a multiple of the mean MR
# (Montgomery Appendix VI); also the screening threshold for outlying moving ranges.
MR_UPPER_FACTOR = 3.267
# The median moving range's: median MR / sigma for two points, and its chart's upper limit
# factor (Wheeler: limits at the median +/- 3.145 median MR, upper MR limit 3.865 median MR).
MEDIAN_MR_D2 = 0.954
MEDIAN_MR_UPPER_FACTOR = 3.865

# Shewhart limits sit three sigma from the centre line.
SIGMA_MULTIPLE = 3.0

# t charts: Nelson's transformation of exponential intervals to near-normal (y ** (1/3.6)).
T_CHART_POWER = 3.6

# g charts: MDC SQL v2.6 displays the geometric median as ln(2) times the mean, rounded.
G_CHART_MEDIAN_FACTOR = 0.693

# Western Electric zone rules (Statistical Quality Control Handbook, 1956; Nelson's tests 5, 6
# and 7, Journal of Quality Technology, 1984): 2 of 3 consecutive points beyond 2 sigma on one
# side, 4 of 5 beyond 1 sigma on one side, 15 in a row within 1 sigma of the centre.
TWO_OF_THREE_NEEDED, TWO_OF_THREE_WINDOW = 2, 3
FOUR_OF_FIVE_NEEDED, FOUR_OF_FIVE_WINDOW = 4, 5
FIFTEEN_WITHIN_1_SIGMA_LENGTH = 15

# IHI run-chart rules (Provost & Murray, The Health Care Data Guide): a shift is 6 or more
# consecutive points on one side of the median, a trend 5 or more points all going up or down.
IHI_SHIFT_LENGTH = 6
IHI_TREND_LENGTH = 5

# Anhøj runs analysis: the crossings limit is the 5% quantile of Binomial(n - 1, 0.5), 0.5
# being the chance that the next useful point falls on the other side of the median.
CROSSINGS_QUANTILE = 0.05
CROSSING_PROBABILITY = 0.5

# Anhøj & Olesen (2014): a run longer than round(log2(n)) + 3 useful points is a signal.
LONGEST_RUN_EXTRA = 3

# Anhøj & Wentzel-Larsen (2020) tabulate the best-box and cut-box bounds for 10 to 100
# useful points (data/runs_box_bounds.csv); outside that range Anhøj's rules apply.
BOX_MIN_N, BOX_MAX_N = 10, 100

# Funnel plots: FunnelPlotR's rounded normal quantiles for 95% and 99.8% two-sided limits
# (not exact ones; we match them).
FUNNEL_Z_95 = 1.959964
FUNNEL_Z_998 = 3.090232

# Funnel plots: FunnelPlotR's default trim_by, the share of z-scores at each end truncated
# (SHMI) or winsorised (the others) before overdispersion is estimated.
FUNNEL_TRIM_BY = 0.1

# Funnel plots, ratio of counts: FunnelPlotR (after Spiegelhalter, 2005) adds 0.5 to observed
# and expected counts before taking logs, so that a zero count has a finite log ratio.
FUNNEL_RC_CONTINUITY = 0.5

# Funnel plots, SHMI: expected deaths are rounded to two decimal places before anything else
# (NHS Digital SHMI methodology, as FunnelPlotR's sr_method = "SHMI" does).
SHMI_EXPECTED_DECIMALS = 2

# Days between dates (t charts from event dates) from seconds: 24 * 60 * 60.
SECONDS_PER_DAY = 86400.0
