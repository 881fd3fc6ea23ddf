"""Every rule at its edges (runs of N-1, N and N+1 points), and the presets' differences.

Expected values come from the rule definitions in the engine specification (section 3).
"""

import numpy as np
import pandas as pd
import pytest

from qijourney.spc import analyse, rules

BREAK_AT_START = np.array([True])


def starts(n):
    return np.r_[True, np.zeros(n - 1, dtype=bool)]


@pytest.mark.parametrize("length", [5, 6, 7, 8])
@pytest.mark.parametrize("run", [0, 1, 5, 6, 7, 8, 9])
def test_shift_needs_exactly_n_points(length, run):
    side = np.array([-1] + [1] * run + [-1], dtype=np.int8)
    high, low = rules.shift(side, starts(side.size), length)
    expected = run >= length
    assert high[1 : run + 1].all() == expected if run else not high.any()
    assert not low.any()


def test_point_on_centre_line_breaks_a_shift():
    side = np.array([1, 1, 1, 0, 1, 1, 1], dtype=np.int8)
    high, _ = rules.shift(side, starts(7), 4)
    assert not high.any()


def test_shift_does_not_run_across_a_break():
    side = np.ones(8, dtype=np.int8)
    breaks = starts(8)
    breaks[4] = True
    assert not rules.shift(side, breaks, 6)[0].any()
    assert rules.shift(side, starts(8), 6)[0].all()


@pytest.mark.parametrize("length", [5, 6, 7])
@pytest.mark.parametrize("points", [4, 5, 6, 7, 8])
def test_trend_counts_both_end_points(length, points):
    y = np.r_[10.0, np.arange(points, dtype=float)]  # a drop, then `points` rising points
    high, low = rules.trend(y, starts(y.size), length)
    assert high[1:].all() == (points >= length)
    assert not high[0]
    assert low[:2].all() == (length <= 2)


def test_repeated_value_ends_a_trend_unless_skipped():
    y = np.array([1.0, 2, 3, 3, 4, 5, 6])
    assert not rules.trend(y, starts(7), 6)[0].any()
    assert rules.trend(y, starts(7), 6, skip_repeats=True)[0].all()


def test_trend_may_cross_the_centre_line():
    frame = pd.DataFrame(
        {"t": range(20), "y": [5, 4, 6, 5, 4, 6, 5, 5, 4, 6, 5, 6, 4, 1, 2, 3, 4, 5, 6, 7]}
    )
    result = analyse(frame, value="y", date="t", improvement="increase")
    assert result.points["trend_high"].iloc[13:].all()


def test_descending_trend_is_low():
    y = np.arange(6, 0, -1, dtype=float)
    high, low = rules.trend(y, starts(6), 6)
    assert low.all() and not high.any()


def two_of_three(y, counts_beyond_3):
    y = np.asarray(y, dtype=float)
    n = y.size
    centre = np.zeros(n)
    side = rules.side_of_centre(y, centre)
    return rules.two_of_three(
        y,
        side,
        np.full(n, -2.0),
        np.full(n, 2.0),
        np.full(n, -3.0),
        np.full(n, 3.0),
        starts(n),
        counts_beyond_3,
    )


def test_two_of_three_flags_only_the_points_beyond_two_sigma():
    high, low = two_of_three([0, 2.5, 1, 2.5, 0], False)
    assert high.tolist() == [False, True, False, True, False]
    assert not low.any()


def test_two_of_three_needs_all_three_on_one_side():
    high, _ = two_of_three([2.5, -1, 2.5], False)
    assert not high.any()


@pytest.mark.parametrize(
    ("counts", "expected"), [(False, [False, False, False]), (True, [True, False, True])]
)
def test_point_beyond_three_sigma_counts_only_for_mdc_sql(counts, expected):
    high, _ = two_of_three([3.5, 1, 2.5], counts)
    assert high.tolist() == expected


def test_astronomical_is_strictly_beyond_the_limit():
    high, low = rules.astronomical(
        np.array([3.0, 3.0001, -3.0, -3.5]), np.full(4, -3.0), np.full(4, 3.0)
    )
    assert high.tolist() == [False, True, False, False]
    assert low.tolist() == [False, False, False, True]


def test_four_of_five_and_fifteen_within():
    y = np.array([0, 1.5, 1.5, 0.5, 1.5, 1.5, 0])
    side = rules.side_of_centre(y, np.zeros(7))
    high, _ = rules.four_of_five(y, side, np.full(7, -1.0), np.full(7, 1.0), starts(7))
    assert high.tolist() == [False, True, True, False, True, True, False]
    inside = rules.fifteen_within_1_sigma(
        np.zeros(16), np.full(16, -1.0), np.full(16, 1.0), starts(16)
    )
    assert inside.all()


# A series whose last point is both the end of a falling trend (low) and beyond the upper
# limit is impossible; use a shift high that is also a trend low instead.
CONFLICT = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 16, 15.5, 15, 14.5, 14, 13.5]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [("mdc", "improvement"), ("mdc-sql", "concern"), ("nhsrplotthedots", "improvement")],
)
def test_conflicting_signals_are_settled_by_the_preset(preset, expected):
    """Points 14-19 shift high (improvement, direction increase) and trend low (concern).

    MDC v5 shows improvement; MDC SQL ranks trend first (concern); NHSRplotthedots ranks
    astronomical > trend > two-of-three > shift: with shift 7 and trend 7, the six-point trend
    and shift do not fire, so the last point is improvement only by two-of-three.
    """
    frame = pd.DataFrame({"t": range(len(CONFLICT)), "y": CONFLICT})
    result = analyse(
        frame, value="y", date="t", improvement="increase", preset=preset, minimum_points=None
    )
    last = result.points.iloc[-1]
    assert last["shift_high"] or last["two_of_three_high"] or last["astronomical_high"]
    assert last["point_type"] == expected


def test_mdc_needs_thirteen_points_for_limits_and_icons():
    frame = pd.DataFrame({"t": range(13), "y": [1, 2] * 6 + [1]})
    short = analyse(frame.iloc[:12], value="y", date="t", improvement="increase", target=1)
    enough = analyse(frame, value="y", date="t", improvement="increase", target=1)
    assert short.points["upper_limit"].isna().all()
    assert short.summary["variation_icon"].iloc[0] == ""
    assert short.summary["assurance_icon"].iloc[0] == ""
    assert "Fewer than 13" in short.summary["warnings"].iloc[0]
    assert enough.points["upper_limit"].notna().all()
    assert enough.summary["variation_icon"].iloc[0] == "common_cause"


def test_nhsrplotthedots_warns_but_draws_trial_limits():
    frame = pd.DataFrame({"t": range(8), "y": [1, 2, 3, 2, 1, 2, 3, 2]})
    result = analyse(frame, value="y", date="t", preset="nhsrplotthedots")
    assert result.points["upper_limit"].notna().all()
    assert result.points["short_series_warning"].all()
    assert "trial limits" in result.summary["warnings"].iloc[0]


@pytest.mark.parametrize(("inclusive", "expected"), [(True, "pass"), (False, "hit_or_miss")])
def test_target_on_the_limit(inclusive, expected):
    frame = pd.DataFrame({"t": range(20), "y": [10.0, 12.0] * 10})
    first = analyse(frame, value="y", date="t")
    lower = first.summary["lower_limit"].iloc[0]
    result = analyse(
        frame,
        value="y",
        date="t",
        improvement="increase",
        target=lower,
        assurance_inclusive=inclusive,
    )
    assert result.summary["assurance_icon"].iloc[0] == expected


def test_target_in_force_at_the_last_date():
    frame = pd.DataFrame(
        {"t": range(20), "y": [10.0, 12.0] * 10, "target": [100.0] * 10 + [0.0] + [np.nan] * 9}
    )
    result = analyse(frame, value="y", date="t", improvement="increase", target_column="target")
    assert result.summary["target"].iloc[0] == 0.0
    assert result.summary["assurance_icon"].iloc[0] == "pass"


def test_no_assurance_without_direction_or_for_rare_event_charts():
    frame = pd.DataFrame({"t": range(20), "y": [1.0, 2.0] * 10})
    neutral = analyse(frame, value="y", date="t", target=5)
    g_chart = analyse(frame, value="y", date="t", chart="g", improvement="increase", target=5)
    assert neutral.summary["assurance_icon"].iloc[0] == ""
    assert g_chart.summary["assurance_icon"].iloc[0] == ""


def test_variation_icon_comes_from_the_last_unghosted_point():
    y = [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 30.0]
    frame = pd.DataFrame({"t": range(15), "y": y, "ghost": [False] * 14 + [True]})
    result = analyse(frame, value="y", date="t", improvement="decrease", ghost_column="ghost")
    assert result.summary["variation_icon"].iloc[0] == "common_cause"
    unghosted = analyse(frame, value="y", date="t", improvement="decrease")
    assert unghosted.summary["variation_icon"].iloc[0] == "concern_high"


def test_shift_across_recalculation_depends_on_preset():
    """Six points above the line straddle a recalculation: MDC v5 lets the shift cross it."""
    y = [0.0, 1] * 7 + [2, 2, 2] + [2, 2, 2] + [0, 2] * 6
    new = [False] * 17 + [True] + [False] * 14
    frame = pd.DataFrame({"t": range(len(y)), "y": y, "new": new})
    options = dict(value="y", date="t", recalculate_column="new", improvement="increase")
    crossing = analyse(frame, preset="mdc", **options).points
    not_crossing = analyse(frame, preset="mdc", crosses_segments="none", **options).points
    assert crossing["shift_high"].iloc[14:17].all()
    assert not not_crossing["shift_high"].iloc[14:17].any()


def test_baseline_limits_are_carried_forward():
    y = [10.0, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 20, 21, 20, 21]
    frame = pd.DataFrame({"t": range(18), "y": y, "base": [True] * 14 + [False] * 4})
    result = analyse(frame, value="y", date="t", baseline_column="base")
    assert result.points["centre"].unique().tolist() == [10.5]
    assert result.points["astronomical_high"].iloc[14:].all()


def test_mdc_sql_inclusive_screening_recomputes_the_mean():
    y = [1.0, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 40]
    frame = pd.DataFrame({"t": range(len(y)), "y": y})
    plain = analyse(frame, value="y", date="t", preset="mdc-sql").summary.iloc[0]
    screened = analyse(
        frame,
        value="y",
        date="t",
        preset="mdc-sql",
        mr_screening="inclusive",
        mr_screening_recomputes_mean=True,
    ).summary.iloc[0]
    assert screened["centre"] == pytest.approx(1.5)
    assert screened["upper_limit"] - screened["centre"] == pytest.approx(2.66)
    assert plain["centre"] > screened["centre"]


def test_run_chart_uses_the_median_and_anhoej_rules():
    y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    frame = pd.DataFrame({"t": range(16), "y": y})
    result = analyse(frame, value="y", date="t", chart="run")
    summary = result.summary.iloc[0]
    assert result.points["centre"].iloc[0] == 8.5
    assert summary["longest_run"] == 8 and summary["longest_run_max"] == 7
    assert summary["n_crossings"] == 1 and summary["n_crossings_min"] == 4
    assert summary["runs_signal"]


def test_t_chart_from_event_dates():
    dates = pd.to_datetime(["2025-01-01", "2025-01-11", "2025-01-31", "2025-02-10"])
    frame = pd.DataFrame({"event": dates})
    result = analyse(frame, date="event", chart="t", minimum_points=None)
    assert result.points["value"].tolist()[1:] == [10.0, 20.0, 10.0]
    assert np.isnan(result.points["value"].iloc[0])


@pytest.mark.parametrize(("preset", "centre"), [("mdc", 0.693 * 4.0), ("qicharts2", 3.0)])
def test_g_chart_centre_line(preset, centre):
    frame = pd.DataFrame({"t": range(5), "y": [1.0, 2, 3, 5, 9]})
    result = analyse(frame, value="y", date="t", chart="g", preset=preset, minimum_points=None)
    assert result.points["centre"].iloc[0] == pytest.approx(centre)
    upper = result.points["upper_limit"].iloc[0]
    assert upper == pytest.approx(4 + 3 * np.sqrt(4 * 5))


def test_laney_prime_chart_widens_limits_for_overdispersion():
    rng = np.random.default_rng(7)
    n = np.full(24, 5000.0)
    p = np.clip(0.2 + rng.normal(0, 0.02, 24), 0, 1)  # more spread than binomial noise
    frame = pd.DataFrame({"t": range(24), "num": np.round(p * n), "den": n})
    plain = analyse(frame, numerator="num", denominator="den", date="t", chart="p").points
    prime = analyse(frame, numerator="num", denominator="den", date="t", chart="pp").points
    assert prime["centre"].iloc[0] == pytest.approx(plain["centre"].iloc[0])
    assert (prime["upper_limit"] - prime["centre"]).iloc[0] > 2 * (
        plain["upper_limit"] - plain["centre"]
    ).iloc[0]


def test_neutral_direction_gives_neutral_classes():
    y = [5.0] * 6 + [5.5, 4.5] * 4 + [9] * 7
    frame = pd.DataFrame({"t": range(len(y)), "y": y})
    result = analyse(frame, value="y", date="t", improvement="neutral")
    assert set(result.points["point_type"]) <= {"common_cause", "neutral_high", "neutral_low"}
    assert result.summary["variation_icon"].iloc[0] == "neutral_high"


def test_multiplier_per_series_equals_one_call_each():
    frame = pd.DataFrame(
        {
            "s": ["a"] * 15 + ["b"] * 15,
            "t": list(range(15)) * 2,
            "num": [3, 4, 5, 3, 4] * 6,
            "den": [50] * 30,
            "scale": [100.0] * 15 + [1000.0] * 15,
            "target": [8.0] * 15 + [80.0] * 15,
        }
    )
    both = analyse(
        frame,
        numerator="num",
        denominator="den",
        date="t",
        series="s",
        chart="p",
        multiplier_column="scale",
        improvement="decrease",
        target_column="target",
    )
    for name, scale in (("a", 100), ("b", 1000)):
        alone = analyse(
            frame[frame.s == name].reset_index(drop=True),
            numerator="num",
            denominator="den",
            date="t",
            series="s",
            chart="p",
            multiplier=scale,
            improvement="decrease",
            target_column="target",
        )
        mine = both.points[both.points.s == name].reset_index(drop=True)
        np.testing.assert_allclose(mine["upper_limit"], alone.points["upper_limit"])
        assert (
            both.summary.set_index("s").loc[name, "assurance_icon"]
            == alone.summary["assurance_icon"].iloc[0]
        )
