"""Every colour the project draws with, in one place: charts, icons, reports, diagrams.

A leaf module (it imports nothing of the project), so even the SPC engine can use it: the
engine's points table carries each point's Making Data Count colour. Each colour is written
as its source writes it (nhsuk-frontend in lower case, the others in capitals); nothing
compares them as text except the engine's colour column, whose values are the MDC ones.
Contrast ratios are against white. The web pages' styles take the same NHS colours by name
from nhsuk-frontend (frontend/styles); tests/test_palette.py checks the two agree.
"""

# NHS identity colours, also in the NHS.UK design system's palette (nhsuk-frontend's name).
NHS_BLUE = "#005eb8"  # NHS Blue, "blue": 6.4:1
NHS_WHITE = "#ffffff"  # White, "white"
NHS_PURPLE = "#330072"  # NHS Purple, "purple"
NHS_PINK = "#ae2573"  # NHS Pink, "pink": 6.3:1, and distinct from blue for colour-blind readers
NHS_MID_GREY = "#768692"  # NHS Mid Grey, "grey-2": 3.8:1, enough for a bar (WCAG non-text 3:1)

# NHS identity colours that nhsuk-frontend does not publish.
NHS_BLACK = "#231F20"  # NHS Black
NHS_DARK_GREY = "#425563"  # NHS Dark Grey: 7.8:1
NHS_PALE_GREY = "#E8EDEE"  # NHS Pale Grey
NHS_LIGHT_BLUE = "#41B6E6"  # NHS Light Blue
EMERGENCY_SERVICES_RED = "#DA291C"  # Emergency Services Red: 4.9:1

# The rest of the NHS.UK design system's palette that the project uses (nhsuk-frontend).
NHSUK_BLACK = "#212b32"  # "black": its text colour, 14.4:1
NHSUK_GREEN = "#007f3b"  # "green"
NHSUK_RED = "#d5281b"  # "red": 5.1:1
NHSUK_YELLOW = "#ffeb3b"  # "yellow": its keyboard focus colour
NHSUK_GREY_1 = "#4c6272"  # "grey-1": its secondary text colour, 6.4:1
NHSUK_GREY_3 = "#aeb7bd"  # "grey-3"
NHSUK_GREY_4 = "#d8dde0"  # "grey-4": its border colour
NHSUK_GREY_5 = "#f0f4f5"  # "grey-5": its page background

# nhsuk-frontend's name for each of the colours above that it publishes (in $nhsuk-colours).
NHSUK_COLOURS = {
    "blue": NHS_BLUE,
    "white": NHS_WHITE,
    "black": NHSUK_BLACK,
    "green": NHSUK_GREEN,
    "purple": NHS_PURPLE,
    "red": NHSUK_RED,
    "yellow": NHSUK_YELLOW,
    "pink": NHS_PINK,
    "grey-1": NHSUK_GREY_1,
    "grey-2": NHS_MID_GREY,
    "grey-3": NHSUK_GREY_3,
    "grey-4": NHSUK_GREY_4,
    "grey-5": NHSUK_GREY_5,
}

# Text and rules, as the NHS.UK design system uses them.
TEXT = NHSUK_BLACK
SECONDARY_TEXT = NHSUK_GREY_1
RULE = NHSUK_GREY_4
FOCUS = NHSUK_YELLOW

# Making Data Count (NHS England) point and icon colours.
COMMON_CAUSE_GREY = "#A6A6A6"  # MDC common cause: 2.4:1
IMPROVEMENT_BLUE = "#00B0F0"  # MDC improvement: 2.5:1
CONCERN_ORANGE = "#E46C0A"  # MDC concern: 3.3:1
NEUTRAL_PURPLE = "#490092"  # MDC special cause, neither improvement nor concern: 12.4:1
ICON_GREY = "#7F7F7F"  # the common cause and hit-or-miss icons' ring: 4.0:1

# The MDC colour of each point type (both neutral types are purple).
MDC_POINT_COLOURS = {
    "common_cause": COMMON_CAUSE_GREY,
    "improvement": IMPROVEMENT_BLUE,
    "concern": CONCERN_ORANGE,
    "neutral_high": NEUTRAL_PURPLE,
    "neutral_low": NEUTRAL_PURPLE,
}

# The lines of an SPC chart.
VALUE_LINE_GREY = "#7B7D7D"  # the line joining the values
PROCESS_LIMIT_GREY = COMMON_CAUSE_GREY  # the dashed process limits
CENTRE_LINE_BLACK = NHS_BLACK  # the centre line (mean or median)
TARGET_RED = EMERGENCY_SERVICES_RED  # the target
TRAJECTORY_PURPLE = NHS_PURPLE  # the trajectory
CHART_GRID_GREY = "#EEEEEE"  # the SPC chart's grid lines

# Funnel plots. They compare groups without saying which side is better, so no red or green
# (as FunnelPlotR): groups within the limits in NHS blue, outliers in NHS pink (distinct from
# blue for colour-blind readers; their shape, a triangle pointing to the side, says it too).
FUNNEL_WITHIN_BLUE = NHS_BLUE
FUNNEL_OUTLIER_PINK = NHS_PINK
FUNNEL_LIMIT_95_GREY = NHS_MID_GREY  # the 95% limits, dashed
FUNNEL_LIMIT_998_GREY = NHS_DARK_GREY  # the 99.8% limits, solid
FUNNEL_CENTRE_BLACK = NHS_BLACK  # the target
FUNNEL_HIGHLIGHT_RING = NHSUK_BLACK  # the ring and label of a group asked to be highlighted
