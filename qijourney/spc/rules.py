"""Stage 3: special-cause rules, one function per rule, each a high and a low mask.

Every rule works on the sequence of points that take part in rules (plotted, not missing, not
excluded), in series/x order. ``breaks`` marks where a new sequence starts: a new series, and also
a new segment when the rule does not run across recalculations.
"""

from __future__ import annotations

import numpy as np

from qijourney.spc.constants import (
    FIFTEEN_WITHIN_1_SIGMA_LENGTH,
    FOUR_OF_FIVE_NEEDED,
    FOUR_OF_FIVE_WINDOW,
    TWO_OF_THREE_NEEDED,
    TWO_OF_THREE_WINDOW,
)
from qijourney.spc.grouped import run_lengths


def side_of_centre(y: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """+1 above the centre line, -1 below, 0 exactly on it (which breaks a shift)."""
    # Comparisons with NaN are False, so a missing value or line gives 0.
    return (y > centre).astype(np.int8) - (y < centre).astype(np.int8)


def astronomical(y, lower3, upper3):
    """A point strictly beyond a 3-sigma limit."""
    with np.errstate(invalid="ignore"):
        return y > upper3, y < lower3


def shift(side: np.ndarray, breaks: np.ndarray, length: int):
    """Runs of at least ``length`` consecutive points on one side; every point of the run flagged.

    >>> side = np.array([1, 1, 1, 0, -1, -1, -1], dtype=np.int8)
    >>> high, low = shift(side, np.array([1, 0, 0, 0, 0, 0, 0], bool), 3)
    >>> high.astype(int).tolist(), low.astype(int).tolist()
    ([1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1])
    """
    starts = breaks.copy()
    starts[1:] |= side[1:] != side[:-1]
    run_id, lengths = run_lengths(starts)
    long_run = lengths[run_id] >= length
    return long_run & (side > 0), long_run & (side < 0)


def trend(y: np.ndarray, breaks: np.ndarray, length: int, skip_repeats: bool = False):
    """At least ``length`` points each strictly above (below) the one before, end points included.

    A repeated value ends a trend, unless ``skip_repeats`` (PowerBI-SPC), when repeats are
    passed over: they neither count nor break, and are flagged when inside a flagged trend.

    >>> y = np.array([1., 2, 3, 4, 4, 5])
    >>> trend(y, np.eye(1, 6, dtype=bool)[0], 4)[0].astype(int).tolist()
    [1, 1, 1, 1, 0, 0]
    >>> trend(y, np.eye(1, 6, dtype=bool)[0], 5, skip_repeats=True)[0].astype(int).tolist()
    [1, 1, 1, 1, 1, 1]
    """
    n = y.shape[0]
    if skip_repeats and n > 1:
        repeat = np.zeros(n, dtype=bool)
        repeat[1:] = (y[1:] == y[:-1]) & ~breaks[1:]
        kept = np.flatnonzero(~repeat)
        # A sequence break on a dropped repeat moves to the next kept point.
        kept_breaks = np.maximum.reduceat(breaks, kept) if kept.size else breaks[kept]
        kept_breaks = np.asarray(kept_breaks, dtype=bool)
        high_k, low_k = trend(y[kept], kept_breaks, length)
        owner = np.cumsum(~repeat) - 1  # kept point each repeat follows
        return high_k[owner], low_k[owner]

    step = np.zeros(n, dtype=np.int8)  # step[i]: direction from point i-1 to point i
    if n > 1:
        step[1:] = np.sign(y[1:] - y[:-1])
    step[breaks] = 0
    starts = breaks.copy()
    starts[1:] |= step[1:] != step[:-1]
    run_id, lengths = run_lengths(starts)
    # A run of k equal steps spans k + 1 points: the run's own points and the one before it.
    in_trend = (lengths[run_id] + 1 >= length) & (step != 0)
    high = in_trend & (step > 0)
    low = in_trend & (step < 0)
    high[:-1] |= high[1:]
    low[:-1] |= low[1:]
    return high, low


def _cover(n: int, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """True on every position from ``first[k]`` to ``last[k]`` (inclusive) of some range."""
    edges = np.zeros(n + 1, dtype=np.int64)
    np.add.at(edges, first, 1)
    np.add.at(edges, last + 1, -1)
    return np.cumsum(edges[:n]) > 0


def _tie_skipping_runs(signs: np.ndarray, breaks: np.ndarray):
    """Runs of one nonzero sign in which zeros neither count nor break (a break does): for
    each run its sign, its count of nonzero entries, and its first and last positions."""
    counted = np.flatnonzero(signs != 0)
    empty = np.zeros(0, dtype=np.int64)
    if counted.size == 0:
        return empty, empty, empty, empty
    sequence = np.cumsum(breaks)[counted]
    kept = signs[counted]
    starts = np.ones(counted.size, dtype=bool)
    starts[1:] = (kept[1:] != kept[:-1]) | (sequence[1:] != sequence[:-1])
    _, counts = run_lengths(starts)
    first = counted[starts]
    last = counted[np.append(np.flatnonzero(starts)[1:] - 1, counted.size - 1)]
    return kept[starts], counts, first, last


def shift_skipping_ties(side: np.ndarray, breaks: np.ndarray, length: int):
    """PowerBI-SPC's shift: ``length`` points on one side, where points on the centre neither
    count nor break the run, and are flagged when they lie inside a flagged one.

    >>> side = np.array([-1, -1, 0, 0, -1, 1], dtype=np.int8)
    >>> low = shift_skipping_ties(side, np.eye(1, 6, dtype=bool)[0], 3)[1]
    >>> low.astype(int).tolist()
    [1, 1, 1, 1, 1, 0]
    """
    n = side.shape[0]
    sign, counts, first, last = _tie_skipping_runs(side, breaks)
    long = counts >= length
    high = _cover(n, first[long & (sign > 0)], last[long & (sign > 0)])
    low = _cover(n, first[long & (sign < 0)], last[long & (sign < 0)])
    return high, low


def trend_skipping_ties(y: np.ndarray, breaks: np.ndarray, length: int):
    """PowerBI-SPC's trend: ``length`` points each above (below) the one before, where a repeated
    value neither counts nor breaks the run; a turning point stays with the trend that
    reached it first.

    >>> y = np.array([1., 2, 2, 3, 4, 3, 2, 1, 0])
    >>> high, low = trend_skipping_ties(y, np.eye(1, 9, dtype=bool)[0], 4)
    >>> high.astype(int).tolist(), low.astype(int).tolist()
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 1, 1, 1])
    """
    n = y.shape[0]
    step = np.zeros(n, dtype=np.int8)  # step[i]: from point i-1 to point i; none at a break
    if n > 1:
        step[1:] = np.sign(y[1:] - y[:-1])
    step[breaks] = 0
    # A break resets the run even where the steps after it are ties: mark it on the steps.
    sign, counts, first, last = _tie_skipping_runs(step, breaks)
    flagged = counts + 1 >= length  # k steps span k + 1 points, from the one before the first
    start = first - 1
    # The point a flagged trend ended on stays that trend's when the next one starts there.
    taken = np.zeros(sign.size, dtype=bool)
    taken[1:] = flagged[:-1] & (last[:-1] == start[1:])
    start = start + taken
    keep = flagged & (start <= last)
    high = _cover(n, start[keep & (sign > 0)], last[keep & (sign > 0)])
    low = _cover(n, start[keep & (sign < 0)], last[keep & (sign < 0)])
    return high, low


def windowed(breaks: np.ndarray, width: int) -> np.ndarray:
    """True at i when points i .. i+width-1 lie in one sequence."""
    n = breaks.shape[0]
    ok = np.zeros(n, dtype=bool)
    if n >= width:
        sequence = np.cumsum(breaks)
        ok[: n - width + 1] = sequence[width - 1 :] == sequence[: n - width + 1]
    return ok


def some_of_window(
    side, beyond_high, beyond_low, breaks, needed: int, width: int, same_side: bool = True
):
    """``needed`` of ``width`` consecutive points beyond a line, all on one side of the centre
    (``same_side=False``: wherever the others lie, as PowerBI-SPC counts them).

    Only the points beyond the line are flagged.
    """
    n = side.shape[0]
    ok = windowed(breaks, width)  # window starting at i is inside one sequence
    flagged = []
    for sign, beyond in ((1, beyond_high), (-1, beyond_low)):
        qualifies = ok.copy()
        count = np.zeros(n, dtype=np.int8)
        for offset in range(width):  # a loop over window positions, not points
            if same_side:
                shifted_side = np.zeros(n, dtype=np.int8)
                shifted_side[: n - offset] = side[offset:]
                qualifies &= shifted_side == sign
            count[: n - offset] += beyond[offset:]
        qualifies &= count >= needed
        covered = np.zeros(n, dtype=bool)
        for offset in range(width):
            covered[offset:] |= qualifies[: n - offset]
        flagged.append(covered & beyond)
    return flagged[0], flagged[1]


def two_of_three(
    y, side, lower2, upper2, lower3, upper3, breaks, counts_beyond_3: bool, same_side=True
):
    """Two or three of three consecutive points beyond 2 sigma on the same side.

    MDC Excel v5 and NHSRplotthedots count only points between the 2 and 3 sigma lines;
    MDC SQL v2.6 and PowerBI-SPC also count points beyond 3 sigma. PowerBI-SPC asks only
    that two be beyond 2 sigma on one side (``same_side=False``), not all three on it.
    """
    with np.errstate(invalid="ignore"):
        beyond_high = y > upper2
        beyond_low = y < lower2
        if not counts_beyond_3:
            beyond_high &= ~(y > upper3)
            beyond_low &= ~(y < lower3)
    return some_of_window(
        side, beyond_high, beyond_low, breaks, TWO_OF_THREE_NEEDED, TWO_OF_THREE_WINDOW, same_side
    )


def four_of_five(y, side, lower1, upper1, breaks):
    """Western Electric: four of five consecutive points beyond 1 sigma on the same side."""
    with np.errstate(invalid="ignore"):
        beyond_high, beyond_low = y > upper1, y < lower1
    return some_of_window(
        side, beyond_high, beyond_low, breaks, FOUR_OF_FIVE_NEEDED, FOUR_OF_FIVE_WINDOW
    )


def fifteen_within_1_sigma(y, lower1, upper1, breaks, length: int = FIFTEEN_WITHIN_1_SIGMA_LENGTH):
    """Western Electric: fifteen consecutive points inside 1 sigma (stratification).

    Not high or low: it is reported as a flag of its own.
    """
    with np.errstate(invalid="ignore"):
        inside = (y < upper1) & (y > lower1)
    starts = breaks.copy()
    starts[1:] |= inside[1:] != inside[:-1]
    run_id, lengths = run_lengths(starts)
    return inside & (lengths[run_id] >= length)
