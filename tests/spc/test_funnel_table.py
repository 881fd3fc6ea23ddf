"""funnel_table against FunnelPlotR's own output (golden/funnelplotr/funnel_plot_cases.json,
made by make_cases.R beside it), and its contract: the columns, their order, the facts."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qijourney.spc.constants import FUNNEL_Z_95, FUNNEL_Z_998
from qijourney.spc.funnel import funnel
from qijourney.spc.funnel_limits import random_effects_limits
from qijourney.spc.funnel_table import FACT_COLUMNS, TABLE_COLUMNS, funnel_table

GOLDEN = json.loads(
    (Path(__file__).parents[1] / "golden" / "funnelplotr" / "funnel_plot_cases.json").read_text()
)
CASES = GOLDEN["cases"]
RELATIVE = 1e-9

# FunnelPlotR's names for the table's limit columns.
UNADJUSTED = {"LCL95": "lower_95", "UCL95": "upper_95", "LCL99": "lower_998", "UCL99": "upper_998"}
ADJUSTED = {
    "OD95LCL": "lower_95_adjusted",
    "OD95UCL": "upper_95_adjusted",
    "OD99LCL": "lower_998_adjusted",
    "OD99UCL": "upper_998_adjusted",
}
Z = {95: FUNNEL_Z_95, 99: FUNNEL_Z_998}


def case_id(case):
    adjusting = "adjusted" if case["draw_adjusted"] else "unadjusted"
    return (
        f"{case['input']}-{case['data_type']}-{case['sr_method']}-{adjusting}-"
        f"{case['limit']}-x{case['multiplier']}"
    )


def adjusting_twin(case):
    """The same run with the adjustment on: FunnelPlotR reports phi and tau2 (and draws its
    adjusted limits with them) only then; the table reports them either way."""
    keys = ("input", "data_type", "sr_method", "limit", "multiplier")
    return next(c for c in CASES if c["draw_adjusted"] and all(c[k] == case[k] for k in keys))


def run(case, frame=None, indicator=None):
    inputs = pd.DataFrame(GOLDEN["inputs"][case["input"]]) if frame is None else frame
    return funnel_table(
        inputs,
        numerator="numerator",
        denominator="denominator",
        group="group",
        indicator=indicator,
        data_type=case["data_type"],
        sr_method=case["sr_method"],
        limit=case["limit"],
        multiplier=case["multiplier"],
        overdispersion=case["draw_adjusted"],
    )


def by_group(table, case):
    return table.set_index("group").loc[case["rows"]["group"]]


def arcsine_angle_outside(case, column, tau2):
    """Rows where the arcsine angle of a proportion's limit is below 0 or past a quarter turn:
    the limit is 0 (or 1) there. FunnelPlotR truncates such a limit only where it turns back
    between two of the 1,000 denominators it draws, so it keeps sin² of a negative angle when
    the next one it draws is already past the turn (pr's denominator 6: 0.000575)."""
    if case["data_type"] != "PR":
        return np.zeros(len(case["rows"]["group"]), dtype=bool)
    rows = case["rows"]
    target = sum(rows["numerator"]) / sum(rows["denominator"])
    n = np.asarray(rows["denominator"], dtype=float)
    sign = -1 if "LCL" in column else 1
    angle = np.arcsin(np.sqrt(target)) + sign * Z[95 if "95" in column else 99] * np.sqrt(
        1 / (4 * n) + tau2
    )
    return (angle < 0) | (angle > np.pi / 2)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_reproduces_funnelplotr(case):
    table, facts = run(case)
    rows = by_group(table, case)
    expected = pd.DataFrame(case["rows"]).set_index("group")
    twin = adjusting_twin(case)
    twin_rows = pd.DataFrame(twin["rows"]).set_index("group")

    assert rows["numerator"].tolist() == expected["numerator"].tolist()
    # SHMI: limits at expected deaths rounded to 2 decimals; the ratio from those as given.
    assert rows["denominator"].to_numpy() == pytest.approx(expected["denominator"], rel=1e-15)
    ratio = expected["rr"].to_numpy() * case["multiplier"]
    assert rows["ratio"].to_numpy() == pytest.approx(ratio, rel=RELATIVE)
    for theirs, ours in UNADJUSTED.items():
        clamped = arcsine_angle_outside(case, theirs, 0.0)
        assert rows[ours].to_numpy()[~clamped] == pytest.approx(
            expected[theirs].to_numpy()[~clamped], rel=RELATIVE
        ), ours
        bound = 0.0 if "LCL" in theirs else case["multiplier"]
        assert (rows[ours].to_numpy()[clamped] == bound).all()
    for theirs, ours in ADJUSTED.items():
        clamped = arcsine_angle_outside(case, theirs, twin["tau2"])
        assert rows[ours].to_numpy()[~clamped] == pytest.approx(
            twin_rows[theirs].to_numpy()[~clamped], rel=RELATIVE
        ), ours
    assert rows["outlier"].tolist() == [bool(x) for x in expected["outlier"]]
    assert facts["phi"].iloc[0] == pytest.approx(twin["phi"], rel=RELATIVE)
    assert facts["tau2"].iloc[0] == pytest.approx(twin["tau2"], rel=RELATIVE, abs=1e-300)
    assert bool(facts["adjusted"].iloc[0]) is case["adjusted"]
    assert (table["phi"] == facts["phi"].iloc[0]).all()
    assert (table["tau2"] == facts["tau2"].iloc[0]).all()


@pytest.mark.parametrize("case", [c for c in CASES if not c["draw_adjusted"]], ids=case_id)
def test_adjusted_limits_with_no_between_group_variance_are_funnelplotrs(case):
    """Without the adjustment FunnelPlotR draws its "adjusted" limits with tau2 = 0: the same
    formulas, so the table's columns with an indicator's tau2 are those at any tau2."""
    rows = pd.DataFrame(case["rows"])
    _, facts = run(case)
    target = facts["target"].iloc[0]
    for level, (low, high) in ((95, ("OD95LCL", "OD95UCL")), (99, ("OD99LCL", "OD99UCL"))):
        lower, upper = random_effects_limits(
            rows["denominator"].to_numpy(),
            level,
            0.0,
            data_type=case["data_type"],
            sr_method=case["sr_method"],
            target=target,
            multiplier=case["multiplier"],
        )
        for ours, theirs in ((lower, low), (upper, high)):
            clamped = arcsine_angle_outside(case, theirs, 0.0)
            assert ours[~clamped] == pytest.approx(rows[theirs][~clamped], rel=RELATIVE)


@pytest.mark.parametrize(
    ("data_type", "sr_method", "inputs"),
    [
        ("SR", "SHMI", ["six_trusts", "sr_wide", "sr_close"]),
        ("SR", "CQC", ["six_trusts", "sr_wide", "sr_close"]),
        ("RC", "SHMI", ["rc", "six_trusts"]),
    ],
)
def test_several_indicators_in_one_call_are_each_funnelplotrs(data_type, sr_method, inputs):
    frame = pd.concat(
        [pd.DataFrame(GOLDEN["inputs"][name]).assign(indicator=name) for name in inputs[::-1]]
    )
    for draw_adjusted in (True, False):
        options = dict(
            data_type=data_type,
            sr_method=sr_method,
            draw_adjusted=draw_adjusted,
            limit=99,
            multiplier=1,
        )
        cases = {
            c["input"]: c
            for c in CASES
            if all(c[k] == v for k, v in options.items()) and c["input"] in inputs
        }
        table, facts = run(cases[inputs[0]], frame=frame, indicator="indicator")
        assert facts["indicator"].tolist() == inputs[::-1]
        for name, case in cases.items():
            mine = table[table["indicator"] == name]
            assert by_group(mine, case)["outlier"].tolist() == [
                bool(x) for x in case["rows"]["outlier"]
            ]
            fact = facts.set_index("indicator").loc[name]
            assert fact["phi"] == pytest.approx(adjusting_twin(case)["phi"], rel=RELATIVE)
            assert fact["n_groups"] == len(case["rows"]["group"])


def test_columns_are_the_contract():
    frame = pd.DataFrame(GOLDEN["inputs"]["six_trusts"]).rename(columns={"group": "trust"})
    table, facts = funnel_table(
        frame.assign(measure="mortality"),
        numerator="numerator",
        denominator="denominator",
        group="trust",
        indicator="measure",
    )
    assert list(table.columns) == [
        "trust",
        "measure",
        "numerator",
        "denominator",
        "ratio",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "lower_95_adjusted",
        "upper_95_adjusted",
        "lower_998_adjusted",
        "upper_998_adjusted",
        "outlier",
        "phi",
        "tau2",
    ]
    assert tuple(table.columns[2:]) == TABLE_COLUMNS
    assert table["outlier"].dtype == bool
    assert list(facts.columns) == ["measure", *FACT_COLUMNS]
    without, facts = funnel_table(
        frame, numerator="numerator", denominator="denominator", group="trust"
    )
    assert list(without.columns) == ["trust", *TABLE_COLUMNS]
    assert list(facts.columns) == list(FACT_COLUMNS)


def test_facts_say_what_a_caption_needs():
    case = next(c for c in CASES if c["input"] == "sr_wide" and c["sr_method"] == "SHMI")
    table, facts = run(case)
    fact = facts.iloc[0]
    named = [g for g, flag in zip(table["group"], table["outlier"], strict=True) if flag]
    assert fact["outliers"] == tuple(named) and fact["n_outliers"] == len(named) > 0
    assert fact["n_above"] + fact["n_below"] == fact["n_outliers"]
    assert fact["n_groups"] == 40 and fact["target"] == 1 and fact["centre"] == case["multiplier"]
    assert (fact["data_type"], fact["sr_method"], fact["limit"]) == ("SR", "SHMI", case["limit"])
    assert bool(fact["adjusted"]) and bool(fact["overdispersion"])


def test_rows_keep_input_order_and_index():
    frame = pd.DataFrame(GOLDEN["inputs"]["rc"]).iloc[::-1]
    table, _ = funnel_table(
        frame, numerator="numerator", denominator="denominator", group="group", data_type="RC"
    )
    assert table.index.equals(frame.index)
    assert table["group"].tolist() == frame["group"].tolist()


def test_funnel_keeps_its_one_indicator_table():
    frame = pd.DataFrame(GOLDEN["inputs"]["sr_wide"])
    chosen, spread = funnel(
        frame, numerator="numerator", denominator="denominator", group="group", limit=95
    )
    table, facts = funnel_table(
        frame, numerator="numerator", denominator="denominator", group="group", limit=95
    )
    assert chosen["lower_limit"].tolist() == table["lower_95_adjusted"].tolist()
    assert chosen["outlier"].tolist() == table["outlier"].tolist()
    assert chosen["overdispersion_adjusted"].all()
    assert spread.phi == facts["phi"].iloc[0] and spread.tau2 == facts["tau2"].iloc[0]
