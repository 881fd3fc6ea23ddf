"""The one reader: every supported date format round-trips, a column written two ways is never
read silently, separators and decimal marks round-trip, and the checks stay linear."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qijourney.domain.dates import read_date_column
from qijourney.domain.errors import TableError
from qijourney.domain.numbers import read_number_column
from qijourney.domain.tables import read_for_analysis
from qijourney.domain.upload_checks import check_xlsx, duplicate_names
from qijourney.domain.upload_tables import read_upload

# Each written form with the dates it can hold (months are the first of the month).
DAY_FORMS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%d-%b-%Y"]
MONTH_FORMS = ["%b-%y", "%b %Y", "%B %Y", "%Y-%m", "%b %y", "%b-%Y"]
days = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2068, 12, 31))


@settings(max_examples=60, deadline=None)
@given(st.lists(days, min_size=1, max_size=30), st.sampled_from(DAY_FORMS))
def test_every_day_format_round_trips(dates, form):
    read = read_date_column(pd.Series([d.strftime(form) for d in dates]), "d")
    assert read.values.dt.date.tolist() == dates


@settings(max_examples=60, deadline=None)
@given(st.lists(days, min_size=1, max_size=30), st.sampled_from(MONTH_FORMS))
def test_every_month_format_round_trips_to_the_first_of_the_month(dates, form):
    read = read_date_column(pd.Series([d.strftime(form) for d in dates]), "m")
    assert read.values.dt.date.tolist() == [d.replace(day=1) for d in dates]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2200, 1, 1)),
        min_size=1,
        max_size=20,
    )
)
def test_iso_datetimes_round_trip(times):
    times = [t.replace(microsecond=0) for t in times]
    read = read_date_column(pd.Series([t.isoformat() for t in times]), "t")
    assert read.values.dt.to_pydatetime().tolist() == times


@settings(max_examples=60, deadline=None)
@given(
    st.lists(days, min_size=1, max_size=10),
    st.lists(days, min_size=1, max_size=10),
    st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%b-%y"]),
    st.sampled_from(["%d/%m/%Y", "%d-%m-%Y"]),
    st.randoms(use_true_random=False),
)
def test_a_column_written_two_ways_is_always_refused(first, second, form_a, form_b, rng):
    values = [d.strftime(form_a) for d in first] + [d.strftime(form_b) for d in second]
    rng.shuffle(values)
    with pytest.raises(TableError, match="written in different ways"):
        read_date_column(pd.Series(values), "when")


@settings(max_examples=40, deadline=None)
@given(st.lists(days, min_size=1, max_size=10), days.filter(lambda d: d.day > 12))
def test_a_row_only_month_first_fits_is_refused(dates, us_date):
    values = [d.strftime("%d/%m/%Y") for d in dates] + [us_date.strftime("%m/%d/%Y")]
    with pytest.raises(TableError, match="month/day/year"):
        read_date_column(pd.Series(values), "when")


def test_apr_23_is_april_2023_and_keeps_the_order(tmp_path):
    path = tmp_path / "falls.csv"
    path.write_text("month,falls\nMar-23,4\nApr-23,5\nMay-23,3\n")
    frame, reading = read_for_analysis(path, date="month", numbers=("falls",))
    assert frame["month"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-03-01",
        "2023-04-01",
        "2023-05-01",
    ]
    assert "month-year" in reading.date_format


numbers = st.lists(
    st.decimals(min_value=-99999, max_value=99999, places=2, allow_nan=False), min_size=1
)


@settings(max_examples=40, deadline=None)
@given(numbers, st.sampled_from([",", ";", "\t"]), st.booleans())
def test_separators_and_decimal_marks_round_trip(tmp_path_factory, values, separator, percent):
    """A file written as a spreadsheet in that convention writes it reads back the same."""
    unit = "%" if percent else ""
    if separator == ";":
        cells = [f"{v:.2f}".replace(".", ",") + unit for v in values]
    else:
        cells = [f'"{v:,.2f}{unit}"' for v in values]  # thousands commas, quoted
    lines = [separator.join(["ward", "month", "value"])]
    lines += [separator.join(["A", f"{i + 1}", c]) for i, c in enumerate(cells)]
    path = tmp_path_factory.mktemp("sep") / "t.csv"
    path.write_text("\n".join(lines) + "\n\n")  # a trailing blank row is passed over
    frame, reading = read_for_analysis(path, date="month", numbers=("value",))
    assert frame["value"].tolist() == [float(v) for v in values]
    assert reading.separator == separator and reading.units.get("value", "") == unit


@pytest.mark.parametrize(
    ("values", "decimal"),
    [(["1,5", "2"], "."), (["1.405", "2"], ","), (["72%", "3"], "."), (["1,405.5"], ",")],
)
def test_a_number_readable_two_ways_is_refused(values, decimal):
    with pytest.raises(TableError, match="Column 'v'"):
        read_number_column(pd.Series(values), "v", decimal=decimal)


def test_the_duplicate_column_check_is_linear():
    names = [f"c{i}" for i in range(100_000)] + ["c5"]
    assert duplicate_names(names) == ["c5"]


def upload(content: bytes, name="f.csv"):
    return read_upload(name, content, required=["date", "value"], optional=[], max_rows=100)


def test_semicolons_percent_and_a_trailing_blank_row_upload():
    table, problem = upload(b"date;value\n01/04/2025;72,5%\n02/04/2025;70\n;\n")
    assert problem is None and table.blank_rows == [4]
    _values, problem = table.numbers("value")
    assert problem and "%" in problem  # some with %, some without: refused, not guessed
    table, _ = upload(b"date;value\n01/04/2025;72,5\n02/04/2025;70\n;\n")
    assert table.numbers("value")[0].tolist() == [72.5, 70.0]


def test_many_columns_are_refused_before_parsing():
    header = ",".join(f"c{i}" for i in range(10_000)).encode()
    assert "columns" in upload(header + b"\n")[1]


def zipped(parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (zipped({"xl/workbook.xml": b"<workbook/>"}), "Content_Types"),
        (zipped({"[Content_Types].xml": b"<Types/>"})[:40], "damaged"),
        (b"date,value\n2025-01-01,3\n", "name it .csv"),
        (zipped({"[Content_Types].xml": b"\0" * 50_000_000}), "far more"),
        (
            zipped(
                {
                    "[Content_Types].xml": b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "x">]>'
                    b"<Types>&a;</Types>"
                }
            ),
            "document type",
        ),
    ],
)
def test_broken_and_hostile_workbooks_are_refused_clearly(content, message):
    with pytest.raises(TableError, match=message):
        check_xlsx("f.xlsx", content)
