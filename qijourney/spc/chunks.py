"""Big tables a chunk of whole series at a time, on threads, joined into one Analysis."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from qijourney.spc.engine import Analysis, analyse_points
from qijourney.spc.grouped import starts_of
from qijourney.spc.limits import SigmaLines
from qijourney.spc.options import Settings
from qijourney.spc.points import Points
from qijourney.spc.runs import FIGURES as RUNS_FIGURES
from qijourney.spc.runs import RunsAnalysis

# Points per chunk: small enough for each array of a chunk to sit in the CPU cache, large
# enough that the per-chunk Python overhead is nothing beside the arithmetic.
CHUNK_POINTS = 1 << 18


def analyse_in_chunks(
    points: Points,
    settings: Settings,
    multiplier: float = 1.0,
    workers: int = 1,
    with_runs: bool = False,
    progress: Callable[[int], object] | None = None,
) -> Analysis:
    """Analyse whole series a chunk at a time (each chunk vectorised over its series) and join.

    Chunking bounds the memory of the intermediate arrays and keeps them in cache; with
    ``workers`` > 1 the chunks run on threads, as numpy releases the GIL in its loops.
    ``progress``, if given, is called with the number of points of each chunk as it finishes.
    """
    n = points.y.shape[0]
    done = progress or (lambda _: None)
    if n <= CHUNK_POINTS:
        result = analyse_points(points, settings, multiplier, with_runs)
        done(n)
        return result
    series_start = np.flatnonzero(starts_of(points.series))
    # Cut at the first series start at or after each multiple of the chunk size.
    cuts = np.unique(
        series_start[
            np.minimum(
                np.searchsorted(series_start, np.arange(CHUNK_POINTS, n, CHUNK_POINTS)),
                series_start.size - 1,
            )
        ]
    )
    point_edges = np.concatenate(([0], cuts[cuts > 0], [n]))
    series_edges = np.concatenate((points.series[point_edges[:-1]], [points.n_series]))
    jobs = [
        (
            int(point_edges[k]),
            int(point_edges[k + 1]),
            int(series_edges[k]),
            int(series_edges[k + 1]),
        )
        for k in range(point_edges.size - 1)
    ]

    def run(job):
        return analyse_points(points.chunk(*job), settings, multiplier, with_runs)

    joiner = Joiner(points, settings)
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for job, part in zip(jobs, pool.map(run, jobs), strict=True):
                joiner.add(part, job)
                done(job[1] - job[0])
    else:
        for job in jobs:
            joiner.add(run(job), job)
            done(job[1] - job[0])
    return joiner.result()


POINT_FIELDS = ("y", "centre", "moving_range", "kind", "side")
SERIES_FIELDS = ("short_series", "no_limits", "variation", "assurance", "series_target")
RUNS_FIELDS = (*RUNS_FIGURES, "signal")


class Joiner:
    """Copies each chunk's analysis into whole-table arrays as soon as it is done, so the chunks
    never all sit in memory at once."""

    def __init__(self, points: Points, settings: Settings):
        self.points = points
        self.settings = settings
        n = points.y.shape[0]
        self.n = n
        self.n_segments = int(np.count_nonzero(starts_of(points.series) | points.recalculate))
        self.arrays: dict[str, np.ndarray] = {}
        self.flags: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.fifteen: np.ndarray | None = None
        self.runs: dict[str, np.ndarray] | None = None
        self.segments_done = 0

    def _put(self, name, values, where, size):
        if name not in self.arrays:
            self.arrays[name] = (
                np.zeros(size, dtype=values.dtype)
                if values.dtype == bool
                else np.empty(size, dtype=values.dtype)
            )
        self.arrays[name][where] = values

    def add(self, part: Analysis, job) -> None:
        first_point, end_point, first_series, end_series = job
        at_points = slice(first_point, end_point)
        at_series = slice(first_series, end_series)
        seg_count = part.runs_segments.shape[0]
        at_segments = slice(self.segments_done, self.segments_done + seg_count)
        for name in POINT_FIELDS:
            self._put(name, getattr(part, name), at_points, self.n)
        for name in SigmaLines._fields:  # one, two, three
            self._put(f"lower_{name}", getattr(part.lower, name), at_points, self.n)
            self._put(f"upper_{name}", getattr(part.upper, name), at_points, self.n)
        self._put("segment", part.segment + self.segments_done, at_points, self.n)
        for name in SERIES_FIELDS:
            self._put(name, getattr(part, name), at_series, self.points.n_series)
        last = np.where(part.last_point >= 0, part.last_point + first_point, -1)
        self._put("last_point", last, at_series, self.points.n_series)
        self._put(
            "segment_series", part.segment_series + first_series, at_segments, self.n_segments
        )
        self._put("runs_segments", part.runs_segments, at_segments, self.n_segments)
        for name, (high, low) in part.flags.items():
            if name not in self.flags:
                self.flags[name] = (np.zeros(self.n, bool), np.zeros(self.n, bool))
            self.flags[name][0][at_points] = high
            self.flags[name][1][at_points] = low
        if part.fifteen_within is not None:
            if self.fifteen is None:
                self.fifteen = np.zeros(self.n, dtype=bool)
            self.fifteen[at_points] = part.fifteen_within
        if part.runs is not None:
            if self.runs is None:
                self.runs = {
                    name: np.zeros(self.n_segments, dtype=bool if name == "signal" else float)
                    for name in RUNS_FIELDS
                }
            for name in RUNS_FIELDS:
                self.runs[name][at_segments] = getattr(part.runs, name)
        self.segments_done += seg_count

    def result(self) -> Analysis:
        a = self.arrays
        return Analysis(
            points=self.points,
            settings=self.settings,
            segment=a["segment"],
            segment_series=a["segment_series"],
            y=a["y"],
            centre=a["centre"],
            lower=SigmaLines._make(a[f"lower_{name}"] for name in SigmaLines._fields),
            upper=SigmaLines._make(a[f"upper_{name}"] for name in SigmaLines._fields),
            moving_range=a["moving_range"],
            flags=self.flags,
            fifteen_within=self.fifteen,
            kind=a["kind"],
            side=a["side"],
            short_series=a["short_series"],
            no_limits=a["no_limits"],
            runs=None if self.runs is None else RunsAnalysis(**self.runs),
            runs_segments=a["runs_segments"],
            last_point=a["last_point"],
            variation=a["variation"],
            assurance=a["assurance"],
            series_target=a["series_target"],
        )
