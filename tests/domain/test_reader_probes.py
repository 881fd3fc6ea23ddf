"""What a careless upload found: a row with a thousands comma in a comma file is named in
words, and a workbook's hidden first sheet is never read in place of the one people see."""

from __future__ import annotations

import io

import openpyxl
import pytest

from qijourney.domain.upload_tables import read_upload


def read(name, content):
    return read_upload(name, content, required=["date", "value"], optional=[], max_rows=100)


def test_an_unquoted_thousands_comma_names_the_line_and_says_what_to_do():
    upload, problem = read("falls.csv", b"date,value\n2023-04-01,3\n2023-05-01,1,405\n")
    assert upload is None
    assert "line 3 has 3 values but the first row names 2 columns" in problem
    assert '"1,405"' in problem and "C error" not in problem


def workbook(*sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_a_hidden_first_sheet_is_passed_over_for_the_first_visible_one():
    content = workbook(
        ("Lookups", "hidden", [["date", "value"], ["2001-01-01", 99]]),
        ("Data", "visible", [["date", "value"], ["2023-04-01", 5]]),
    )
    upload, problem = read("falls.xlsx", content)
    assert problem is None
    assert upload.frame["value"].tolist() == ["5"]


def workbook_with_a_formula(saved: str | None) -> bytes:
    """points.xlsx whose B3 is =B2+1, with ``saved`` as the result stored beside it (as
    Excel stores it) or none (as a program such as openpyxl writes it)."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["date", "value"])
    book.active.append(["2025-01-06", 4])
    book.active.append(["2025-01-13", "=B2+1"])
    written = io.BytesIO()
    book.save(written)
    if saved is None:
        return written.getvalue()
    result = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(result, "w") as copy:
        for part in source.namelist():
            data = source.read(part)
            if part == "xl/worksheets/sheet1.xml" and saved == "":  # as Excel saves ""
                data = data.replace(
                    b'<c r="B3"><f>B2+1</f><v />', b'<c r="B3" t="str"><f>B2+1</f><v></v>'
                )
            elif part == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>B2+1</f><v />", f"<f>B2+1</f><v>{saved}</v>".encode())
            copy.writestr(part, data)
    return result.getvalue()


def test_a_formula_is_read_as_its_saved_result_and_refused_without_one():
    from qijourney.domain.errors import TableError
    from qijourney.domain.upload_tables import read_text_table

    frame, _ = read_text_table("points.xlsx", workbook_with_a_formula("5"), max_rows=10)
    assert frame.iloc[2].tolist() == ["2025-01-13", "5"]
    frame, _ = read_text_table("points.xlsx", workbook_with_a_formula(""), max_rows=10)
    assert frame.iloc[2].tolist() == ["2025-01-13", ""]  # an empty text result is a result
    with pytest.raises(TableError, match=r"cells B3 \(=B2\+1\) hold formulas with no saved"):
        read_text_table("points.xlsx", workbook_with_a_formula(None), max_rows=10)


@pytest.mark.parametrize("written", ["2263-01-01", "01/01/0001", "Apr 9999", "2263-01"])
def test_a_column_whose_every_date_is_out_of_range_reads_as_no_dates(written):
    """Each row is None, as for any text that is not a date, so the callers' ``is None``
    checks name the row (NaT slipped past them and crashed the page)."""
    upload, problem = read("dates.csv", f"date,value\n{written},1\n{written},2\n".encode())
    assert problem is None
    dates, problem = upload.dates("date")
    assert problem is None and dates.tolist() == [None, None]
