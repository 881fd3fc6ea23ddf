"""Writing the CLI's tables (CSV, Excel, Parquet) with progress, all outputs moved into place
together. Reading is :mod:`qijourney.domain.tables`, the one reader of incoming tables.

CSV and Parquet hold an analyst's values exactly as they are. Excel stores text as text, never
as a formula, with only the characters it can hold (:mod:`qijourney.domain.exports`)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from openpyxl import Workbook
from openpyxl.styles import Font

from qijourney.domain.exports import excel_row
from qijourney.domain.tables import TableError, progress, stage

WRITE_FORMATS = (".csv", ".xlsx", ".parquet")
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet is the header


def check_writable(path: Path, rows: int) -> None:
    """Refuse before any work is written: unknown format, missing folder, too big for Excel."""
    suffix = path.suffix.lower()
    if suffix not in WRITE_FORMATS:
        raise TableError(
            f"{path}: tables are written as .csv, .xlsx or .parquet, not "
            f"{suffix or 'a file without an extension'}"
        )
    if not path.parent.exists():
        raise TableError(f"{path}: the folder {path.parent} does not exist")
    if suffix == ".xlsx" and rows > EXCEL_MAX_ROWS:
        raise TableError(
            f"{path}: {rows:,} rows do not fit in an Excel sheet "
            f"({EXCEL_MAX_ROWS:,} at most); write .csv or .parquet instead"
        )


def write_table(frame: pd.DataFrame, path: Path, temporary: Path, quiet: bool = False) -> None:
    """Write ``frame`` in the format ``path``'s extension names, into ``temporary``.

    The caller moves it into place (see :func:`atomic_path`) once every output is written.
    """
    check_writable(path, len(frame))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _write_csv(frame, temporary, path.name, quiet)
        return
    with stage(f"Writing {path.name}", quiet):
        if suffix == ".parquet":
            frame.to_parquet(temporary, index=False)
            return
        _write_excel(frame, temporary)


def _write_excel(frame: pd.DataFrame, target: Path) -> None:
    """One sheet, a bold header, then the rows: text as text cells (pandas' to_excel would
    store a series named "=..." as a formula), numbers, dates and flags as they are, missing
    values as empty cells."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    header = excel_row(sheet, [str(name) for name in frame.columns])
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    columns = [_excel_values(frame.iloc[:, i]) for i in range(frame.shape[1])]
    for values in zip(*columns, strict=True):
        sheet.append(excel_row(sheet, values))
    book.save(target)


def _excel_values(column: pd.Series) -> list:
    """A column as the Python values openpyxl writes: categories as their labels, times
    without a time zone (Excel has none), missing values as None."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    return column.astype(object).where(column.notna(), None).tolist()


def _write_csv(frame: pd.DataFrame, target: Path, name: str, quiet: bool) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # CSV cannot hold dictionary-encoded columns; categories are written as their labels.
    # Times that are all midnight were dates in the input: written as dates (2025-03-01),
    # not as 2025-03-01 00:00:00.000.
    columns = [
        col.cast(pa.string())
        if pa.types.is_dictionary(col.type)
        else (col.cast(pa.date32()) if _dates_only(col) else col)
        for col in table.columns
    ]
    table = pa.table(columns, names=table.column_names)
    batch_rows = 250_000
    with (
        pa_csv.CSVWriter(str(target), table.schema) as writer,
        progress(
            total=table.num_rows,
            unit="rows",
            unit_scale=True,
            desc=f"Writing {name}",
            disable=quiet,
        ) as bar,
    ):
        for batch in table.to_batches(max_chunksize=batch_rows):
            writer.write_batch(batch)
            bar.update(batch.num_rows)


def _dates_only(column: pa.ChunkedArray) -> bool:
    """A time zone free timestamp column whose every value is a midnight."""
    if not pa.types.is_timestamp(column.type) or column.type.tz is not None:
        return False
    ticks = column.cast(pa.int64()).to_numpy(zero_copy_only=False)  # nulls come back as NaN
    ticks = ticks[~np.isnan(ticks)] if ticks.dtype.kind == "f" else ticks
    per_day = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}
    return bool(np.all(np.remainder(ticks, per_day[column.type.unit]) == 0))


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, moved into place only if the block succeeds."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp makes the file private (0600); give it the permissions a new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
