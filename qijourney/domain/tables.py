"""Reading incoming tables: the one reader for the CLI's files and the pages' uploads.

CSV, Excel and Parquet by extension. The CLI reads files with typed columns for the engine
(:func:`read_table`: a fast multi-threaded CSV parser with a progress bar); the pages read
uploads with every cell as text (:func:`read_upload`), so each row can be checked and every
problem reported with its row and column before anything is saved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from tqdm import tqdm

CSV = (".csv", ".txt")
EXCEL = (".xlsx", ".xlsm")
PARQUET = (".parquet", ".pq")
READ_FORMATS = (*CSV, *EXCEL, *PARQUET)
UPLOAD_FORMATS = (*CSV, *EXCEL)
PROGRESS_DELAY = 0.5  # seconds before a bar appears: quick jobs stay quiet

# Words people type for yes and no in a flag column.
TRUE = {"true", "yes", "y", "1", "x"}
FALSE = {"false", "no", "n", "0", ""}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")


class TableError(Exception):
    """A file that cannot be read or written, with a message for the user."""


def progress(**kwargs) -> tqdm:
    return tqdm(delay=PROGRESS_DELAY, leave=False, dynamic_ncols=True, **kwargs)


def _suffix(label: str, formats: tuple[str, ...]) -> str:
    """The file's kind by its extension, refused clearly when it is not one of ``formats``."""
    suffix = Path(label).suffix.lower()
    if suffix not in formats:
        kinds = [f for f in (".csv", ".xlsx", ".parquet") if f in formats]
        listed = " or ".join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)
        raise TableError(
            f"{label}: cannot read {suffix or 'files without an extension'}; use {listed}"
        )
    return suffix


def read_table(path: Path, *, sheet: str | None = None, quiet: bool = True) -> pd.DataFrame:
    """The table in a CSV, Excel or Parquet file, with typed columns for the engine.

    Raises :class:`TableError` naming the file when it cannot be read.
    """
    if not path.exists():
        raise TableError(f"{path}: no such file")
    suffix = _suffix(str(path), READ_FORMATS)
    try:
        if suffix in CSV:
            return _read_csv(path, quiet)
        with stage(f"Reading {path.name}", quiet):
            if suffix in EXCEL:
                return pd.read_excel(path, sheet_name=sheet or 0, engine="openpyxl")
            return pd.read_parquet(path)
    except (ValueError, OSError, zipfile.BadZipFile, pa.ArrowException) as error:
        raise TableError(f"{path}: could not read the table: {error}") from error


def read_text_table(name: str, content: bytes) -> pd.DataFrame:
    """An uploaded CSV or Excel file with every cell as text (empty cells ""), so each row
    can be checked and reported. Raises :class:`TableError` naming the file."""
    suffix = _suffix(name, UPLOAD_FORMATS)
    try:
        if suffix in EXCEL:
            return pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl").fillna("")
        return pd.read_csv(
            io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    except (ValueError, OSError, zipfile.BadZipFile) as error:
        raise TableError(f"{name}: could not read the table: {error}") from error


def _read_csv(path: Path, quiet: bool) -> pd.DataFrame:
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
        # Multi-threaded parser; text columns stay text so the engine can name bad rows.
        options = pa_csv.ConvertOptions(strings_can_be_null=True)
        table = pa_csv.read_csv(_Counting(raw, bar), convert_options=options)
    # Dates become datetime64 columns, not Python date objects.
    return table.to_pandas(date_as_object=False)


class _Counting:
    """A file wrapper that moves a progress bar as bytes are read."""

    def __init__(self, raw, bar):
        self._raw = raw
        self._bar = bar
        self.closed = False

    def read(self, size=-1):
        chunk = self._raw.read(size)
        self._bar.update(len(chunk))
        return chunk

    def readable(self):
        return True

    def seekable(self):
        return False

    def close(self):
        self.closed = True


@contextlib.contextmanager
def stage(label: str, quiet: bool) -> Iterator[None]:
    """A bar without a total (elapsed time only) for steps that cannot report their progress."""
    with progress(total=None, desc=label, disable=quiet, bar_format="{desc}: {elapsed}"):
        yield


@dataclass
class ParsedUpload:
    """An upload checked row by row: the rows ready to save, and one message per problem."""

    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_upload(
    name: str,
    content: bytes,
    *,
    required: list[str],
    optional: list[str],
    max_rows: int,
    column=lambda text: str(text).strip().lower(),
) -> tuple[pd.DataFrame | None, str | None]:
    """An upload's rows as text with their columns named by ``column``, or the one problem
    that stops the whole file (unreadable, a column twice, a required one missing, too big)."""
    try:
        frame = read_text_table(name, content)
    except TableError as error:
        return None, str(error)
    frame.columns = [column(c) for c in frame.columns]
    twice = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if twice:
        return None, (f"{name}: more than one column means {', '.join(twice)}: keep one of them")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        return None, (
            f"{name}: the first row must name the columns {', '.join(required)} "
            f"(missing: {', '.join(missing)}); optional: {', '.join(optional)}"
        )
    if len(frame) > max_rows:
        return None, f"{name}: {len(frame):,} rows; send at most {max_rows:,} at once"
    return frame.fillna(""), None


def parse_date(text: str) -> dt.date | None:
    """ISO dates, and the UK day-first forms people type into spreadsheets.

    >>> parse_date("2025-04-01"), parse_date("01/04/2025"), parse_date("1 April 2025")
    (datetime.date(2025, 4, 1), datetime.date(2025, 4, 1), datetime.date(2025, 4, 1))
    >>> parse_date("04/31/2025") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None
