"""Reading a measure's data from CSV or Excel: every row checked, every problem reported.

Nothing is saved here. The caller shows the preview and the errors; an import happens only when
there are no errors, and then all rows at once (see services.import_points).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from qijourney.measures.models import Measure

TRUE = {"true", "yes", "y", "1", "x"}
FALSE = {"false", "no", "n", "0", ""}
MAX_ROWS = 20_000


@dataclass
class ParsedUpload:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_file(name: str, content: bytes) -> pd.DataFrame:
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl")
    if lower.endswith((".csv", ".txt")):
        return pd.read_csv(
            io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    raise ValueError("Upload a .csv or .xlsx file")


def read_table(
    name: str,
    content: bytes,
    *,
    required: list[str],
    optional: list[str],
    max_rows: int,
    column=lambda text: str(text).strip().lower(),
) -> tuple[pd.DataFrame | None, str | None]:
    """The file's rows with their columns named by ``column``, or the one problem that stops
    the whole file (unreadable, a required column missing, too many rows)."""
    try:
        frame = read_file(name, content)
    except (ValueError, OSError, zipfile.BadZipFile) as error:
        return None, f"{name}: {error}"
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


def parse(measure: Measure, name: str, content: bytes) -> ParsedUpload:
    """Check every row; return the rows ready to save and one message per problem."""
    result = ParsedUpload()
    needed = ["date", "numerator", "denominator"] if measure.uses_ratio else ["date", "value"]
    frame, problem = read_table(
        name,
        content,
        required=needed,
        optional=["annotation", "recalculate", "ghost", "baseline"],
        max_rows=MAX_ROWS,
    )
    if problem:
        result.errors.append(problem)
        return result
    seen: dict = {}
    for index, record in enumerate(frame.to_dict(orient="records")):
        line = index + 2  # the file's line: the header is line 1
        row, problems = check_row(measure, record)
        if row and row["date"] in seen:
            problems.append(f"the date {row['date']:%d/%m/%Y} is also on row {seen[row['date']]}")
        for problem in problems:
            result.errors.append(f"Row {line}: {problem}")
        if row and not problems:
            seen[row["date"]] = line
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(f"{name}: the file has no data rows")
    return result


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")


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


def check_row(measure: Measure, record: dict) -> tuple[dict | None, list[str]]:
    problems: list[str] = []
    text = str(record.get("date", "")).strip()
    date = parse_date(text)
    if date is None:
        problems.append(
            f"the date {text!r} is not a date (use 2025-04-01 or 01/04/2025)"
            if text
            else "the date is missing"
        )
    row = {"date": date}
    fields = ("numerator", "denominator") if measure.uses_ratio else ("value",)
    for name in fields:
        raw = str(record.get(name, "")).strip().replace(",", "")
        if raw == "":
            row[name] = None  # a gap, allowed
            continue
        try:
            row[name] = float(raw)
        except ValueError:
            row[name] = math.nan
        if not math.isfinite(row[name]):
            problems.append(f"{name} {record.get(name)!r} is not a number")
            row[name] = None
    if measure.uses_ratio:
        num, den = row.get("numerator"), row.get("denominator")
        if den is not None and den < 0:
            problems.append(f"the denominator {den:g} is negative")
        if num is not None and num < 0:
            problems.append(f"the numerator {num:g} is negative")
        if measure.is_proportion and num is not None and den is not None and num > den:
            problems.append(f"the numerator {num:g} is more than the denominator {den:g}")
        if (num is None) != (den is None):
            problems.append("give both the numerator and the denominator, or neither")
    if measure.chart_type == "t" and row.get("value") is not None and row["value"] <= 0:
        problems.append("a time between events must be more than zero")
    row["annotation"] = str(record.get("annotation", "")).strip()[:200]
    for flag in ("recalculate", "ghost", "baseline"):
        word = str(record.get(flag, "")).strip().lower()
        if word not in TRUE | FALSE:
            problems.append(f"{flag} should be yes or no, not {record.get(flag)!r}")
        row[flag] = word in TRUE
    return (row if row["date"] is not None else None), problems
