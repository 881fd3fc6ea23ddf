"""The rules every file a person downloads shares (qijourney/domain/exports.py): text a
spreadsheet shows and never runs, and only characters the file can hold."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from qijourney.domain.exports import FORMULA_LEADS, csv_cell, excel_row, xml_text
from tests.workbook import filled_cells, run_on_opening


@pytest.mark.parametrize("lead", FORMULA_LEADS, ids=repr)
def test_csv_text_that_starts_like_a_formula_gets_a_leading_quote(lead):
    assert csv_cell(f"{lead}HYPERLINK(A1)") == f"'{lead}HYPERLINK(A1)"


@pytest.mark.parametrize(
    "value",
    [-12, -0.5, Decimal("-3.0"), 0, None, "", "Falls", "a = b", " =1+1", "'=1+1", "5-3"],
    ids=repr,
)
def test_csv_numbers_and_other_text_stay_as_they_are(value):
    assert csv_cell(value) is value


def test_csv_anything_else_is_written_as_its_text():
    class Person:
        def __str__(self):
            return "=Evil name"

    assert csv_cell(Person()) == "'=Evil name"
    assert csv_cell(dt.date(2026, 4, 1)) == "2026-04-01"


def test_xml_text_replaces_only_what_xml_cannot_hold():
    forbidden = [chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
    forbidden += ["\ud800", "\udfff", "\ufffe", "\uffff"]
    for character in forbidden:
        assert xml_text(f"a{character}b") == "a\ufffdb", repr(character)
    kept = "tab\tnew line\ncarriage\r return, é, €, 😀, \x7f, \x85, \u2028"
    assert xml_text(kept) is kept


def test_excel_rows_store_text_as_text_and_keep_numbers_and_dates():
    book = Workbook()
    sheet = book.active
    text = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "#N/A", "#REF!", "a\x0bb", "plain"]
    when = dt.datetime(2026, 4, 1, 9, 30)
    sheet.append(excel_row(sheet, [*text, -3, 2.5, when, None, True]))
    buffer = io.BytesIO()
    book.save(buffer)
    cells = filled_cells(buffer.getvalue())
    assert run_on_opening(cells) == []
    read = [*text[:5], "\nx", *text[6:8], "a\ufffdb", "plain", -3, 2.5, when, True]
    assert [c.value for c in cells] == read  # a line end is written as Excel's line break
    assert [c.data_type for c in cells] == ["s"] * 10 + ["n", "n", "d", "b"]
    # Excel's own mark for text typed after a quote: editing the cell keeps it text.
    assert [c.quotePrefix for c in cells[:10]] == [True] * 6 + [False] * 4
