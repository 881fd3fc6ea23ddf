"""The ``powerbi-spc`` preset against the PowerBI-SPC visual's own engine (``controlchartspy``),
on data generated here: every chart type, improvement direction and target case, with and
without a recalculation, and the edges (values all equal, very short series, ties on the
centre and in a trend). Each point's value, centre and 1, 2 and 3 sigma lines agree to 1e-9;
every rule's flag, the dot's class and both icons agree exactly."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.spc.powerbi_oracle import Case, differences, make_case, months, run_theirs

CHARTS = ["i", "i_m", "i_mm", "mr", "run", "p", "pp", "u", "up", "c", "xbar", "s", "t", "g"]
DIRECTIONS = ("increase", "decrease", "neutral")


def target_cases(case: Case) -> list[float | None]:
    """No target; one below the last point's lower limit, one on its centre, one above its
    upper limit (so pass, fail and hit or miss each come up)."""
    theirs, _, _ = run_theirs(case)
    if "ll99" not in theirs:
        return [None, float(theirs["target"].iloc[-1])]
    low, high = float(theirs["ll99"].iloc[-1]), float(theirs["ul99"].iloc[-1])
    margin = abs(high - low) * 0.2 + 1e-3
    return [None, low - margin, float(theirs["target"].iloc[-1]), high + margin]


@pytest.mark.slow  # a few hundred charts through the visual's JavaScript
@pytest.mark.parametrize("chart", CHARTS)
def test_every_direction_and_target_as_the_visual_draws_them(chart):
    found = {}
    for seed in (1, 2):
        for target in target_cases(make_case(chart, seed)):
            for direction in DIRECTIONS:
                case = make_case(chart, seed)
                case.direction, case.target = direction, target
                if problems := differences(case):
                    found[(seed, direction, target)] = problems
    assert found == {}


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("split", [9, 17])
def test_a_recalculation_starts_a_chart_of_its_own(chart, split):
    assert differences(make_case(chart, 3, split=split)) == []


def one_series(chart: str, values, denominators=None, **options) -> Case:
    dates = months(len(values))
    theirs = pd.DataFrame({"date": dates, "numerator": values})
    if denominators is None:
        ours = pd.DataFrame({"date": dates, "value": values})
    else:
        theirs["denominator"] = denominators
        ours = theirs.copy()
    return Case(chart, theirs, ours, **options)


EDGES = {
    # MRs all 0: the visual keeps limits of zero width (it screens only a positive mean MR).
    "values all equal": one_series("i", [5.0] * 15, target=6.0),
    "values all equal, median MR": one_series("i_mm", [5.0] * 15, target=6.0),
    "one value apart": one_series("i", [5.0] * 10 + [9.0] + [5.0] * 5, target=6.0),
    "two points": one_series("i", [5.0, 7.0]),
    "three points": one_series("i", [5.0, 7.0, 6.0], target=1.0),
    "no events": one_series("p", [0.0] * 12, [50.0] * 12, target=0.1),
    # Repeats neither count nor break a trend; a turning point stays with the first trend.
    "ties in trends": one_series("i", [1, 2, 2, 3, 4, 5, 5, 4, 3, 2, 1, 0, 0, 1, 2, 3, 4, 5.0]),
    # Points on the median neither count nor break a shift, and are flagged inside one.
    "points on the centre": one_series(
        "i_m", [1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1.0]
    ),
    "a jump screened from the limits": one_series(
        "i", [10, 11, 10, 12, 11, 40, 11, 10, 12, 11, 10, 11, 12, 10.0], direction="decrease"
    ),
}


@pytest.mark.parametrize("name", list(EDGES))
def test_the_edges(name):
    assert differences(EDGES[name]) == []
