"""Text in the files people download or the CLI writes: shown by a spreadsheet, never run, and
made only of characters the file can hold. Every writer uses these rules:

- CSV a person opens (the portfolio's export) has no cell types, so text that starts like a
  formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading single
  quote: OWASP's rule against CSV injection (:func:`csv_cell`). Numbers are left as they are,
  so a negative figure keeps its sign. The CLI's CSV tables are an analyst's data and are
  written exactly as they are.
- Excel files store every text cell as text (:func:`excel_row`): never a formula (openpyxl
  takes a str starting with ``=`` for one) nor an error value (``#N/A``), and with Excel's
  quote prefix when it starts like a formula, so editing the cell keeps it text. The text
  reads back exactly as written, but for line ends: a carriage return (with or without its
  line feed) is written as a line feed, Excel's line break, as any XML reader would read it.
- Excel files are XML, and reportlab's paragraphs are markup: a character XML 1.0 cannot hold
  (a control character other than tab, line feed and carriage return, half a surrogate pair,
  U+FFFE or U+FFFF) is replaced by U+FFFD, the replacement character, where it stood, so the
  file is still made and the reader sees something was there (:func:`xml_text`).
"""

from __future__ import annotations

import numbers
import re

from openpyxl.cell import WriteOnlyCell

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def csv_cell(value):
    """A cell of a CSV file a person opens in a spreadsheet: text that would start a formula
    gets a leading quote; numbers and empty cells are left alone; anything else is its text.

    >>> csv_cell('=HYPERLINK("https://example.org")'), csv_cell("-2 beds"), csv_cell(-2)
    ('\\'=HYPERLINK("https://example.org")', "'-2 beds", -2)
    >>> csv_cell("Falls: 50% fewer = safer"), csv_cell(None)
    ('Falls: 50% fewer = safer', None)
    """
    if value is None or isinstance(value, numbers.Number):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_text("Falls\\x0bper day") == "Falls\\ufffdper day", xml_text("tab\\tkept")
    (True, 'tab\\tkept')
    """
    return NOT_IN_XML.sub(REPLACEMENT, text) if NOT_IN_XML.search(text) else text


def excel_row(sheet, values) -> list:
    """``values`` ready for ``sheet.append``: each str as a text cell (see the module's
    rules), anything else (numbers, dates, booleans, None) as it is. Excel holds at most
    32,767 characters in a cell; openpyxl cuts longer text there."""
    return [_text_cell(sheet, value) if isinstance(value, str) else value for value in values]


def _text_cell(sheet, text: str):
    cell = WriteOnlyCell(sheet, xml_text(text.replace("\r\n", "\n").replace("\r", "\n")))
    cell.data_type = "s"  # after the value: openpyxl has just guessed "f" or "e" from it
    if text.startswith(FORMULA_LEADS):
        cell.quotePrefix = True
    return cell
