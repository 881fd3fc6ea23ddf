"""Benchmark of funnel_table: many groups on a few indicators, and few groups on many.

Run:  .venv/bin/python benchmarks/funnel.py  [--groups 10000] [--indicators 10]

Times DataFrame in -> table and facts out for SR (SHMI, overdispersed, the defaults), against
the same table computed plainly: pandas groupby over the indicators, numpy and scipy within
each (the way a port of FunnelPlotR's one-indicator code would run). The two tables are
compared first. Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd
from scipy.stats import chi2, rankdata

from qijourney.spc.constants import FUNNEL_Z_95, FUNNEL_Z_998
from qijourney.spc.funnel_table import funnel_table, round_as_r


def indicators_table(n_groups: int, n_indicators: int, seed: int = 2026) -> pd.DataFrame:
    """Expected deaths per group and indicator, observed drawn around them with extra spread."""
    rng = np.random.default_rng(seed)
    n = n_groups * n_indicators
    expected = np.round(rng.uniform(5, 800, n), 3)
    observed = rng.poisson(expected * np.exp(rng.normal(0, 0.15, n))).astype(float)
    return pd.DataFrame(
        {
            "indicator": np.repeat([f"indicator {k}" for k in range(n_indicators)], n_groups),
            "trust": np.tile([f"trust {g}" for g in range(n_groups)], n_indicators),
            "observed": observed,
            "expected": expected,
        }
    )


def plainly(frame: pd.DataFrame) -> pd.DataFrame:
    """The SHMI method one indicator at a time, every column of the table: the sums a port of
    FunnelPlotR's one-indicator code would do, run per indicator by pandas."""

    def one(part: pd.DataFrame) -> pd.DataFrame:
        o = part["observed"].to_numpy()
        e = round_as_r(part["expected"].to_numpy(), 2)  # R's rounding, as FunnelPlotR's
        z = np.sqrt(e) * np.log(o / e)
        band = np.floor(rankdata(z) * 10 / (len(z) + 1))
        kept = (band > 0) & (band < 9)
        n = kept.sum()
        phi = np.mean(z[kept] ** 2)
        w = e[kept]
        tau2 = max(0.0, (n * phi - (n - 1)) / (w.sum() - (w**2).sum() / w.sum()))
        columns = {"ratio": o / part["expected"].to_numpy()}
        for name, z_limit, tail in (("95", FUNNEL_Z_95, 0.025), ("998", FUNNEL_Z_998, 0.001)):
            columns[f"lower_{name}"] = chi2.ppf(tail, 2 * e) / 2 / e
            columns[f"upper_{name}"] = chi2.ppf(1 - tail, 2 * (e + 1)) / 2 / e
            spread = np.sqrt(1 / e + tau2)
            columns[f"lower_{name}_adjusted"] = np.exp(-z_limit * spread)
            columns[f"upper_{name}_adjusted"] = np.exp(z_limit * spread)
        chosen = "_adjusted" if phi > 1 else ""
        lower, upper = columns[f"lower_998{chosen}"], columns[f"upper_998{chosen}"]
        columns["outlier"] = (columns["ratio"] < lower) | (columns["ratio"] > upper)
        return pd.DataFrame(columns, index=part.index).assign(phi=phi, tau2=tau2)

    return frame.groupby("indicator", group_keys=False, sort=False)[["observed", "expected"]].apply(
        one
    )


def best_of(repeats: int, work) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def compare(n_groups: int, n_indicators: int, repeats: int) -> None:
    frame = indicators_table(n_groups, n_indicators)
    options = dict(numerator="observed", denominator="expected", group="trust")
    table, facts = funnel_table(frame, indicator="indicator", **options)
    plain = plainly(frame).loc[table.index]
    for column in plain.columns:
        assert np.allclose(plain[column], table[column], rtol=1e-12), column
    ours = best_of(repeats, lambda: funnel_table(frame, indicator="indicator", **options))
    theirs = best_of(repeats, lambda: plainly(frame))
    print(
        f"{n_groups:,} groups x {n_indicators:,} indicators ({len(frame):,} rows; "
        f"{int(facts['adjusted'].sum())} adjusted, {int(facts['n_outliers'].sum()):,} outliers): "
        f"funnel_table best {ours[0] * 1000:.0f} ms (median {ours[1] * 1000:.0f}); "
        f"plain groupby best {theirs[0] * 1000:.0f} ms (median {theirs[1] * 1000:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    compare(args.groups, args.indicators, args.repeats)
    # The other shape: many indicators of a hundred groups (a region's practices, say).
    compare(100, 1_000, args.repeats)


if __name__ == "__main__":
    main()
