"""Parity with FunnelPlotR (golden/funnelplotr/cases.json; source named in its ``source`` field)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qijourney.spc import funnel

CASES = json.loads(
    (Path(__file__).parents[1] / "golden" / "funnelplotr" / "cases.json").read_text()
)


def test_poisson_limits_for_target_one():
    case = CASES["poisson_limits_target1"]
    expected = np.array(case["number_seq"], dtype=float)
    for level, low, high in ((95, "ll95", "ul95"), (99, "ll99", "ul99")):
        lower, upper = funnel.poisson_limits(expected, level)
        # Upstream tests print 7 significant figures.
        assert lower == pytest.approx(case[low], rel=1e-6)
        assert upper == pytest.approx(case[high], rel=1e-6)


@pytest.mark.parametrize(
    ("key", "lower", "upper", "multiplier"),
    [
        ("95_unadj", "LCL95", "UCL95", 1),
        ("95_adj", "OD95LCL", "OD95UCL", 1),
        ("99_unadj", "LCL99", "UCL99", 1),
        ("99_adj", "OD99LCL", "OD99UCL", 1),
        ("95_unadj_multiplier100", "LCL95", "UCL95", 100),
    ],
)
def test_outlier_flags(key, lower, upper, multiplier):
    case = CASES["outliers"]
    limits = case["limits"]
    flags = funnel.outliers(case["rr"], limits[lower], limits[upper], multiplier)
    assert flags.tolist() == case["expected"][key]


DERIVED = CASES["derived_not_upstream"]


def test_shmi_overdispersion():
    shmi = DERIVED["SHMI"]
    spread = funnel.dispersion(DERIVED["numerator"], DERIVED["denominator"], "SR", "SHMI", 0.1)
    assert spread.phi == pytest.approx(shmi["phi"], rel=1e-9)
    assert spread.tau2 == pytest.approx(shmi["tau2"], rel=1e-9)
    assert spread.truncated_any is shmi["truncated_any"]
    for level, key in ((95, "95"), (99, "99.8")):
        limits = funnel.overdispersed_limits(np.array([100.0]), level, spread.tau2)
        assert [float(x[0]) for x in limits] == pytest.approx(shmi["od_limits_E100"][key], rel=1e-9)


@pytest.mark.parametrize("trim", [0.05, 0.1])
def test_cqc_overdispersion(trim):
    expected = DERIVED[f"CQC_trim{trim}"]
    spread = funnel.dispersion(DERIVED["numerator"], DERIVED["denominator"], "SR", "CQC", trim)
    assert spread.phi == pytest.approx(expected["phi"], rel=1e-9)
    assert spread.tau2 == pytest.approx(expected["tau2"], rel=1e-9)


def test_funnel_table_flags_nothing_with_adjusted_998_limits():
    frame = pd.DataFrame(
        {
            "trust": list("abcdef"),
            "deaths": DERIVED["numerator"],
            "expected": DERIVED["denominator"],
        }
    )
    table, spread = funnel.funnel(frame, numerator="deaths", denominator="expected", group="trust")
    assert table["overdispersion_adjusted"].all()
    assert not table["outlier"].any()
    assert spread.phi > 1
