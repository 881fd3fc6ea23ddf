"""Hypothesis properties of funnel_table: the order of the rows changes nothing, and several
indicators in one call are each what they are alone."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qijourney.spc.funnel_table import funnel_table

METHODS = st.sampled_from([("SR", "SHMI"), ("SR", "CQC"), ("PR", "SHMI"), ("RC", "SHMI")])
OPTIONS = st.fixed_dictionaries(
    {
        "limit": st.sampled_from([95, 99]),
        "multiplier": st.sampled_from([1.0, 100.0]),
        "overdispersion": st.booleans(),
    }
)


@st.composite
def indicator_rows(draw, data_type):
    """One indicator's groups: counts on a coarse grid, so ties and repeated z-scores are
    common (where ranks and quantiles break)."""
    n = draw(st.integers(min_value=1, max_value=25))
    denominators = draw(st.lists(st.integers(min_value=1, max_value=400), min_size=n, max_size=n))
    shares = draw(st.lists(st.sampled_from([0, 0.5, 0.8, 1, 1.2]), min_size=n, max_size=n))
    numerators = [
        float(min(round(d * s * (0.3 if data_type == "PR" else 1)), d))
        for d, s in zip(denominators, shares, strict=True)
    ]
    return pd.DataFrame(
        {
            "group": [f"g{i}" for i in range(n)],
            "numerator": numerators,
            "denominator": [float(d) for d in denominators],
        }
    )


@st.composite
def tables(draw):
    data_type, sr_method = draw(METHODS)
    n_indicators = draw(st.integers(min_value=1, max_value=4))
    parts = [draw(indicator_rows(data_type)).assign(indicator=f"i{k}") for k in range(n_indicators)]
    return pd.concat(parts, ignore_index=True), data_type, sr_method


def run(frame, data_type, sr_method, options, indicator="indicator"):
    return funnel_table(
        frame,
        numerator="numerator",
        denominator="denominator",
        group="group",
        indicator=indicator,
        data_type=data_type,
        sr_method=sr_method,
        **options,
    )


def comparable(facts):
    """Facts by indicator, outlier names as a set (they come in input order)."""
    keyed = facts.set_index("indicator").sort_index()
    return keyed.assign(outliers=keyed["outliers"].map(frozenset))


@pytest.mark.slow  # a few seconds: many small tables
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=tables(), options=OPTIONS, seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_row_order_changes_nothing(drawn, options, seed):
    frame, data_type, sr_method = drawn
    shuffled = frame.sample(frac=1, random_state=np.random.default_rng(seed).integers(2**31))
    table, facts = run(frame, data_type, sr_method, options)
    again, again_facts = run(shuffled, data_type, sr_method, options)
    # Sums run in another order: the same to the last few bits, and every flag the same.
    pd.testing.assert_frame_equal(again.loc[frame.index], table, rtol=1e-12)
    pd.testing.assert_frame_equal(comparable(again_facts), comparable(facts), rtol=1e-12)


@pytest.mark.slow  # a few seconds: many small tables
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=tables(), options=OPTIONS)
def test_several_indicators_at_once_are_each_one_alone(drawn, options):
    frame, data_type, sr_method = drawn
    table, facts = run(frame, data_type, sr_method, options)
    for name, part in frame.groupby("indicator", sort=False):
        alone, alone_facts = run(
            part.drop(columns="indicator"), data_type, sr_method, options, None
        )
        together = table.loc[part.index].drop(columns="indicator")
        pd.testing.assert_frame_equal(together, alone)
        fact = facts[facts["indicator"] == name].drop(columns="indicator").reset_index(drop=True)
        pd.testing.assert_frame_equal(fact, alone_facts)
