"""Reading a measure's data from CSV or Excel: every row checked, every problem reported.

Nothing is saved here. The caller shows the preview and the errors; an import happens only when
there are no errors, and then all rows at once (see services.import_points).
"""

from __future__ import annotations

from qijourney.domain.constants import MAX_UPLOAD_POINTS
from qijourney.domain.errors import quoted
from qijourney.domain.upload_tables import FALSE, TRUE, ParsedUpload, read_upload
from qijourney.measures.models import Measure


def parse(measure: Measure, name: str, content: bytes) -> ParsedUpload:
    """Check every row; return the rows ready to save and one message per problem."""
    result = ParsedUpload()
    needed = ["date", "numerator", "denominator"] if measure.uses_ratio else ["date", "value"]
    upload, problem = read_upload(
        name,
        content,
        required=needed,
        optional=["annotation", "recalculate", "ghost", "baseline"],
        max_rows=MAX_UPLOAD_POINTS,
    )
    if problem:
        result.errors.append(problem)
        return result
    result.notes = upload.notes()
    # Dates and numbers are read a column at a time (one format per column, the file's
    # decimal mark), so a column written two ways stops the file with the rows named.
    dates, problem = upload.dates("date")
    fields = ("numerator", "denominator") if measure.uses_ratio else ("value",)
    numbers = {}
    for field in fields:
        numbers[field], field_problem = upload.numbers(field)
        problem = problem or field_problem
    if problem:
        result.errors.append(problem)
        return result
    seen: dict = {}
    for line, record in upload.frame.to_dict(orient="index").items():
        read = {"date": dates[line], **{f: numbers[f][line] for f in fields}}
        row, problems = check_row(measure, record, read)
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


def check_row(measure: Measure, record: dict, read: dict) -> tuple[dict | None, list[str]]:
    """One row's checks; ``read`` holds its date and numbers as their columns were read."""
    problems: list[str] = []
    text = str(record.get("date", "")).strip()
    date = read["date"]
    if date is None:
        problems.append(
            f"the date {quoted(text)} is not a date (use 2025-04-01 or 01/04/2025)"
            if text
            else "the date is missing"
        )
    row = {"date": date}
    fields = ("numerator", "denominator") if measure.uses_ratio else ("value",)
    for name in fields:
        value = read[name]
        if value is None:
            problems.append(f"{name} {quoted(record.get(name))} is not a number")
        row[name] = None if value is None or value != value else float(value)  # NaN: a gap
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
            problems.append(f"{flag} should be yes or no, not {quoted(record.get(flag))}")
        row[flag] = word in TRUE
    return (row if row["date"] is not None else None), problems
