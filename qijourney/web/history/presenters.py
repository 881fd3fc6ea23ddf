"""History in plain words: field labels, values as people entered them, what happened.
No database: the selector passes the names that ids stand for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from qijourney.formatting import date

EMPTY = "(empty)"
# simple_history's kinds of version, in words, when no audit event says more.
KIND_OF_VERSION = {"+": "Created", "~": "Changed", "-": "Removed for good"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def field_label(model, name: str) -> str:
    """A field's label as the forms show it ("By when", "Start new limits here")."""
    if name == "deleted_at":
        return "Deleted"
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except Exception:  # a name the audit trail kept that is no field (team, rows)
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def value_text(field, text: str | None, names: dict | None = None) -> str:
    """A stored value (as the audit trail holds it: text) as a person reads it.

    >>> from qijourney.projects.models import Project
    >>> value_text(Project._meta.get_field("status"), "on_hold")
    'On hold'
    >>> value_text(Project._meta.get_field("aim_by_when"), "2026-04-01")
    '1 April 2026'
    >>> value_text(Project._meta.get_field("title"), "")
    '(empty)'
    """
    names = names or {}
    if text is None or text == "":
        return EMPTY
    if field is None:
        return text
    if field.is_relation:
        label = field.related_model._meta.label
        return "; ".join(
            names.get((label, int(part)), f"an item no longer here (number {part})")
            if part.isdigit()
            else part
            for part in text.split(", ")
        )
    if field.choices:
        return str(dict((str(k), v) for k, v in field.flatchoices).get(text, text))
    if isinstance(field, models.BooleanField):
        return {"True": "Yes", "False": "No"}.get(text, text)
    if isinstance(field, models.DateTimeField):
        try:
            when = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        return f"{date(when)}, {when:%H:%M}"
    if isinstance(field, models.DateField):
        try:
            return date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def changes(model, found: dict, names: dict | None = None) -> list[Change]:
    """``{field: [before, after]}`` as rows: label, before, after, in the model's order."""
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    rows = []
    for name in sorted(found, key=lambda n: order.get(n, len(order))):
        before, after = found[name]
        try:
            field = model._meta.get_field(name)
        except Exception:
            field = None
        rows.append(
            Change(
                field_label(model, name),
                value_text(field, before, names),
                value_text(field, after, names),
            )
        )
    return rows


def what_happened(history_type: str, action_label: str | None, found: dict) -> str:
    """Created, Changed, Deleted, Restored, Imported...: the audit event's action when the
    version is part of one, else what the version itself shows.

    >>> what_happened("~", None, {"deleted_at": [None, "2026-01-01 10:00:00+00:00"]})
    'Deleted'
    >>> what_happened("~", "Imported", {})
    'Imported'
    """
    if action_label:
        return action_label
    if "deleted_at" in found:
        return "Deleted" if found["deleted_at"][1] else "Restored"
    return KIND_OF_VERSION.get(history_type, "Changed")


def page_number(text: str) -> int:
    """The History page asked for (?page=): 1 unless a whole number from 1 up to 10,000.

    >>> page_number("3"), page_number(""), page_number("-1"), page_number("x")
    (3, 1, 1, 1)
    """
    return int(text) if text.isdigit() and 1 <= int(text) <= 10_000 else 1


def who(user) -> str:
    return str(user) if user is not None else "The system (an import or the upgrade)"


def when(moment: dt.datetime) -> str:
    """>>> when(dt.datetime(2026, 4, 1, 9, 5))
    '1 April 2026, 09:05'
    """
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{date(moment)}, {moment:%H:%M}"


def item_label(noun: str, text: str) -> str:
    """>>> item_label("data point", "Falls: 2026-04-01")
    'Data point: Falls: 2026-04-01'
    """
    return f"{noun[:1].upper()}{noun[1:]}: {text}"


def item_url(slug: str, item) -> str:
    """The page of the item whose history this is (a point's is its measure's)."""
    from django.urls import reverse

    pages = {
        "projects": lambda: reverse("project-detail", args=[item.pk]),
        "pdsa-cycles": lambda: reverse("pdsa-detail", args=[item.project_id, item.pk]),
        "boxes": lambda: reverse("driver-diagram", args=[item.project_id]),
        "measures": lambda: reverse("measure-detail", args=[item.pk]),
        "points": lambda: reverse("measure-detail", args=[item.measure_id]),
        "staff": lambda: reverse("capability-staff"),
        "cohorts": lambda: reverse("capability-cohort", args=[item.pk]),
        "rounds": lambda: reverse("assessment-round", args=[item.pk]),
        "actions": lambda: reverse("assessment-round", args=[item.round_id]),
        "evaluations": lambda: reverse("capability-cohort", args=[item.enrolment.cohort_id]),
        "targets": lambda: reverse("capability-plan"),
        "indicators": lambda: reverse("system-indicators") + f"#indicator-{item.pk}",
        "feeds": lambda: reverse("system-feed", args=[item.indicator_id]),
    }
    return pages[slug]()


def after_deleting(slug: str, item) -> str:
    """Where a deletion goes: a part's holder (a cycle's page is gone with it), else
    Recently deleted."""
    from django.urls import reverse

    pages = {
        "pdsa-cycles": lambda: reverse("project-detail", args=[item.project_id]),
        "boxes": lambda: reverse("driver-diagram", args=[item.project_id]),
        "points": lambda: reverse("measure-detail", args=[item.measure_id]),
        "targets": lambda: reverse("capability-plan"),
    }
    return pages.get(slug, lambda: reverse("recently-deleted"))()


def item_name(item) -> str:
    """An item as lists name it: a point by its measure and date as the pages write it."""
    if item._meta.label == "measures.DataPoint":
        return f"{item.measure}: {date(item.date)}"
    return str(item)


def version_label(row) -> str:
    """Which item a version is of, in words, from the version itself."""
    model = row.instance_type
    noun = str(model._meta.verbose_name)
    text = {
        "projects.Project": lambda: row.title,
        "projects.DriverNode": lambda: row.text,
        "projects.PDSACycle": lambda: f"{row.ramp} {row.number}: {row.title}",
        "measures.Measure": lambda: row.name,
        "measures.DataPoint": lambda: date(row.date),
        "capability.StaffMember": lambda: row.name,
        "assessment.AssessmentRound": lambda: row.name,
        "assessment.Action": lambda: row.text[:80],
        "capability.Cohort": lambda: row.name,
        "capability.Enrolment": lambda: _related(row, "staff"),
        "capability.Evaluation": lambda: f"level {row.level}",
        "projects.TeamMember": lambda: _related(row, "person"),
    }.get(model._meta.label, lambda: f"number {row.id}")()
    names = {"DriverNode": "driver diagram box", "DataPoint": "data point"}
    return item_label(names.get(model.__name__, noun), text)


def _related(row, name: str) -> str:
    """What a version's link names, or its number when that is gone."""
    try:
        return str(getattr(row, name))
    except Exception:  # removed for good since
        return f"number {getattr(row, f'{name}_id')}"


def version_rows(versions, names: dict, newer: set = frozenset()) -> list[dict]:
    """Each version as the History page shows it: when, who, what happened, to which
    item, and each field before and after. ``newer``: items (model label, id) with a newer
    version than those listed (on an earlier page)."""
    newest = _newest(versions)
    return [
        {
            "when": when(entry.row.history_date),
            "who": who(entry.row.history_user),
            "what": what_happened(
                entry.row.history_type,
                entry.event.get_action_display() if entry.event else None,
                entry.changes,
            ),
            "item": version_label(entry.row),
            "changes": changes(entry.row.instance_type, entry.changes, names),
            "row": entry.row,
            "slug": SLUGS.get(entry.row.instance_type._meta.label, ""),
            "current": _key(entry.row) not in newer and entry is newest.get(_key(entry.row)),
        }
        for entry in versions
    ]


def _newest(versions) -> dict:
    """Each item's newest version (the list is newest first): what is saved now, which
    there is nothing to restore from."""
    found = {}
    for entry in versions:
        found.setdefault(_key(entry.row), entry)
    return found


def _key(row) -> tuple:
    return (row.instance_type._meta.label, row.id)


# Which kinds of item have a History page of their own (for "Restore this version").
SLUGS = {
    "projects.Project": "projects",
    "projects.DriverNode": "boxes",
    "projects.PDSACycle": "pdsa-cycles",
    "measures.Measure": "measures",
    "measures.DataPoint": "points",
    "capability.StaffMember": "staff",
    "capability.Cohort": "cohorts",
    "assessment.AssessmentRound": "rounds",
    "assessment.Action": "actions",
    "capability.DosingTarget": "targets",
    "capability.Evaluation": "evaluations",
}
