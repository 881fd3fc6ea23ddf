"""Stage 4: one class per point from the rule flags; conflicts settled in exactly one place."""

from __future__ import annotations

import numpy as np

from qijourney.palette import COMMON_CAUSE_GREY, CONCERN_ORANGE, IMPROVEMENT_BLUE, NEUTRAL_PURPLE
from qijourney.spc.codes import DECREASE, INCREASE

# Integer point classes inside the engine; labels only at the edge.
COMMON_CAUSE, IMPROVEMENT, CONCERN, NEUTRAL_HIGH, NEUTRAL_LOW = range(5)
POINT_TYPES = ("common_cause", "improvement", "concern", "neutral_high", "neutral_low")

# The MDC colour of each colour class, from qijourney.palette: grey, blue, orange, purple.
COLOURS = (COMMON_CAUSE_GREY, IMPROVEMENT_BLUE, CONCERN_ORANGE, NEUTRAL_PURPLE)
COLOUR_OF_CLASS = np.array([0, 1, 2, 3, 3], dtype=np.int8)  # both neutral classes are purple

# Which rule decides when a point has both a high and a low signal.
RULE_ORDER = {
    # MDC SQL v2.6 ranks trend > shift > two-of-three > astronomical.
    "rank": ("trend", "shift", "two_of_three", "astronomical", "four_of_five"),
    # NHSRplotthedots labels by astronomical > trend > two-of-three > shift.
    "precedence": ("astronomical", "trend", "two_of_three", "shift", "four_of_five"),
    # PowerBI-SPC colours a dot by astronomical > two-in-three > trend > shift.
    "powerbi": ("astronomical", "two_of_three", "trend", "shift", "four_of_five"),
}


def classify(flags: dict[str, tuple[np.ndarray, np.ndarray]], direction, conflict: str):
    """Point class and side (+1 high, -1 low, 0 none) from each rule's high and low masks.

    ``direction`` is the improvement direction code per point.
    """
    any_high = np.zeros_like(direction, dtype=bool)
    any_low = np.zeros_like(any_high)
    for high, low in flags.values():
        any_high |= high
        any_low |= low
    improvement_side = np.where(direction == INCREASE, 1, np.where(direction == DECREASE, -1, 0))
    side = np.where(any_high, 1, 0) - np.where(any_low, 1, 0)
    both = any_high & any_low
    if both.any():
        side = np.where(both, settle_conflicts(flags, both, improvement_side, conflict), side)
    side = side.astype(np.int8)
    kind = np.full(direction.shape, COMMON_CAUSE, dtype=np.int8)
    neutral = improvement_side == 0
    kind[(side != 0) & ~neutral & (side == improvement_side)] = IMPROVEMENT
    kind[(side != 0) & ~neutral & (side != improvement_side)] = CONCERN
    kind[(side > 0) & neutral] = NEUTRAL_HIGH
    kind[(side < 0) & neutral] = NEUTRAL_LOW
    return kind, side


def settle_conflicts(flags, both, improvement_side, conflict: str) -> np.ndarray:
    """Side for points flagged both high and low."""
    if conflict == "improvement":
        # MDC Excel v5 shows improvement; with no direction the ranked rules decide.
        chosen = improvement_side.copy()
        undecided = both & (chosen == 0)
        if not undecided.any():
            return chosen
        return np.where(undecided, settle_conflicts(flags, undecided, chosen, "rank"), chosen)
    chosen = np.zeros(both.shape, dtype=np.int8)
    undecided = both.copy()
    for rule in RULE_ORDER[conflict]:
        if rule not in flags:
            continue
        high, low = flags[rule]
        decides = undecided & (high | low)
        one_side = np.where(high & ~low, 1, np.where(low & ~high, -1, improvement_side))
        chosen[decides] = one_side[decides]
        undecided &= ~decides
    return chosen
