"""Bad input gets an error naming the series and the row, never a silent wrong chart."""

import numpy as np
import pandas as pd
import pytest

from qijourney.spc import SPCInputError, analyse


def wards(**columns):
    base = {"ward": ["A", "A", "A", "B", "B", "B"], "month": [1, 2, 3, 1, 2, 3]}
    base.update(columns)
    return pd.DataFrame(base)


def error_of(frame, **options) -> str:
    with pytest.raises(SPCInputError) as caught:
        analyse(frame, series="ward", date="month", **options)
    return str(caught.value)


def test_non_numeric_value_names_row_and_series():
    message = error_of(wards(falls=["1", "2", "3", "4", "five", "6"]), value="falls")
    assert "'falls'" in message and "row 5" in message and "ward=B" in message
    assert "'five'" in message


def test_duplicate_dates_within_a_series():
    frame = wards(falls=[1.0] * 6)
    frame.loc[2, "month"] = 2
    message = error_of(frame, value="falls")
    assert "Duplicate dates" in message and "rows 2 and 3" in message and "ward=A" in message


def test_numerator_above_denominator_on_a_p_chart():
    message = error_of(
        wards(num=[1, 2, 3, 4, 9, 6], den=[5] * 6), numerator="num", denominator="den", chart="p"
    )
    assert "row 5" in message and "numerator 9 is more than the denominator 5" in message


def test_u_chart_accepts_counts_above_exposure():
    result = analyse(
        wards(num=[1, 2, 3, 4, 9, 6], den=[5] * 6),
        series="ward",
        date="month",
        numerator="num",
        denominator="den",
        chart="u",
    )
    assert result.points["value"].iloc[4] == pytest.approx(1.8)


def test_negative_denominator():
    message = error_of(
        wards(num=[1] * 6, den=[5, 5, -5, 5, 5, 5]), numerator="num", denominator="den", chart="u"
    )
    assert "row 3" in message and "negative denominator" in message and "ward=A" in message


def test_t_chart_intervals_must_be_positive():
    message = error_of(wards(days=[3.0, 0.0, 4.0, 2.0, 5.0, 1.0]), value="days", chart="t")
    assert "row 2" in message and "more than zero" in message


@pytest.mark.parametrize(("option", "word"), [("chart", "q"), ("improvement", "sideways")])
def test_unknown_chart_or_direction(option, word):
    message = error_of(wards(falls=[1.0] * 6), value="falls", **{option: word})
    assert repr(word) in message


def test_unknown_chart_in_a_column_names_the_rows():
    frame = wards(falls=[1.0] * 6, kind=["xmr"] * 3 + ["pie"] * 3)
    message = error_of(frame, value="falls", chart_column="kind")
    assert "'kind'" in message and "4, 5, 6" in message and "'pie'" in message


def test_direction_must_be_one_per_series():
    frame = wards(falls=[1.0] * 6, way=["up", "up", "down", "down", "down", "down"])
    message = error_of(frame, value="falls", improvement_column="way")
    assert "ward=A" in message and "more than one improvement direction" in message


def test_missing_columns_are_listed_with_what_is_there():
    message = error_of(wards(falls=[1.0] * 6), value="fals")
    assert "'fals' (value)" in message and "'falls'" in message


def test_missing_dates_are_an_error():
    frame = wards(falls=[1.0] * 6)
    frame["month"] = [1, 2, None, 1, 2, 3]
    assert "row 3" in error_of(frame, value="falls")


def test_bad_flag_values():
    message = error_of(
        wards(falls=[1.0] * 6, new=["", "yes", "maybe", "", "", ""]),
        value="falls",
        recalculate_column="new",
    )
    assert "row 3" in message and "'maybe'" in message


def test_ratio_chart_without_numerator():
    assert "numerator" in error_of(wards(falls=[1.0] * 6), value="falls", chart="p")


def test_missing_values_are_gaps_not_errors():
    frame = wards(falls=[1.0, np.nan, 3.0, 4.0, None, 6.0])
    result = analyse(frame, series="ward", date="month", value="falls")
    assert result.points["value"].isna().sum() == 2


def test_every_problem_is_reported_at_once():
    message = error_of(wards(falls=["x", "2", "y", "4", "z", "6"]), value="falls")
    assert all(f"row {r}" in message for r in (1, 3, 5))


def test_unknown_preset_and_setting():
    with pytest.raises(SPCInputError, match="Unknown preset"):
        analyse(wards(falls=[1.0] * 6), value="falls", preset="excel")
    with pytest.raises(SPCInputError, match="Unknown rule setting"):
        analyse(wards(falls=[1.0] * 6), value="falls", shift_lenght=7)


def test_an_empty_table_gives_empty_results():
    empty = pd.DataFrame(
        {
            "ward": pd.Series(dtype=str),
            "month": pd.Series(dtype=float),
            "falls": pd.Series(dtype=float),
        }
    )
    result = analyse(empty, series="ward", date="month", value="falls")
    assert len(result.points) == 0 and len(result.summary) == 0


@pytest.mark.parametrize("name", ["segment", "n_useful", "longest_run", "moving_range"])
def test_a_key_column_named_like_a_result_is_refused(name):
    frame = pd.DataFrame({name: ["A"] * 12, "v": np.arange(12.0)})
    with pytest.raises(SPCInputError, match="used by the results"):
        analyse(frame, value="v", series=name, chart="run")
