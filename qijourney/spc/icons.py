"""Stage 5: the variation and assurance icons of each series."""

from __future__ import annotations

import numpy as np

from qijourney.spc.classify import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL_HIGH, NEUTRAL_LOW
from qijourney.spc.codes import DECREASE, INCREASE

VARIATION_ICONS = (
    "",
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
ASSURANCE_ICONS = ("", "pass", "fail", "hit_or_miss")
NO_ASSURANCE, PASS, FAIL, HIT_OR_MISS = range(4)

ICON_TEXT = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause variation: improvement (higher values)",
    "improvement_low": "Special cause variation: improvement (lower values)",
    "concern_high": "Special cause variation: concern (higher values)",
    "concern_low": "Special cause variation: concern (lower values)",
    "neutral_high": "Special cause variation: neither improvement nor concern (higher values)",
    "neutral_low": "Special cause variation: neither improvement nor concern (lower values)",
    "pass": "The system is expected to consistently meet the target",
    "fail": "The system is expected to consistently fail the target",
    "hit_or_miss": "Hit or miss: the target lies within the process limits",
}


def variation_icon(kind: np.ndarray, side: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Icon code of each series from the class of its last plotted point (``last`` index, -1 none).

    Codes index :data:`VARIATION_ICONS`; 0 means no icon.
    """
    icon = np.zeros(last.shape[0], dtype=np.int8)
    has = last >= 0
    k = kind[last[has]]
    high = side[last[has]] > 0
    code = np.select(
        [
            k == COMMON_CAUSE,
            (k == IMPROVEMENT) & high,
            k == IMPROVEMENT,
            (k == CONCERN) & high,
            k == CONCERN,
            k == NEUTRAL_HIGH,
            k == NEUTRAL_LOW,
        ],
        [1, 2, 3, 4, 5, 6, 7],
        0,
    )
    icon[has] = code
    return icon


def assurance_icon(
    direction, target, lower, upper, inclusive: bool, without_limits: bool = False
) -> np.ndarray:
    """Will the process reliably meet its target? Per series, from the latest limits.

    Limits that are not numbers give no icon, or hit or miss when ``without_limits`` (as
    NHSRplotthedots, whose comparisons with NaN are false and fall through to inconsistent).

    >>> assurance_icon(np.array([0, 0, 0]), np.array([4., 4, 4]), np.array([1., 5, 1]),
    ...                np.array([3., 7, 5]), inclusive=False).tolist()
    [2, 1, 3]
    >>> nan = np.array([np.nan])
    >>> [assurance_icon(np.array([0]), np.array([4.]), nan, nan, False, w).tolist()
    ...  for w in (False, True)]
    [[0], [3]]
    """
    icon = np.full(direction.shape[0], NO_ASSURANCE, dtype=np.int8)
    known = np.isfinite(target)
    if not without_limits:
        known &= np.isfinite(lower) & np.isfinite(upper)
    with np.errstate(invalid="ignore"):
        at_or_below_lower = target <= lower if inclusive else target < lower
        at_or_above_upper = target >= upper if inclusive else target > upper
    increase = known & (direction == INCREASE)
    decrease = known & (direction == DECREASE)
    icon[increase | decrease] = HIT_OR_MISS
    icon[increase & at_or_below_lower] = PASS
    icon[increase & at_or_above_upper] = FAIL
    icon[decrease & at_or_above_upper] = PASS
    icon[decrease & at_or_below_lower] = FAIL
    return icon
