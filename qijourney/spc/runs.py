"""Anhøj runs analysis (qicharts2): unusually long runs or unusually few crossings, per segment."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np

from qijourney.spc.constants import (
    BOX_MAX_N,
    BOX_MIN_N,
    CROSSING_PROBABILITY,
    CROSSINGS_QUANTILE,
    LONGEST_RUN_EXTRA,
)
from qijourney.spc.grouped import group_count, run_lengths, starts_of

# The per-segment figures of a runs analysis, as named in the output tables.
FIGURES = ("n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min")


@dataclass
class RunsAnalysis:
    """Per-segment figures of the runs analysis."""

    n_useful: np.ndarray
    longest_run: np.ndarray
    longest_run_max: np.ndarray
    n_crossings: np.ndarray
    n_crossings_min: np.ndarray
    signal: np.ndarray


def longest_run_limit(n_useful: np.ndarray) -> np.ndarray:
    """round(log2(n)) + 3: a run longer than this is a signal (Anhøj & Olesen 2014).

    >>> longest_run_limit(np.array([10, 24, 100])).tolist()
    [6.0, 8.0, 10.0]
    """
    with np.errstate(divide="ignore"):
        # numpy rounds half to even, as R does.
        return np.where(
            n_useful > 0, np.round(np.log2(np.maximum(n_useful, 1))) + LONGEST_RUN_EXTRA, np.nan
        )


@lru_cache(maxsize=64)
def _crossings_table(size: int) -> np.ndarray:
    trials = np.arange(size)
    from scipy.stats import binom  # scipy takes most of a second to import: only runs need it

    return binom.ppf(CROSSINGS_QUANTILE, np.maximum(trials - 1, 0), CROSSING_PROBABILITY)


def crossings_limit(n_useful: np.ndarray) -> np.ndarray:
    """Smallest k with P(X <= k) >= 0.05, X ~ Binomial(n - 1, 0.5): fewer crossings is a signal.

    >>> crossings_limit(np.array([10, 24, 100])).tolist()
    [2.0, 8.0, 41.0]
    """
    n = np.asarray(n_useful, dtype=np.int64)
    if n.size == 0:
        return np.zeros(0)
    # Tabulated once per size (powers of two) so many series share one scipy call.
    size = 1 << int(max(int(n.max()) + 1, 64) - 1).bit_length()
    limit = _crossings_table(size)[n]
    return np.where(n > 0, limit, np.nan)


@lru_cache(maxsize=1)
def box_bounds() -> np.ndarray:
    """Anhøj & Wentzel-Larsen (2020) best-box and cut-box bounds for 10 to 100 useful points.

    Rows indexed by n: (cb, lb, cbord, lbord), NaN where the corner cannot be cut.
    """
    table = np.full((BOX_MAX_N + 1, 4), np.nan)
    text = files("qijourney.spc.data").joinpath("runs_box_bounds.csv").read_text()
    for row in csv.DictReader(text.splitlines()):
        table[int(row["n"])] = [
            float(row[k]) if row[k] else np.nan for k in ("cb", "lb", "cbord", "lbord")
        ]
    return table


def box_signal(method, n_useful, longest, crossings, anhoej_signal) -> np.ndarray:
    """Signals by the best-box or cut-box rules; outside 10..100 points, Anhøj's rules."""
    in_table = (n_useful >= BOX_MIN_N) & (n_useful <= BOX_MAX_N)
    cb, lb, cbord, lbord = box_bounds()[np.clip(n_useful, 0, BOX_MAX_N)].T
    inside_box = (crossings >= cb) & (longest <= lb)
    if method == "cutbox":
        cut = (
            ((crossings >= cb + 1) & (longest <= lb - 1))
            | ((crossings == cb) & (longest <= lbord))
            | ((crossings >= cbord) & (longest <= lb))
        )
        inside_box = np.where(np.isnan(cbord), inside_box, cut)
    return np.where(in_table, ~inside_box, anhoej_signal)


def anhoej(side, segment, useful, n_segments, method: str = "anhoej") -> RunsAnalysis:
    """Runs analysis of each segment on the useful points (not on the centre line, not excluded).

    ``side`` is +1/-1 relative to the centre line for each point.
    """
    idx = np.flatnonzero(useful)
    seg = segment[idx]
    s = side[idx]
    new_segment = np.ones(idx.size, dtype=bool)
    new_segment[1:] = seg[1:] != seg[:-1]
    changed = np.zeros(idx.size, dtype=bool)
    changed[1:] = s[1:] != s[:-1]
    crossings = np.bincount(seg[changed & ~new_segment], minlength=n_segments)
    _, lengths = run_lengths(new_segment | changed)
    run_segment = seg[new_segment | changed]
    longest = np.zeros(n_segments, dtype=np.int64)
    if lengths.size:
        # Runs are in segment order: the longest of each segment's block of runs.
        first_run = np.flatnonzero(starts_of(run_segment))
        longest[run_segment[first_run]] = np.maximum.reduceat(lengths, first_run)
    n_useful = group_count(segment, useful, n_segments)
    longest_max = longest_run_limit(n_useful)
    crossings_min = crossings_limit(n_useful)
    signal = (n_useful > 0) & ((longest > longest_max) | (crossings < crossings_min))
    if method != "anhoej":
        signal = (n_useful > 0) & box_signal(method, n_useful, longest, crossings, signal)
    return RunsAnalysis(
        n_useful=n_useful,
        longest_run=longest,
        longest_run_max=longest_max,
        n_crossings=crossings,
        n_crossings_min=crossings_min,
        signal=signal,
    )
