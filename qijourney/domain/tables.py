"""Reading incoming tables: the one reader for the CLI's files and the pages' uploads.

CSV (comma, semicolon or tab separated, found from the header), Excel and Parquet by extension.
This module reads the CLI's files with typed columns for the engine (:func:`read_for_analysis`:
a fast multi-threaded CSV parser with a progress bar, no limit but memory);
:mod:`qijourney.domain.upload_tables` reads the pages' uploads with every cell as text, within
the limits of ``domain/constants.py`` checked before parsing, so each row can be checked and
every problem reported with its row and column before anything is saved. Dates follow
:mod:`qijourney.domain.dates` and numbers :mod:`qijourney.domain.numbers`: one format per
column, never guessed.
"""

from __future__ import annotations

import contextlib
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from openpyxl.utils.exceptions import InvalidFileException
from tqdm import tqdm

from qijourney.domain.dates import read_date_column
from qijourney.domain.errors import TableError, numbered, quoted, rows_text
from qijourney.domain.numbers import read_number_column
from qijourney.domain.upload_checks import SEPARATORS, sniff_separator

__all__ = ["FALSE", "TRUE", "Reading", "TableError", "read_for_analysis", "read_table"]

CSV = (".csv", ".txt")
EXCEL = (".xlsx", ".xlsm")
PARQUET = (".parquet", ".pq")
READ_FORMATS = (*CSV, *EXCEL, *PARQUET)
UPLOAD_FORMATS = (*CSV, *EXCEL)
PROGRESS_DELAY = 0.5  # seconds before a bar appears: quick jobs stay quiet
SNIFF_BYTES = 64 * 1024  # the start of a CLI file, read to find its separator

# Words people type for yes and no in a flag column.
TRUE = {"true", "yes", "y", "1", "x"}
FALSE = {"false", "no", "n", "0", ""}

# What openpyxl and zipfile raise on a damaged or hostile workbook (defusedxml's refusals are
# ValueErrors): each becomes a TableError naming the file, never a server error.
BROKEN_WORKBOOK = (
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    NotImplementedError,  # zipfile: an unknown zip version or compression method
    RuntimeError,  # zipfile: an encrypted part
    InvalidFileException,
    ParseError,
    xml.parsers.expat.ExpatError,
)


def progress(**kwargs) -> tqdm:
    return tqdm(delay=PROGRESS_DELAY, leave=False, dynamic_ncols=True, **kwargs)


def suffix_of(label: str, formats: tuple[str, ...]) -> str:
    """The file's kind by its extension, refused clearly when it is not one of ``formats``."""
    suffix = Path(label).suffix.lower()
    if suffix not in formats:
        kinds = [f for f in (".csv", ".xlsx", ".parquet") if f in formats]
        listed = " or ".join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)
        raise TableError(
            f"{label}: cannot read {suffix or 'files without an extension'}; use {listed}"
        )
    return suffix


# The CLI: typed columns for the engine, as fast as the file can be read.


@dataclass
class Reading:
    """What reading a file for the engine did, for the CLI's summary."""

    separator: str | None = None  # a CSV's
    blank_rows: list[int] = field(default_factory=list)  # rows of empty cells (from 1)
    empty_lines: int = 0  # lines with nothing on them, passed over by the parser
    gaps: dict[str, int] = field(default_factory=dict)  # column: blank or n/a cells
    units: dict[str, str] = field(default_factory=dict)  # column: "%" when its values had it
    date_format: str | None = None

    def notes(self) -> list[str]:
        notes = []
        if self.separator and self.separator != ",":
            decimal = "; decimals with a comma" if self.separator == ";" else ""
            notes.append(f"Columns separated by {SEPARATORS[self.separator]}s{decimal}.")
        if self.date_format:
            notes.append(f"Dates read as {self.date_format}.")
        blank = len(self.blank_rows) + self.empty_lines
        if blank:
            where = f" ({rows_text(self.blank_rows)})" if self.blank_rows else ""
            notes.append(f"Ignored {blank:,} blank row{'s' if blank != 1 else ''}{where}.")
        for column, count in self.gaps.items():
            notes.append(
                f"{count:,} row{'s' if count != 1 else ''} with no {column} (blank or n/a): "
                "shown as gaps, left out of the limits."
            )
        return notes


def read_table(path: Path, *, sheet: str | None = None, quiet: bool = True) -> pd.DataFrame:
    """The table in a CSV, Excel or Parquet file, with typed columns for the engine.

    Raises :class:`TableError` naming the file when it cannot be read.
    """
    return _read_typed(path, sheet, quiet, text_columns=())[0]


def read_for_analysis(
    path: Path,
    *,
    sheet: str | None = None,
    quiet: bool = True,
    date: str | None = None,
    numbers: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, Reading]:
    """The table for the engine: blank rows dropped, the ``date`` column read in the one format
    all its rows fit (datetime64; numbers stay periods), the ``numbers`` columns as floats by
    the file's decimal mark. Raises :class:`TableError` naming the column and rows."""
    frame, reading = _read_typed(path, sheet, quiet, text_columns=numbers)
    frame = _drop_blank_rows(frame, reading)
    rows = _row_numbers(frame, reading) if reading.blank_rows else None  # None: from 1
    decimal = "," if reading.separator == ";" else "."
    for column in dict.fromkeys(numbers):
        if column not in frame.columns:
            continue  # the engine names missing columns with their roles
        read = read_number_column(frame[column], column, decimal=decimal, rows=rows)
        if read.not_numbers.any():
            bad = np.flatnonzero(read.not_numbers)
            where = numbered(rows, len(frame))[bad[:10]]
            shown = ", ".join(
                f"row {r} ({quoted(frame[column].iloc[i])})"
                for i, r in zip(bad, where, strict=False)
            )
            more = f" and {len(bad) - 10:,} more" if len(bad) > 10 else ""
            raise TableError(f"Column {column!r} has values that are not numbers: {shown}{more}")
        if frame[column].dtype != np.float64:  # a float column is already what it reads as
            frame[column] = read.values.to_numpy()
        if read.gaps.any():
            reading.gaps[column] = int(read.gaps.sum())
        if read.unit:
            reading.units[column] = read.unit
    if date is not None and date in frame.columns:
        raw = frame[date]
        if not (pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_datetime64_any_dtype(raw)):
            read = read_date_column(raw, date, rows=rows)
            if read.not_dates.any():
                bad = np.flatnonzero(read.not_dates)
                where = numbered(rows, len(frame))[bad[:10]]
                shown = ", ".join(
                    f"row {r} ({quoted(raw.iloc[i])})" for i, r in zip(bad, where, strict=False)
                )
                raise TableError(
                    f"Column {date!r} has values that are not dates in the column's format "
                    f"({read.format.name}): {shown}"
                )
            if read.numbers:
                frame[date] = pd.to_numeric(raw.astype("string").str.strip())
            else:
                values = read.values.to_numpy()
                whole = values.astype("datetime64[s]")
                # Whole seconds are stored as such, so outputs show 2023-04-01 00:00:00.
                frame[date] = whole if (whole == values)[~np.isnat(values)].all() else values
                reading.date_format = read.format.name if read.format else None
    return frame, reading


def _row_numbers(frame: pd.DataFrame, reading: Reading) -> np.ndarray:
    """Each remaining row's number in the file (from 1, not counting the header)."""
    numbers = np.arange(1, len(frame) + len(reading.blank_rows) + 1)
    if reading.blank_rows:
        numbers = np.delete(numbers, np.asarray(reading.blank_rows) - 1)
    return numbers


def _drop_blank_rows(frame: pd.DataFrame, reading: Reading) -> pd.DataFrame:
    if frame.shape[1] == 0 or len(frame) == 0:
        return frame
    # Column by column, stopping at the first with no blank cell (usually the first column):
    # no frame-sized mask of missing cells.
    blank = np.ones(len(frame), dtype=bool)
    for i in range(frame.shape[1]):
        blank &= frame.iloc[:, i].isna().to_numpy()
        if not blank.any():
            return frame
    reading.blank_rows = (np.flatnonzero(blank) + 1).tolist()
    return frame[~blank].reset_index(drop=True)


def _read_typed(path: Path, sheet, quiet: bool, text_columns) -> tuple[pd.DataFrame, Reading]:
    if not path.exists():
        raise TableError(f"{path}: no such file")
    suffix = suffix_of(str(path), READ_FORMATS)
    reading = Reading()
    try:
        if suffix in CSV:
            return _read_csv(path, quiet, reading, text_columns), reading
        with stage(f"Reading {path.name}", quiet):
            if suffix in EXCEL:
                frame = pd.read_excel(path, sheet_name=sheet or 0, engine="openpyxl")
            else:
                frame = pd.read_parquet(path)
        return frame, reading
    except pa.ArrowInvalid as error:
        hint = " (save the file as UTF-8)" if "UTF8" in str(error) else ""
        raise TableError(f"{path}: could not read the table{hint}: {error}") from error
    except (*BROKEN_WORKBOOK, pa.ArrowException) as error:
        raise TableError(f"{path}: could not read the table: {error}") from error


def _read_csv(path: Path, quiet: bool, reading: Reading, text_columns) -> pd.DataFrame:
    with open(path, "rb") as raw:
        start = raw.read(SNIFF_BYTES)
    encoding = "utf-16" if start.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf8"
    first = start.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    reading.separator = sniff_separator(first)
    with (
        open(path, "rb") as raw,
        progress(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            desc=f"Reading {path.name}",
            disable=quiet,
        ) as bar,
    ):
        # Multi-threaded parser; text columns stay text so the engine can name bad rows. In a
        # semicolon file the value columns are read as text, so "1.405" is never taken as 1.405
        # when the file's decimal mark is the comma.
        forced = {c: pa.string() for c in text_columns} if reading.separator == ";" else {}
        options = pa_csv.ConvertOptions(strings_can_be_null=True, column_types=forced)
        counting = _Counting(raw, bar)
        table = pa_csv.read_csv(
            counting,
            read_options=pa_csv.ReadOptions(encoding=encoding),
            parse_options=pa_csv.ParseOptions(delimiter=reading.separator),
            convert_options=options,
        )
    reading.empty_lines = counting.empty_lines
    # Dates become datetime64 columns, not Python date objects.
    return table.to_pandas(date_as_object=False)


class _Counting:
    """A file wrapper that moves a progress bar as bytes are read, and counts the empty lines
    the parser passes over (so the summary can say so)."""

    def __init__(self, raw, bar):
        self._raw = raw
        self._bar = bar
        self._last = b""
        self.empty_lines = 0
        self.closed = False

    def read(self, size=-1):
        chunk = self._raw.read(size)
        self._bar.update(len(chunk))
        if chunk:
            window = self._last + chunk[:2]
            self.empty_lines += _empty_lines(chunk) + (
                _empty_lines(window) - _empty_lines(self._last) - _empty_lines(chunk[:2])
            )
            self._last = chunk[-2:]
        return chunk

    def readable(self):
        return True

    def seekable(self):
        return False

    def close(self):
        self.closed = True


def _empty_lines(data: bytes) -> int:
    """Lines with nothing on them: a line end right after a line end (or after a line end and
    a carriage return). Found from the positions of the line ends, in vectorised passes:
    a quarter of the time of searching the bytes for both patterns, which cost a third of
    reading an ISO-dated CSV.

    >>> _empty_lines(b"a\\n\\n\\nb\\r\\n\\r\\n"), _empty_lines(b"a,b\\n1,2\\n")
    (3, 0)
    """
    codes = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(codes == 10)
    if len(ends) < 2:
        return 0
    apart = np.diff(ends)
    count = int(np.count_nonzero(apart == 1))
    crlf = ends[1:][apart == 2]
    if len(crlf):
        count += int(np.count_nonzero(codes[crlf - 1] == 13))
    return count


@contextlib.contextmanager
def stage(label: str, quiet: bool) -> Iterator[None]:
    """A bar without a total (elapsed time only) for steps that cannot report their progress."""
    with progress(total=None, desc=label, disable=quiet, bar_format="{desc}: {elapsed}"):
        yield
