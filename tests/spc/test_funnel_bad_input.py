"""Tables a funnel plot cannot be drawn from: refused with the column and rows named (from 1,
not counting the header)."""

import numpy as np
import pandas as pd
import pytest

from qijourney.spc.errors import SPCInputError
from qijourney.spc.funnel_table import funnel_table


def trusts(**changes):
    frame = pd.DataFrame(
        {
            "trust": ["North", "South", "East", "West", "Central"],
            "deaths": [100.0, 150.0, 180.0, 80.0, 120.0],
            "expected": [108.0, 112.0, 165.0, 95.0, 100.0],
        }
    )
    for column, values in changes.items():
        frame[column] = values
    return frame


def refused(frame, **options) -> str:
    options = {"numerator": "deaths", "denominator": "expected", "group": "trust", **options}
    with pytest.raises(SPCInputError) as error:
        funnel_table(frame, **options)
    return str(error.value)


def test_a_group_twice_is_refused_with_its_rows():
    frame = trusts(trust=["North", "South", "North", "West", "South"])
    message = refused(frame)
    assert "2 groups have several rows" in message
    assert "North: rows 1 and 3" in message and "South: rows 2 and 5" in message


def test_a_group_twice_in_one_indicator_only():
    frame = pd.concat([trusts(), trusts()], ignore_index=True)
    frame["measure"] = ["mortality"] * 5 + ["readmissions"] * 5
    funnel_table(
        frame, numerator="deaths", denominator="expected", group="trust", indicator="measure"
    )
    frame.loc[7, "trust"] = "North"
    message = refused(frame, indicator="measure")
    assert "1 group has several rows in one indicator" in message
    assert "North in readmissions: rows 6 and 8" in message


@pytest.mark.parametrize(
    ("values", "words", "row"),
    [
        (
            ["100", "150", "lots", "80", "120"],
            "values that are not numbers",
            "row 3 (East): 'lots'",
        ),
        ([100, 150, None, 80, 120], "no value (blank or n/a)", "row 3 (East)"),
        ([100, 150, np.inf, 80, 120], "values that are not finite", "row 3 (East)"),
        ([100, 150, -1, 80, 120], "is negative", "row 3 (East): numerator -1"),
    ],
)
def test_numerators_that_cannot_be_counted(values, words, row):
    message = refused(trusts(deaths=values))
    assert "Column 'deaths' (numerator)" in message and words in message and row in message
    assert "in 1 row" in message


@pytest.mark.parametrize("bad", [0.0, -3.0])
def test_denominators_must_be_more_than_zero(bad):
    message = refused(trusts(expected=[108.0, bad, 165.0, bad, 100.0]))
    assert "Column 'expected' (denominator) is zero or negative in 2 rows" in message
    assert "row 2 (South)" in message and "row 4 (West)" in message


def test_expected_counts_the_shmi_rounds_to_zero():
    message = refused(trusts(expected=[108.0, 0.004, 165.0, 95.0, 100.0]))
    assert "rounds to 0 in 1 row" in message and "row 2 (South)" in message
    funnel_table(
        trusts(expected=[108.0, 0.004, 165.0, 95.0, 100.0]),
        numerator="deaths",
        denominator="expected",
        group="trust",
        sr_method="CQC",
    )


def test_a_proportion_above_one():
    frame = trusts(deaths=[10, 20, 30, 40, 120], expected=[100, 100, 100, 100, 100])
    message = refused(frame, data_type="PR")
    assert "is more than the denominator in 1 row" in message and "row 5 (Central)" in message


def test_blank_group_names():
    message = refused(trusts(trust=["North", None, "East", "West", "Central"]))
    assert "Column 'trust' (group) is blank in 1 row" in message and "row 2" in message


def test_missing_columns_are_named_with_their_parts():
    message = refused(trusts(), numerator="died", indicator="measure")
    assert "'died' (numerator)" in message and "'measure' (indicator)" in message
    assert "'deaths'" in message  # what the table has


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"data_type": "XX"}, "Unknown funnel data type 'XX'"),
        ({"sr_method": "ONS"}, "Unknown SR method 'ONS'"),
        ({"limit": 90}, "limit must be 95 or 99 (99 means the 99.8% limits)"),
        ({"multiplier": 0}, "multiplier must be a number more than zero"),
        ({"trim_by": 0.6}, "trim_by must be more than 0 and less than 0.5"),
    ],
)
def test_options(options, words):
    assert words in refused(trusts(), **options)


def test_group_columns_may_not_take_a_column_name_the_table_adds():
    frame = trusts().rename(columns={"trust": "ratio"})
    assert "The group column cannot be named 'ratio'" in refused(frame, group="ratio")
    assert "both the group and the indicator" in refused(trusts(), indicator="trust")


def test_lower_case_data_types_are_read():
    table, facts = funnel_table(
        trusts(), numerator="deaths", denominator="expected", group="trust", data_type="sr"
    )
    assert facts["data_type"].iloc[0] == "SR" and len(table) == 5


def test_many_bad_rows_are_counted_and_the_first_shown():
    frame = pd.DataFrame({"trust": range(50), "deaths": -1.0, "expected": 10.0})
    message = refused(frame)
    assert "in 50 rows" in message and "row 1 (0)" in message and "row 10 (9)" in message
    assert "row 11 (10)" not in message
