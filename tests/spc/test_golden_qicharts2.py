"""Parity with qicharts2: its own test references (golden/qicharts2), relative tolerance 1e-9.

The expected files are qicharts2's tests/testthat reference data frames; the calls that made them
are in each case below (qicharts2 tests, Montgomery's textbook tables and the package data sets).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qijourney.spc import analyse

GOLDEN = Path(__file__).parents[1] / "golden" / "qicharts2"
REL = 1e-9


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLDEN / name)


def positions(n: int, rows) -> np.ndarray:
    """qicharts2's exclude/part use 1-based positions; turn them into a per-row flag."""
    flag = np.zeros(n, dtype=bool)
    flag[np.asarray(rows) - 1] = True
    return flag


def assert_close(ours, theirs, rel=REL):
    ours = np.asarray(ours, dtype=float)
    theirs = np.asarray(theirs, dtype=float)
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    np.testing.assert_allclose(ours[~np.isnan(ours)], theirs[~np.isnan(theirs)], rtol=rel, atol=0)


def compare_points(points: pd.DataFrame, expected: pd.DataFrame, rel=REL, runs_signal=True):
    assert len(points) == len(expected)
    assert_close(points["value"], expected["y"], rel)
    assert_close(points["centre"], expected["cl"], rel)
    assert_close(points["upper_limit"], expected["ucl"], rel)
    assert_close(points["lower_limit"], expected["lcl"], rel)
    sigma_signal = points["astronomical_high"] | points["astronomical_low"]
    assert sigma_signal.tolist() == expected["sigma.signal"].astype(bool).tolist()
    for ours, theirs in (
        ("n_useful", "n.useful"),
        ("longest_run", "longest.run"),
        ("longest_run_max", "longest.run.max"),
        ("n_crossings", "n.crossings"),
        ("n_crossings_min", "n.crossings.min"),
    ):
        assert_close(points[ours], expected[theirs])
    if runs_signal:
        assert points["runs_signal"].tolist() == expected["runs.signal"].astype(bool).tolist()


def qic(frame, chart, *, y, x, n=None, **options):
    """Call the engine as qic(x, y, n, chart=...) would, with the qicharts2 preset."""
    if n is None:
        return analyse(frame, value=y, date=x, chart=chart, preset="qicharts2", **options)
    return analyse(
        frame, numerator=y, denominator=n, date=x, chart=chart, preset="qicharts2", **options
    )


@pytest.mark.parametrize(
    ("expected", "table", "chart"),
    [
        ("ex_6.3_1", "tbl_06.03", "xbar"),  # Montgomery example 6.3: equal subgroups of five
        ("ex_6.3_2", "tbl_06.03", "s"),
        ("ex_6.4_1", "tbl_06.04", "xbar"),  # example 6.4: subgroups of varying size
        ("ex_6.4_2", "tbl_06.04", "s"),
    ],
)
def test_subgroup_charts(expected, table, chart):
    result = qic(read(f"input_{table}.csv"), chart, y="obs", x="sample")
    compare_points(result.points, read(f"expected_{expected}.csv"))


def test_subgroups_with_missing_values():
    """The NA_test fixture: missing observations, an empty subgroup and rows without a sample."""
    frame = read("input_NA_test.csv").dropna(subset=["sample"]).reset_index(drop=True)
    result = qic(frame, "xbar", y="obs", x="sample")
    compare_points(result.points, read("expected_NA_test.csv"), rel=1e-5)


@pytest.mark.parametrize(("expected", "chart"), [("ex_6.5_3", "i"), ("ex_6.5_4", "mr")])
def test_individuals_and_moving_range_with_freeze(expected, chart):
    result = qic(read("input_tbl_06.07.csv"), chart, y="cost", x="weeks", fix_after_n_points=20)
    compare_points(result.points, read(f"expected_{expected}.csv"))


def test_p_chart_with_exclusions_and_a_new_part():
    frame = read("input_tbl_07.03.csv")
    frame["excluded"] = positions(len(frame), [15, 23])
    frame["new_part"] = positions(len(frame), [31])  # part = 30: a new part after row 30
    result = qic(
        frame,
        "p",
        y="count",
        n="size",
        x="sample",
        exclude_column="excluded",
        recalculate_column="new_part",
    )
    compare_points(result.points, read("expected_ex_7.1_5.csv"))


def test_p_chart_with_varying_sizes():
    result = qic(read("input_tbl_07.04.csv"), "p", y="count", n="size", x="sample")
    compare_points(result.points, read("expected_tbl_7.4_1.csv"))


def test_c_chart_with_exclusions_and_freeze():
    frame = read("input_tbl_07.08.csv")
    frame["excluded"] = positions(len(frame), [6, 20])
    result = qic(
        frame, "c", y="count", x="sample", exclude_column="excluded", fix_after_n_points=26
    )
    compare_points(result.points, read("expected_ex_7.3_3.csv"))


def test_u_chart():
    result = qic(read("input_tbl_07.10.csv"), "u", y="count", n="size", x="sample")
    compare_points(result.points, read("expected_ex_7.4_1.csv"))


def test_u_chart_multiplied():
    result = qic(read("input_tbl_07.11.csv"), "u", y="count", n="meters", x="roll", multiplier=50)
    compare_points(result.points, read("expected_ex_7.5_1.csv"))


def test_t_chart():
    result = qic(read("input_tbl_07.14.csv"), "t", y="hours", x="failure")
    compare_points(result.points, read("expected_ex_7.6_1.csv"))


def infections(by, since=None):
    """hospital_infections summed per month (qic adds numerators and denominators per x)."""
    frame = read("input_hospital_infections.csv")
    if since is not None:
        frame = frame[frame["month"] >= since]
    return frame.groupby([*by, "month"], as_index=False)[["n", "days"]].sum()


def summary_like_qicharts2(points: pd.DataFrame, by) -> pd.DataFrame:
    """qicharts2's summary(): runs figures of the part, mean limits, any point beyond them."""
    grouped = points.groupby(by, sort=True) if by else points.groupby(lambda _: 0)
    return grouped.agg(
        n_useful=("n_useful", "first"),
        longest_run=("longest_run", "first"),
        longest_run_max=("longest_run_max", "first"),
        n_crossings=("n_crossings", "first"),
        n_crossings_min=("n_crossings_min", "first"),
        runs_signal=("runs_signal", "max"),
        aLCL=("lower_limit", "mean"),
        CL=("centre", "mean"),
        aUCL=("upper_limit", "mean"),
        sigma=("astronomical_high", "max"),
        sigma_low=("astronomical_low", "max"),
    ).reset_index(drop=True)


@pytest.mark.parametrize(
    ("expected", "by"),
    [("hai_1", []), ("hai_2", ["infection"]), ("hai_3", ["hospital", "infection"])],
)
def test_hospital_infection_summaries(expected, by):
    frame = infections(by)
    result = qic(frame, "u", y="n", n="days", x="month", series=by)
    ours = summary_like_qicharts2(result.points, by)
    theirs = read(f"expected_{expected}.csv")
    assert len(ours) == len(theirs)
    for column in ("n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min"):
        assert_close(ours[column], theirs[column.replace("_", ".")])
    assert ours["runs_signal"].astype(int).tolist() == theirs["runs.signal"].tolist()
    for column in ("aLCL", "CL", "aUCL"):
        assert_close(ours[column], theirs[column])
    sigma = (ours["sigma"] | ours["sigma_low"]).astype(int)
    assert sigma.tolist() == theirs["sigma.signal"].tolist()


def test_hospital_funnel_of_last_six_months():
    """hai_4: x is the hospital, ordered by mean patient days; qicharts2 runs no runs analysis
    on a categorical x, so only the runs figures and limits are compared."""
    since = (pd.Timestamp("2016-07-01") - pd.Timestamp("1970-01-01")).days
    raw = read("input_hospital_infections.csv")
    raw = raw[raw["month"] >= since]
    order = raw.groupby("hospital")["days"].mean().sort_values(kind="stable")
    frame = infections(["infection", "hospital"], since)
    frame = frame.groupby(["infection", "hospital"], as_index=False)[["n", "days"]].sum()
    frame["position"] = frame["hospital"].map({h: i for i, h in enumerate(order.index)})
    result = qic(frame, "u", y="n", n="days", x="position", series="infection", multiplier=10_000)
    ours = summary_like_qicharts2(result.points, ["infection"])
    theirs = read("expected_hai_4.csv")
    for column in ("n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min"):
        assert_close(ours[column], theirs[column.replace("_", ".")])
    for column in ("aLCL", "CL", "aUCL"):
        assert_close(ours[column], theirs[column])
    sigma = (ours["sigma"] | ours["sigma_low"]).astype(int)
    assert sigma.tolist() == theirs["sigma.signal"].tolist()
