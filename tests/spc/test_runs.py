"""Runs analysis: Anhøj's limits and the best-box / cut-box bounds qicharts2 publishes."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qijourney.spc import analyse
from qijourney.spc.runs import box_signal, crossings_limit, longest_run_limit

BOUNDS = pd.read_csv(
    Path(__file__).parents[1] / "golden" / "qicharts2" / "crsignal_bestbox_cutbox_bounds.csv"
)


def signal(method, n, longest, crossings):
    n = np.array([n])
    return bool(
        box_signal(method, n, np.array([longest]), np.array([crossings]), np.array([False]))[0]
    )


@pytest.mark.parametrize("row", BOUNDS.to_dict(orient="records"), ids=lambda r: f"n={r['n']}")
def test_best_box_is_the_no_signal_region(row):
    n, cb, lb = row["n"], row["cb"], row["lb"]
    assert not signal("bestbox", n, lb, cb)
    assert signal("bestbox", n, lb, cb - 1)
    assert signal("bestbox", n, lb + 1, cb)


@pytest.mark.parametrize(
    "row", BOUNDS.dropna().to_dict(orient="records"), ids=lambda r: f"n={r['n']}"
)
def test_cut_box_removes_the_corner(row):
    n, cb, lb = row["n"], row["cb"], row["lb"]
    assert signal("cutbox", n, lb, cb)  # the corner is cut away
    assert not signal("cutbox", n, row["lbord"], cb)
    assert not signal("cutbox", n, lb, row["cbord"])
    assert not signal("cutbox", n, lb - 1, cb + 1)


def test_outside_the_table_anhoej_decides():
    assert box_signal(
        "bestbox", np.array([5, 150]), np.array([1, 1]), np.array([0, 0]), np.array([True, False])
    ).tolist() == [True, False]


def test_anhoej_limits_match_their_definitions():
    n = np.arange(10, 101)
    from scipy.stats import binom

    assert (longest_run_limit(n) == np.round(np.log2(n)) + 3).all()
    limit = crossings_limit(n)
    assert (binom.cdf(limit, n - 1, 0.5) >= 0.05).all()
    assert (binom.cdf(limit - 1, n - 1, 0.5) < 0.05).all()


def test_runs_method_is_a_setting():
    y = [1.0, 2] * 10
    frame = pd.DataFrame({"t": range(20), "y": y})
    for method in ("anhoej", "bestbox", "cutbox"):
        result = analyse(frame, value="y", date="t", chart="run", runs_method=method)
        assert not result.summary["runs_signal"].iloc[0]
