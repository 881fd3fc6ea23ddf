"""Checking fed figures, the one set of rules for uploads, the API and the services: where a
figure is for (a place of the feeding organisation, by ODS code, exact name or id), which month,
and whether its numerator and denominator fit the indicator's data type."""

from __future__ import annotations

import datetime as dt
import numbers
from collections import defaultdict

from django.utils import timezone

from qijourney.domain.constants import MAX_UPLOAD_POINTS
from qijourney.domain.errors import quoted
from qijourney.domain.upload_tables import ParsedUpload, read_upload
from qijourney.organisations.models import Organisation
from qijourney.system.models import Indicator
from qijourney.system.selectors.catalogue import places_fed

COLUMNS = ["unit", "period", "numerator", "denominator"]
MAX_ID_DIGITS = 18  # a place's id fits a 64-bit integer


# Figures no place could have: a count above a million million, a denominator so small that
# the ratio is meaningless (a standardised ratio's expected count may be fractional, 0.01).
MOST = 1e12
LEAST_DENOMINATOR = 1e-6
FIRST_PERIOD = dt.date(1900, 1, 1)


def figure_problems(data_type: str, numerator, denominator) -> list[tuple[str, str]]:
    """What is wrong with one period's numerator and denominator for ``data_type``, as
    (column, message) pairs."""
    problems = []
    for column, value in (("numerator", numerator), ("denominator", denominator)):
        if value is None or value != value:
            problems.append((column, f"the {column} is missing"))
        elif isinstance(value, bool) or not isinstance(value, numbers.Real):
            problems.append((column, f"{quoted(str(value).lower())} is not a number"))
    if problems:
        return problems
    if numerator < 0:
        problems.append(("numerator", f"{numerator:g} is negative"))
    if denominator <= 0:
        problems.append(("denominator", f"{denominator:g} must be more than 0"))
    elif denominator < LEAST_DENOMINATOR:
        problems.append(
            ("denominator", f"{denominator:g} is too small to divide by (the least is 0.000001)")
        )
    for column, value in (("numerator", numerator), ("denominator", denominator)):
        if value > MOST:
            problems.append(
                (
                    column,
                    f"{value:g} is more than any figure the platform takes (1,000,000,000,000)",
                )
            )
    if not float(numerator).is_integer():
        problems.append(("numerator", f"{numerator:g} must be a whole number (a count)"))
    if data_type == Indicator.DataType.PROPORTION:
        if not float(denominator).is_integer():
            problems.append(("denominator", f"{denominator:g} must be a whole number (a count)"))
        if numerator > denominator:
            problems.append(
                ("numerator", f"{numerator:g} is more than the denominator {denominator:g}")
            )
    return problems


def period_problem(indicator: Indicator, period: dt.date) -> str | None:
    """What is wrong with a period (its first day), if anything: one that has not begun yet
    or is before 1900 is a typing slip (9999-12, 0001-01) that would stretch the system's
    comparison for everyone."""
    this_month = timezone.localdate().replace(day=1)
    if period > this_month:
        return (
            f"{period_words(indicator, period)} has not begun (this month is "
            f"{this_month:%b %Y}): check the year"
        )
    if period < FIRST_PERIOD:
        return f"{period:%b} {period.year:04d} is before 1900: check the year"
    return None


def period_words(indicator: Indicator, start: dt.date) -> str:
    """``Apr 2025``, or for a quarterly indicator ``Apr to Jun 2025``."""
    if indicator.months_per_period == 1:
        return f"{start:%b %Y}"
    last = start.month + 2  # a quarter's last month, in the next year from November
    end = dt.date(start.year + (last - 1) // 12, (last - 1) % 12 + 1, 1)
    return (
        f"{start:%b %Y} to {end:%b %Y}" if end.year != start.year else f"{start:%b} to {end:%b %Y}"
    )


class Places:
    """The places a feed's figures may be for, found by ODS code (any case), exact name or id;
    a code or name that fits two places is refused, never guessed."""

    def __init__(self, feed_provider: Organisation):
        self.by_id: dict[int, Organisation] = {}
        self.by_code: dict[str, list[Organisation]] = defaultdict(list)
        self.by_name: dict[str, list[Organisation]] = defaultdict(list)
        for place in places_fed(feed_provider):
            self.by_id[place.pk] = place
            if place.code.strip():
                self.by_code[place.code.strip().upper()].append(place)
            self.by_name[place.name.strip()].append(place)
        self.system_feed = feed_provider.kind == Organisation.Kind.SYSTEM

    def find(self, given) -> tuple[Organisation | None, str | None]:
        if isinstance(given, int) and not isinstance(given, bool):
            place = self.by_id.get(given)
            return (place, None) if place else (None, f"unit {given} is not one of {self.whose}")
        text = str(given).strip()
        if not text:
            return None, "the unit is missing"
        # An id is ASCII digits of a sane length: "²" is a digit to isdigit() and 5,000
        # digits one to int(), yet neither is a number int() reads.
        as_id = text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS
        by_id = [self.by_id[int(text)]] if as_id and int(text) in self.by_id else []
        for found in (self.by_code.get(text.upper(), []), self.by_name.get(text, []), by_id):
            if len(found) > 1:
                return None, (
                    f"the unit {quoted(text)} fits {len(found)} places "
                    f"({', '.join(sorted(p.name for p in found))}): give its ODS code instead"
                )
            if found:
                return found[0], None
        return (
            None,
            f"the unit {quoted(text)} is not the ODS code or exact name of one of {self.whose}",
        )

    @property
    def whose(self) -> str:
        if self.system_feed:
            return "the system's GP practices"
        return "your organisation's places (the organisation, its directorates and wards)"


def parse(indicator: Indicator, feed_provider: Organisation, name: str, content: bytes):
    """Every row of an uploaded file checked; the rows ready to save and one message per
    problem, naming its row and column. Nothing is saved here."""
    result = ParsedUpload()
    upload, problem = read_upload(
        name, content, required=COLUMNS, optional=[], max_rows=MAX_UPLOAD_POINTS
    )
    if problem:
        result.errors.append(problem)
        return result
    result.notes = upload.notes()
    periods, problem = upload.dates("period")
    numbers = {}
    for column in ("numerator", "denominator"):
        numbers[column], column_problem = upload.numbers(column)
        problem = problem or column_problem
    if problem:
        result.errors.append(problem)
        return result
    places = Places(feed_provider)
    seen: dict = {}
    for line, record in upload.frame.to_dict(orient="index").items():
        problems = []
        place, unit_problem = places.find(record["unit"])
        if unit_problem:
            problems.append(f"unit: {unit_problem}")
        period = periods[line]
        if period is None:
            text = str(record["period"]).strip()
            problems.append(
                f"period: {quoted(text)} is not a month (use 2025-04 or Apr 2025)"
                if text
                else "period: the month is missing"
            )
        num, den = numbers["numerator"][line], numbers["denominator"][line]
        for column, value in (("numerator", num), ("denominator", den)):
            if value is None:
                problems.append(f"{column}: {quoted(record[column])} is not a number")
        if num is not None and den is not None:
            problems += [
                f"{column}: {message}"
                for column, message in figure_problems(indicator.data_type, num, den)
            ]
        if period is not None:
            period_wrong = period_problem(indicator, indicator.period_of(period))
            if period_wrong:
                problems.append(f"period: {period_wrong}")
        if place is not None and period is not None:
            key = (place.pk, indicator.period_of(period))
            if key in seen:
                problems.append(
                    f"period: {place.name} already has {period_words(indicator, key[1])} on row "
                    f"{seen[key]}"
                )
            seen.setdefault(key, line)
        for message in problems:
            result.errors.append(f"Row {line}, {message}")
        if not problems:
            result.rows.append(
                {
                    "unit": place.pk,
                    "unit_name": place.name,
                    "period": indicator.period_of(period),
                    "numerator": float(num),
                    "denominator": float(den),
                }
            )
    if not result.rows and not result.errors:
        result.errors.append(f"{name}: the file has no data rows")
    return result
