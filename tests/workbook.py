"""The cells of an Excel file the platform wrote, read back as openpyxl (and Excel) sees them."""

import io
from pathlib import Path

from openpyxl import load_workbook


def filled_cells(source: bytes | Path) -> list:
    """Every cell with a value, on every sheet."""
    book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value]


def run_on_opening(cells) -> list[str]:
    """Where a spreadsheet would compute something rather than show it: formulas and error
    values (an error cell is how "#N/A" typed as a name would be stored by mistake)."""
    return [f"{c.parent.title}!{c.coordinate}" for c in cells if c.data_type in ("f", "e")]
