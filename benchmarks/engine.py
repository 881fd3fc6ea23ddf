"""Benchmark of the SPC engine: many series at once, one chart, and peak memory.

Run:  .venv/bin/python benchmarks/engine.py  [--series 100000] [--points 36]

Prints the time for DataFrame in -> points and summary out, for XmR with every MDC rule and
both icons (each series has a direction and a target), for one 36-point chart, and the peak
resident memory of the process. Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from qijourney.spc import analyse


def long_table(n_series: int, n_points: int, seed: int = 2024) -> pd.DataFrame:
    """Monthly series with real signals: some shift, some trend, some have an outlier."""
    rng = np.random.default_rng(seed)
    months = pd.date_range("2023-04-01", periods=n_points, freq="MS").to_numpy()
    level = rng.uniform(20, 80, n_series)[:, None]
    values = level + rng.normal(0, 5, (n_series, n_points))
    shifted = rng.random(n_series) < 0.2
    values[shifted, n_points // 2 :] += 12
    trending = rng.random(n_series) < 0.1
    values[trending, -8:] += np.arange(8) * 3
    values[rng.random(n_series) < 0.05, -1] += 40
    directions = np.array(["increase", "decrease"])[rng.integers(0, 2, n_series)]
    return pd.DataFrame(
        {
            "metric": np.repeat(np.arange(n_series), n_points),
            "month": np.tile(months, n_series),
            "value": values.ravel(),
            "direction": pd.Categorical(np.repeat(directions, n_points)),
            "target": np.repeat(level[:, 0] + rng.normal(0, 8, n_series), n_points),
        }
    )


OPTIONS = dict(
    value="value",
    date="month",
    series="metric",
    improvement_column="direction",
    target_column="target",
    preset="mdc",
)


def peak_memory_mb() -> int:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries a forking
    parent's peak into ru_maxrss across exec, which would count the parent's memory."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # not Linux


def best_of(repeats: int, work) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=36)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--memory-only",
        action="store_true",
        help="build the table, analyse it once; print seconds and peak MB",
    )
    args = parser.parse_args()
    if args.memory_only:
        table = long_table(args.series, args.points)
        start = time.perf_counter()
        analyse(table, **OPTIONS)
        print(time.perf_counter() - start, peak_memory_mb())
        return

    table = long_table(args.series, args.points)
    n_rows = len(table)
    result = analyse(table, **OPTIONS)  # warm-up, and a check the result is complete
    assert len(result.points) == n_rows and len(result.summary) == args.series
    best, median = best_of(args.repeats, lambda: analyse(table, **OPTIONS))
    print(
        f"{args.series:,} series x {args.points} points ({n_rows:,} points), XmR, all MDC rules,"
        f" both icons: best {best:.3f} s, median {median:.3f} s "
        f"({n_rows / best / 1e6:.1f} M points/s)"
    )

    shuffled = table.sample(frac=1.0, random_state=1).reset_index(drop=True)
    best, median = best_of(max(1, args.repeats // 2), lambda: analyse(shuffled, **OPTIONS))
    print(f"  same rows in random order: best {best:.3f} s, median {median:.3f} s")

    one = long_table(1, 36).drop(columns="metric")
    single = dict(OPTIONS, series=())
    analyse(one, **single)
    repeats = 2000
    start = time.perf_counter()
    for _ in range(repeats):
        analyse(one, **single)
    per_chart = (time.perf_counter() - start) / repeats
    print(f"one 36-point chart: {per_chart * 1000:.2f} ms (mean of {repeats:,})")

    # Peak memory of one analysis in a fresh process: table built, analysed once, result held.
    command = [
        sys.executable,
        __file__,
        "--memory-only",
        "--series",
        str(args.series),
        "--points",
        str(args.points),
    ]
    cold, peak = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    print(f"first call in a fresh process (memory not yet mapped): {float(cold):.3f} s")
    print(f"peak resident memory (fresh process, input table + one analysis): {int(peak):,} MB")
    counts = result.summary["variation_icon"].value_counts()
    print("variation icons:", ", ".join(f"{k} {v:,}" for k, v in counts.items() if v))


if __name__ == "__main__":
    main()
