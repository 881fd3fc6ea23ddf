"""Parity with NHSRplotthedots: unit-test snapshots and vignette values (golden/nhsrplotthedots).

Source of every expected value: the ``source`` field of cases.json (NHSRplotthedots@050b07d7).
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qijourney.spc import analyse
from qijourney.spc.codes import DIRECTION_CODE
from qijourney.spc.icons import ASSURANCE_ICONS, assurance_icon

GOLDEN = Path(__file__).parents[1] / "golden"

CASES = json.loads((GOLDEN / "nhsrplotthedots" / "cases.json").read_text())
RNORM = np.array(CASES["rnorm20_seed123"])


def case(prefix: str) -> dict:
    (found,) = [c for c in CASES["cases"] if c["name"].startswith(prefix)]
    return found


def ptd(y, **options):
    frame = pd.DataFrame({"i": np.arange(len(y)), "y": np.asarray(y, dtype=float)})
    return analyse(
        frame, value="y", date="i", preset="nhsrplotthedots", improvement="increase", **options
    )


def limits(result, row=0):
    s = result.summary.iloc[row]
    return s["centre"], s["lower_limit"], s["upper_limit"]


def with_outlier():
    y = RNORM.copy()
    y[14] = 10  # "index 15 (1-based) set to 10"
    return y


@pytest.mark.parametrize(
    ("name", "y", "screen"),
    [("r1", RNORM, True), ("r2", with_outlier(), True), ("r3", with_outlier(), False)],
)
def test_limits_match_snapshots(name, y, screen):
    expected = case(name + " ")["expected"]
    result = ptd(y, **({} if screen else {"mr_screening": "none"}))
    # Snapshots print 7 significant figures.
    assert limits(result) == pytest.approx(
        (expected["mean_col"], expected["lpl"], expected["upl"]), rel=1e-6
    )
    if expected.get("all_common_cause"):
        assert (result.points["point_type"] == "common_cause").all()


def test_facets_are_separate_series():
    expected = case("facet")["expected"]
    frame = pd.DataFrame({"i": range(20), "y": RNORM, "facet": [0] * 10 + [1] * 10})
    result = analyse(frame, value="y", date="i", series="facet", preset="nhsrplotthedots")
    for row, key in enumerate(("facet0", "facet1")):
        want = expected[key]
        got = result.summary.iloc[row]
        assert got["n"] == want["n"]
        for ours, theirs in (
            ("centre", "mean_col"),
            ("lower_limit", "lpl"),
            ("upper_limit", "upl"),
        ):
            # The snapshot shows three significant figures.
            assert float(f"{got[ours]:.3g}") == pytest.approx(want[theirs])


def test_deviations_vignette_screened():
    screened = case("deviations vignette screened")
    result = ptd(screened["y"])
    expected = screened["expected"]
    centre, lower, upper = limits(result)
    assert round(upper, 2) == expected["upl"]
    assert round(centre, 2) == expected["mean_col"]
    assert round(lower, 2) == expected["lpl"]
    types = result.points["point_type"].tolist()
    assert types[4] == "improvement"  # point 5, 1-based
    assert set(types[:4] + types[5:]) == {"common_cause"}


def test_deviations_vignette_unscreened_matches_excel():
    excel = case("deviations vignette unscreened")
    assert excel["screen_outliers"] is False
    centre, lower, upper = limits(ptd(excel["y"], mr_screening="none"))
    expected = excel["expected"]
    assert (round(upper, 2), round(centre, 2), round(lower, 2)) == (
        expected["upl"],
        expected["mean_col"],
        expected["lpl"],
    )


def test_two_in_three_needs_one_side():
    opposite = case("2-in-3")
    types = ptd(opposite["y"]).points["point_type"].tolist()
    assert types[-2:] == opposite["expected"]["last_two_point_type"]


def test_assurance_unit_cases():
    unit = case("assurance")
    rows = unit["rows"]
    names = {
        "pass": "consistent_pass",
        "fail": "consistent_fail",
        "hit_or_miss": "inconsistent",
        "": None,
    }
    for direction, expected in unit["expected"].items():
        codes = assurance_icon(
            np.full(len(rows), DIRECTION_CODE[direction]),
            np.array([r["target"] for r in rows], dtype=float),
            np.array([r["lpl"] for r in rows], dtype=float),
            np.array([r["upl"] for r in rows], dtype=float),
            inclusive=False,
        )
        assert [names[ASSURANCE_ICONS[c]] for c in codes] == expected
