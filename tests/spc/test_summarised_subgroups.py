"""xbar and s charts from summarised subgroups (a row per date: mean, size, standard deviation,
as BI pipelines deliver them) give exactly what the raw observations give, under every preset,
and bad summaries are refused naming the rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qijourney.spc import PRESETS, SPCInputError, analyse

SUMMARY = {"value": "mean", "denominator": "size", "subgroup_sd_column": "sd", "date": "month"}
LINES = ["value", "centre", "lower_limit", "upper_limit", "lower_2_sigma", "upper_2_sigma"]


def observations(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for month in pd.date_range("2023-01-01", periods=24, freq="MS"):
        size = rng.integers(3, 8)
        level = 50 + 6 * (month.year == 2024)
        rows += [(month, "A", v) for v in rng.normal(level, 4, size).round(2)]
        rows += [(month, "B", v) for v in rng.normal(20, 2, 5).round(2)]  # equal sizes
    return pd.DataFrame(rows, columns=["month", "ward", "minutes"])


def summarised(raw: pd.DataFrame) -> pd.DataFrame:
    return (
        raw.groupby(["ward", "month"], as_index=False)["minutes"]
        .agg(mean="mean", size="size", sd=lambda v: v.std(ddof=1))
        .sort_values(["ward", "month"])
    )


@pytest.mark.parametrize("chart", ["xbar", "s"])
@pytest.mark.parametrize("preset", list(PRESETS))
def test_summaries_give_what_the_observations_give(chart, preset):
    raw = observations()
    options = {"date": "month", "series": "ward", "chart": chart, "preset": preset}
    options["improvement"] = "increase"
    options["target"] = 55.0 if chart == "xbar" else 3.0
    expected = analyse(raw, value="minutes", **options)
    got = analyse(summarised(raw), **SUMMARY, **{k: v for k, v in options.items() if k != "date"})
    ours = got.points.sort_values(["ward", "month"]).reset_index(drop=True)
    theirs = expected.points.sort_values(["ward", "month"]).reset_index(drop=True)
    for column in LINES:
        np.testing.assert_allclose(ours[column], theirs[column], rtol=1e-12, equal_nan=True)
    assert (ours["point_type"] == theirs["point_type"]).all()
    keys = ["variation_icon", "assurance_icon"]
    assert got.summary[keys].values.tolist() == expected.summary[keys].values.tolist()


def test_bad_summaries_are_refused_naming_the_rows():
    frame = summarised(observations()).reset_index(drop=True).astype({"size": float})
    frame.loc[3, "size"] = 2.5
    with pytest.raises(SPCInputError, match="whole number") as raised:
        analyse(frame, **SUMMARY, series="ward", chart="xbar")
    assert "row 4 (series ward=A)" in str(raised.value)
    frame.loc[3, "size"], frame.loc[5, "sd"] = 3, -1.0
    with pytest.raises(SPCInputError, match="cannot be negative"):
        analyse(frame, **SUMMARY, series="ward", chart="s")
    without_size = {k: v for k, v in SUMMARY.items() if k != "denominator"}
    with pytest.raises(SPCInputError, match="subgroup size as the denominator"):
        analyse(frame, **without_size, series="ward", chart="xbar")
    two = pd.concat([frame.iloc[:1], frame.iloc[:1]])  # a summary is one row per date
    with pytest.raises(SPCInputError, match="Duplicate dates"):
        analyse(two, **SUMMARY, chart="xbar")
