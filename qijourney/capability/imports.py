"""Reading a staff list from CSV or Excel: every row checked, every problem reported with its
row and column. Nothing is saved here (see services.import_staff, which takes all rows or none).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from qijourney.capability.models import Programme, StaffMember
from qijourney.domain.constants import MAX_STAFF_ROWS
from qijourney.domain.dates import parse_date
from qijourney.domain.errors import quoted
from qijourney.domain.upload_tables import FALSE, TRUE, ParsedUpload, Upload, read_upload
from qijourney.organisations.models import Organisation

REQUIRED = ["staff_number", "name", "role_group", "unit", "start_date"]
OPTIONAL = ["email", "manager", "end_date"]
# Other names staff lists use for the same columns (ESR exports, hand-made sheets).
ALIASES = {
    "assignment_number": "staff_number",
    "employee_number": "staff_number",
    "staff_no": "staff_number",
    "full_name": "name",
    "staff_group": "role_group",
    "department": "unit",
    "ward": "unit",
    "team": "unit",
    "start": "start_date",
    "hire_date": "start_date",
    "end": "end_date",
    "leaving_date": "end_date",
    "is_manager": "manager",
    "email_address": "email",
}


@dataclass
class ParsedStaff(ParsedUpload):
    summary: str = ""  # what importing would do, for the preview


def column_name(text: str) -> str:
    """
    >>> column_name(" Staff Number"), column_name("Staff-Group"), column_name("Hire date")
    ('staff_number', 'role_group', 'start_date')
    """
    key = "_".join(str(text).strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def unit_lookup(provider: Organisation) -> dict[str, list[Organisation]]:
    """Units by lower-cased name and by code; a name two units share is ambiguous."""
    found: dict[str, list[Organisation]] = {}
    for unit in Organisation.objects.filter(provider=provider):
        for key in {unit.name.strip().lower(), unit.code.strip().lower()} - {""}:
            found.setdefault(key, []).append(unit)
    return found


def parse(provider: Organisation, name: str, content: bytes) -> ParsedStaff:
    result = ParsedStaff()
    upload, problem = read_upload(
        name,
        content,
        required=REQUIRED,
        optional=OPTIONAL,
        max_rows=MAX_STAFF_ROWS,
        column=column_name,
    )
    if problem:
        result.errors.append(problem)
        return result
    result.notes = upload.notes()
    dates, problem = column_dates(upload, ("start_date", "end_date"))
    if problem:
        result.errors.append(problem)
        return result
    units = unit_lookup(provider)
    seen: dict[str, int] = {}
    for line, record in upload.frame.to_dict(orient="index").items():
        row, problems = check_row(record, units, {c: d[line] for c, d in dates.items()})
        number = row["staff_number"]
        if number and number in seen:
            problems.append(f"staff_number {quoted(number)} is also on row {seen[number]}")
        seen.setdefault(number, line)
        result.errors += [f"Row {line}: {p}" for p in problems]
        if not problems:
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(f"{name}: the file has no staff rows")
    known = set(
        StaffMember.objects.filter(provider=provider).values_list("staff_number", flat=True)
    )
    new = sum(row["staff_number"] not in known for row in result.rows)
    result.summary = f"{new} are new; the rest update the people with the same staff number."
    return result


def column_dates(upload: Upload, columns) -> tuple[dict, str | None]:
    """Each date column the file has, read in its one format (see domain/dates.py)."""
    found = {}
    for column in columns:
        if column in upload.frame.columns:
            found[column], problem = upload.dates(column)
            if problem:
                return found, problem
    return found, None


def check_row(
    record: dict, units: dict[str, list[Organisation]], dates: dict | None = None
) -> tuple[dict, list[str]]:
    """One staff row's checks; ``dates`` holds its dates as their columns were read (the API
    sends ISO dates, read here one by one)."""
    dates = dates or {}
    problems: list[str] = []
    text = {k: str(record.get(k, "")).strip() for k in REQUIRED + OPTIONAL}
    for column in REQUIRED:
        if not text[column]:
            problems.append(f"{column} is empty")
    row = {
        "staff_number": text["staff_number"][:40],
        "name": text["name"][:200],
        "role_group": text["role_group"][:80],
        "email": text["email"].lower(),
        "unit_id": None,
        "is_manager": False,
        "start_date": None,
        "end_date": None,
    }
    if text["email"]:
        try:
            validate_email(text["email"])
        except ValidationError:
            problems.append(f"email {quoted(text['email'])} is not an email address")
        if len(text["email"]) > 254:
            problems.append("email is longer than 254 characters")
    if text["unit"]:
        matches = units.get(text["unit"].lower(), [])
        if not matches:
            problems.append(
                f"unit {quoted(text['unit'])} is not a directorate or team of the organisation"
            )
        elif len(matches) > 1:
            problems.append(f"unit {quoted(text['unit'])} names {len(matches)} units: use its code")
        else:
            row["unit_id"] = matches[0].pk
    for column in ("start_date", "end_date"):
        if text[column]:
            row[column] = dates[column] if column in dates else parse_date(text[column])
            if row[column] is None:
                problems.append(
                    f"{column} {quoted(text[column])} is not a date (use 2025-04-01 or 01/04/2025)"
                )
    if row["start_date"] and row["end_date"] and row["end_date"] < row["start_date"]:
        problems.append("end_date is before start_date")
    manager = text["manager"].lower()
    if manager not in TRUE | FALSE:
        problems.append(f"manager should be yes or no, not {quoted(text['manager'])}")
    row["is_manager"] = manager in TRUE
    return row, problems


RECORD_COLUMNS = ["staff_number", "programme", "completed_on"]
RECORD_OPTIONAL = ["cohort"]
RECORD_ALIASES = {"course": "programme", "completed": "completed_on", "date": "completed_on"}


def record_column_name(text: str) -> str:
    key = column_name(text)
    return RECORD_ALIASES.get(key, key)


def parse_records(provider: Organisation, name: str, content: bytes) -> ParsedStaff:
    """Past completions (from the spreadsheets a trust kept before): staff number, programme
    and date, optionally the cohort. Every row checked against the staff list and programmes."""
    result = ParsedStaff()
    upload, problem = read_upload(
        name,
        content,
        required=RECORD_COLUMNS,
        optional=RECORD_OPTIONAL,
        max_rows=MAX_STAFF_ROWS,
        column=record_column_name,
    )
    if problem:
        result.errors.append(problem)
        return result
    result.notes = upload.notes()
    dates, problem = column_dates(upload, ("completed_on",))
    if problem:
        result.errors.append(problem)
        return result
    staff = dict(StaffMember.objects.filter(provider=provider).values_list("staff_number", "pk"))
    programmes = {
        n.strip().lower(): (pk, n)
        for pk, n in Programme.objects.filter(provider=provider).values_list("pk", "name")
    }
    today = dt.date.today()
    seen: dict[tuple, int] = {}
    for line, record in upload.frame.to_dict(orient="index").items():
        text = {k: str(record.get(k, "")).strip() for k in RECORD_COLUMNS + RECORD_OPTIONAL}
        problems = [f"{column} is empty" for column in RECORD_COLUMNS if not text[column]]
        number, programme = text["staff_number"], text["programme"]
        if number and number not in staff:
            problems.append(f"staff_number {quoted(number)} is not on the staff list")
        if programme and programme.lower() not in programmes:
            problems.append(
                f"programme {quoted(programme)} is not one of the organisation's programmes"
            )
        completed = dates["completed_on"][line] if text["completed_on"] else None
        if text["completed_on"] and completed is None:
            problems.append(f"completed_on {quoted(text['completed_on'])} is not a date")
        elif completed and completed > today:
            problems.append(f"completed_on {completed:%d/%m/%Y} is in the future")
        key = (number, programme.lower(), text["cohort"].lower())
        if number and programme and key in seen:
            problems.append(f"the same completion is also on row {seen[key]}")
        seen.setdefault(key, line)
        result.errors += [f"Row {line}: {p}" for p in problems]
        if not problems:
            programme_id, programme_name = programmes[programme.lower()]
            result.rows.append(
                {
                    "staff_id": staff[number],
                    "staff_number": number,
                    "programme_id": programme_id,
                    "programme": programme_name,
                    "cohort": text["cohort"][:120],
                    "completed_on": completed,
                }
            )
    if not result.rows and not result.errors:
        result.errors.append(f"{name}: the file has no rows")
    programmes_named = len({row["programme_id"] for row in result.rows})
    result.summary = (
        f"{len(result.rows)} completions of {programmes_named} "
        f"programme{'s' if programmes_named != 1 else ''}."
    )
    return result
