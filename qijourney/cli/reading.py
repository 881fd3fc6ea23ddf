"""How the CLI reads its input for the engine, and what it says about what it read: blank rows,
gaps, the date format, and the series with too few points for limits (on stderr)."""

from __future__ import annotations

import pandas as pd

from qijourney.charts import series_label
from qijourney.domain.tables import Reading, read_for_analysis
from qijourney.spc.errors import SPCInputError


def read_input(args) -> tuple[pd.DataFrame, Reading]:
    """The table, its date column read in its one format and its number columns by the file's
    decimal mark (the engine gets datetime64 and floats)."""
    # The commands name different columns; each reads those it has as numbers.
    roles = (
        "value",
        "numerator",
        "denominator",
        "target_column",
        "trajectory_column",
        "multiply_column",
    )
    numbers = tuple(getattr(args, role, None) for role in roles)
    return read_for_analysis(
        args.input,
        sheet=args.sheet,
        quiet=args.quiet,
        date=getattr(args, "date", None),
        numbers=tuple(c for c in numbers if c),
    )


def renumbered(error: Exception, reading: Reading) -> str:
    """The engine numbers the rows it was given: say so when blank rows came out before."""
    if isinstance(error, SPCInputError) and reading.blank_rows:
        n = len(reading.blank_rows)
        return f"\n(rows are counted without the {n:,} blank row{'s' if n != 1 else ''} ignored)"
    return ""


def short_series(summary: pd.DataFrame, series: tuple[str, ...], shown: int = 10) -> list[str]:
    """One line per series whose limits are withheld or trial limits, and why."""
    if "warnings" not in summary.columns:
        return []
    warned = summary[summary["warnings"].astype(str) != ""]
    if warned.empty:
        return []
    labels = series_label(warned.iloc[:shown], series)
    have = "has" if len(warned) == 1 else "have"
    lines = [f"{len(warned):,} series {have} too few points for full limits:"]
    lines += [
        f"  {label}: {warning} (n={n})"
        for label, warning, n in zip(
            labels, warned["warnings"].iloc[:shown], warned["n"].iloc[:shown], strict=True
        )
    ]
    if len(warned) > shown:
        lines.append(f"  ... and {len(warned) - shown:,} more (see the summary's warnings)")
    return lines
