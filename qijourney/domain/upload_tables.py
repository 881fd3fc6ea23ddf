"""Reading the pages' uploads (measure data, staff lists, past training): every cell as text,
within the limits of ``domain/constants.py`` checked before parsing (see
:mod:`qijourney.domain.upload_checks`), blank rows dropped and counted, each row indexed by its
line in the file so the caller can check every row and name every problem.

Dates and numbers are read a column at a time by the same rules as the CLI's files
(:meth:`Upload.dates`, :meth:`Upload.numbers`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from qijourney.domain.constants import MAX_UPLOAD_COLUMNS
from qijourney.domain.dates import parse_date, read_date_column
from qijourney.domain.errors import TableError, rows_text
from qijourney.domain.numbers import read_number_column
from qijourney.domain.tables import BROKEN_WORKBOOK, EXCEL, FALSE, TRUE, UPLOAD_FORMATS, suffix_of
from qijourney.domain.upload_checks import (
    check_csv_shape,
    check_size,
    check_xlsx,
    decode,
    duplicate_names,
    sniff_separator,
)

__all__ = ["FALSE", "TRUE", "ParsedUpload", "TableError", "Upload", "parse_date", "read_upload"]


def read_text_table(name: str, content: bytes, *, max_rows: int) -> tuple[pd.DataFrame, str]:
    """An uploaded CSV or Excel file with every cell as text (empty cells ""), its first row the
    header (as written, so duplicates show), and the file's decimal mark. The limits are
    checked before parsing. Raises :class:`TableError` naming the file."""
    suffix = suffix_of(name, UPLOAD_FORMATS)
    check_size(name, len(content))
    if suffix in EXCEL:
        check_xlsx(name, content)
        return _read_xlsx_text(name, content, max_rows), "."
    text = decode(name, content)
    separator = sniff_separator(text.split("\n", 1)[0])
    check_csv_shape(name, text, separator, max_rows)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except pd.errors.EmptyDataError:
        raise TableError(f"{name}: the file is empty") from None
    except (ValueError, pd.errors.ParserError) as error:
        raise TableError(f"{name}: could not read the table: {_parser_problem(error)}") from None
    return frame, "," if separator == ";" else "."


def _parser_problem(error: Exception) -> str:
    """pandas' complaint, in words: a row with more values than the header names (most often
    a number written with a thousands comma, 1,405, in a comma-separated file)."""
    import re

    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
    if found is None:
        return str(error)
    expected, line, saw = found.groups()
    return (
        f"line {line} has {saw} values but the first row names {expected} columns; a value "
        'with a comma in it (such as 1,405) must be in quotes ("1,405") or written without '
        "the comma"
    )


def _read_xlsx_text(name: str, content: bytes, max_rows: int) -> pd.DataFrame:
    """The first visible sheet's cells as text, read as a stream: at most one row and one
    column more than allowed are ever read, whatever the sheet claims."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            # The first sheet a person sees: a hidden one holds what they did not mean to send.
            visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
            if not visible:
                raise TableError(f"{name}: every sheet is hidden; unhide the one to send")
            sheet = visible[0]
            rows = []
            for row in sheet.iter_rows(max_col=MAX_UPLOAD_COLUMNS + 1, values_only=True):
                cells = list(row)
                while cells and cells[-1] is None:
                    cells.pop()
                if len(cells) > MAX_UPLOAD_COLUMNS:
                    raise TableError(
                        f"{name}: the sheet has more than {MAX_UPLOAD_COLUMNS} columns; send at "
                        "most that (only the columns the import reads are needed)"
                    )
                rows.append(["" if v is None else str(v) for v in cells])
                if len(rows) > max_rows + 1:
                    raise TableError(f"{name}: more than {max_rows:,} rows; send at most that")
        finally:
            book.close()
    except TableError:
        raise
    except BROKEN_WORKBOOK as error:
        raise TableError(
            f"{name}: could not read the workbook ({type(error).__name__}: {error}); open it in "
            "Excel, save it as .xlsx or .csv, and send it again"
        ) from None
    if _has_formulas(content):
        _refuse_unsaved_formulas(name, content, rows)
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)


def _has_formulas(content: bytes) -> bool:
    """Whether any sheet holds a formula (``<f>`` in its XML): only then is a second look
    needed. The zip was checked for its size and parts already."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(
            b"<f" in archive.read(part)
            for part in archive.namelist()
            if part.startswith("xl/worksheets/") and part.endswith(".xml")
        )


def _refuse_unsaved_formulas(name: str, content: bytes, rows: list[list[str]]) -> None:
    """A formula is read as the result the spreadsheet saved with it, never worked out here.
    A file written by a program may hold formulas with no saved result: read as blanks, its
    values would be lost unseen, so the cells are named and the file refused. (An empty
    text result, such as Excel saves for =IF(A2="","",A2), is saved: it is typed "str".)"""
    formulas = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    results = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        index = next(i for i, ws in enumerate(formulas.worksheets) if ws.sheet_state == "visible")
        limits = {"max_row": len(rows), "max_col": MAX_UPLOAD_COLUMNS + 1}
        unsaved = []
        for r, (written, saved) in enumerate(
            zip(
                formulas.worksheets[index].iter_rows(values_only=True, **limits),
                results.worksheets[index].iter_rows(**limits),
                strict=False,
            )
        ):
            for c, (value, cell) in enumerate(zip(written, saved, strict=False)):
                no_result = cell.value is None and getattr(cell, "data_type", "n") != "str"
                if isinstance(value, str) and value.startswith("=") and no_result:
                    unsaved.append(f"{get_column_letter(c + 1)}{r + 1} ({value[:40]})")
    finally:
        formulas.close()
        results.close()
    if unsaved:
        more = f" and {len(unsaved) - 5} more" if len(unsaved) > 5 else ""
        raise TableError(
            f"{name}: cells {', '.join(unsaved[:5])}{more} hold formulas with no saved result, "
            "so their values are not in the file; open it in Excel and save it (or send the "
            "values as CSV)"
        )


@dataclass
class ParsedUpload:
    """An upload checked row by row: the rows ready to save, and one message per problem."""

    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was passed over (blank rows)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


@dataclass
class Upload:
    """An upload's rows as text, indexed by their line in the file (the header is line 1)."""

    frame: pd.DataFrame
    decimal: str
    blank_rows: list[int]

    def notes(self) -> list[str]:
        if not self.blank_rows:
            return []
        n = len(self.blank_rows)
        return [f"Ignored {n} blank row{'s' if n != 1 else ''} ({rows_text(self.blank_rows)})."]

    def dates(self, column: str) -> tuple[pd.Series, str | None]:
        """The column's dates (``datetime.date`` or None) read in its one format, or the
        problem that stops the whole column (rows written in different ways)."""
        try:
            read = read_date_column(self.frame[column], column, rows=self.frame.index)
        except TableError as error:
            return pd.Series(None, index=self.frame.index, dtype=object), str(error)
        if read.numbers:
            dates = pd.Series(None, index=self.frame.index, dtype=object)
        else:
            # Object dtype throughout: a column whose every date was out of range (2263-01)
            # would otherwise be inferred as datetime64, its gaps NaT rather than None.
            dates = pd.Series(read.values.dt.date.to_numpy(), index=self.frame.index, dtype=object)
            dates = dates.where(read.values.notna().to_numpy(), None)
        return dates, None

    def numbers(self, column: str) -> tuple[pd.Series, str | None]:
        """The column as floats (NaN for gaps, None for text that is not a number), or the
        problem that stops the whole column (a value readable two ways, % on some rows)."""
        try:
            read = read_number_column(
                self.frame[column], column, decimal=self.decimal, rows=self.frame.index
            )
        except TableError as error:
            return pd.Series(None, index=self.frame.index, dtype=object), str(error)
        values = pd.Series(read.values.to_numpy(), index=self.frame.index, dtype=object)
        return values.where(~read.not_numbers, None), None


def read_upload(
    name: str,
    content: bytes,
    *,
    required: list[str],
    optional: list[str],
    max_rows: int,
    column=lambda text: str(text).strip().lower(),
) -> tuple[Upload | None, str | None]:
    """An upload's rows as text with their columns named by ``column``, blank rows dropped and
    counted, or the one problem that stops the whole file (too big, unreadable, a column
    twice, a required one missing, too many rows)."""
    try:
        raw, decimal = read_text_table(name, content, max_rows=max_rows)
    except TableError as error:
        return None, str(error)
    if raw.empty:
        return None, f"{name}: the file is empty"
    names = [column(c) for c in raw.iloc[0]]
    twice = duplicate_names(n for n in names if n)
    if twice:
        return None, (f"{name}: more than one column means {', '.join(twice)}: keep one of them")
    missing = [c for c in required if c not in names]
    if missing:
        return None, (
            f"{name}: the first row must name the columns {', '.join(required)} "
            f"(missing: {', '.join(missing)}); optional: {', '.join(optional)}"
        )
    frame = raw.iloc[1:].set_axis(names, axis=1).fillna("")
    frame.index = pd.RangeIndex(2, len(frame) + 2)  # each row's line: the header is line 1
    frame = frame[[n for n in dict.fromkeys(names) if n]]
    blank = (frame.apply(lambda c: c.str.strip()) == "").all(axis=1)
    blank_rows = frame.index[blank.to_numpy()].tolist()
    frame = frame[~blank.to_numpy()]
    if len(frame) > max_rows:
        return None, f"{name}: {len(frame):,} rows; send at most {max_rows:,} at once"
    return Upload(frame, decimal, blank_rows), None
