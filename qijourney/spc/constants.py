"""Named constants of the SPC engine, each with its published source."""

# d2 for subgroups of two: the expected range of two normal observations in sigma units
# (Montgomery, Introduction to Statistical Quality Control, Appendix VI).
D2_TWO = 1.128

# Making Data Count's natural process limit factor, 3/d2 rounded as NHS England publishes it.
NATURAL_PROCESS_LIMIT = 2.66

# D4 for subgroups of two: upper limit of the moving-range chart as a multiple of the mean MR
# (Montgomery Appendix VI); also the screening threshold for outlying moving ranges.
MR_UPPER_FACTOR = 3.267

# Shewhart limits sit three sigma from the centre line.
SIGMA_MULTIPLE = 3.0

# t charts: Nelson's transformation of exponential intervals to near-normal (y ** (1/3.6)).
T_CHART_POWER = 3.6

# g charts: MDC SQL v2.6 displays the geometric median as ln(2) times the mean, rounded.
G_CHART_MEDIAN_FACTOR = 0.693

# Anhøj runs analysis: the crossings limit is the 5% quantile of Binomial(n - 1, 0.5).
CROSSINGS_QUANTILE = 0.05
