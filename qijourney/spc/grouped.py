"""Vectorised reductions over contiguous groups (series or segments) of a sorted point array.

Points are sorted by series then x, so every group is one contiguous block and group ids never
decrease along the array. Every helper here is array arithmetic: no Python loop per point or group.
"""

from __future__ import annotations

import numpy as np


def group_sum(values: np.ndarray, groups: np.ndarray, mask: np.ndarray, n_groups: int):
    """Sum of ``values`` over the masked points of each group (unmasked values are never read,
    so they may be NaN)."""
    return np.bincount(groups[mask], weights=values[mask], minlength=n_groups)


def group_count(groups: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    return np.bincount(groups[mask], minlength=n_groups)


def group_mean(values: np.ndarray, groups: np.ndarray, mask: np.ndarray, n_groups: int):
    """Mean of the masked points of each group; NaN for a group with none."""
    total = group_sum(values, groups, mask, n_groups)
    count = group_count(groups, mask, n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def group_median(values: np.ndarray, groups: np.ndarray, mask: np.ndarray, n_groups: int):
    """Median of the masked points of each group (mean of the middle two for even counts)."""
    picked = np.flatnonzero(mask)
    order = np.lexsort((values[picked], groups[picked]))
    sorted_values = values[picked][order]
    sorted_groups = groups[picked][order]
    count = np.bincount(sorted_groups, minlength=n_groups)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    median = np.full(n_groups, np.nan)
    has = count > 0
    low = start[has] + (count[has] - 1) // 2
    high = start[has] + count[has] // 2
    median[has] = (sorted_values[low] + sorted_values[high]) / 2
    return median


def previous_index(keep: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """For every kept point, the index of the previous kept point of its group; else -1."""
    kept = np.flatnonzero(keep)
    previous = np.full(keep.shape[0], -1, dtype=np.int64)
    if kept.size > 1:
        before = kept[:-1]
        same = groups[kept[1:]] == groups[before]
        previous[kept[1:]] = np.where(same, before, -1)
    return previous


def starts_of(groups: np.ndarray) -> np.ndarray:
    """True where a new group starts in a sorted group-id array."""
    starts = np.ones(groups.shape[0], dtype=bool)
    if groups.size > 1:
        starts[1:] = groups[1:] != groups[:-1]
    return starts


def last_index(groups: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    """Index of the last masked point of each group, or -1 where a group has none."""
    last = np.full(n_groups, -1, dtype=np.int64)
    picked = np.flatnonzero(mask)
    # Later indices overwrite earlier ones for the same group: assignment keeps the last.
    last[groups[picked]] = picked
    return last


def run_lengths(run_starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ids and lengths of runs, given where each run starts.

    Returns ``(run_id per element, length per run)``.
    """
    run_id = np.cumsum(run_starts) - 1
    lengths = np.bincount(run_id) if run_id.size else np.zeros(0, dtype=np.int64)
    return run_id, lengths


def position_in_group(groups: np.ndarray) -> np.ndarray:
    """0-based position of each element within its contiguous group."""
    n = groups.shape[0]
    starts = np.flatnonzero(starts_of(groups)) if n else np.zeros(0, dtype=np.int64)
    first = np.zeros(n, dtype=np.int64)
    first[starts] = starts
    return np.arange(n) - np.maximum.accumulate(first) if n else first
