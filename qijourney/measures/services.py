"""Writes to measures and their data: one transaction each, audited inside it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.audit.history import bulk_versions
from qijourney.audit.models import AuditEvent
from qijourney.audit.services import (
    live,
    record,
    restore_version,
    soft_delete,
    undelete,
    update_and_record,
)
from qijourney.measures.models import POINT_FIELDS, DataPoint, Measure, MeasureTarget
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import Permission, require, require_references_within

BATCH = 2000


@transaction.atomic
def create_measure(*, actor: Person, project, fields: dict) -> Measure:
    """A measure of ``project`` (a projects.Project: this app sits below projects)."""
    require(actor, Permission.ADD_MEASURE, project)
    require_references_within(project, fields)
    measure = Measure(project=project, provider=project.provider, **fields)
    measure.full_clean()
    measure.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=measure, provider=measure.provider)
    return measure


@transaction.atomic
def update_measure(*, actor: Person, measure: Measure, fields: dict, version: str = "") -> Measure:
    measure = live(measure)  # as stored, not as a bound form left it
    require(actor, Permission.CHANGE_MEASURE, measure)
    require_references_within(measure, fields)
    update_and_record(
        actor=actor, instance=measure, fields=fields, provider=measure.provider, version=version
    )
    return measure


@transaction.atomic
def set_target(*, actor: Person, measure: Measure, start_date, value: float):
    """A target from a date on; the measure's current target follows the latest one."""
    require(actor, Permission.CHANGE_MEASURE, measure)
    target, _ = MeasureTarget.objects.update_or_create(
        measure=measure, start_date=start_date, defaults={"value": value}
    )
    latest = measure.targets.order_by("-start_date").first()
    measure.target = latest.value
    measure.save(update_fields=["target", "updated"])
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        subject=measure,
        provider=measure.provider,
        changes={"target": [None, f"{value:g} from {start_date}"]},
    )
    return target


@transaction.atomic
def save_point(
    *, actor: Person, measure: Measure, date, replace: bool = False, **values
) -> DataPoint:
    """Add a point; the one already on that date is replaced only when ``replace`` says the
    person has seen it and chosen to."""
    require(actor, Permission.CHANGE_MEASURE, measure)
    live(measure)  # not to a measure deleted since the request read it
    # Locked while it is replaced; only the point's own row (PostgreSQL cannot lock the
    # optional side of the join that hides a deleted project's points).
    rows = DataPoint.objects.select_for_update(of=("self",)).filter(measure=measure, date=date)
    existing = rows.first()
    if existing is not None and not replace:
        raise ValidationError(
            f"There is already a point for {date:%d/%m/%Y}: confirm to replace it"
        )
    fields = {k: values.get(k, _default(k)) for k in POINT_FIELDS}
    created = existing is None
    if created:
        point = DataPoint.objects.create(measure=measure, date=date, **fields)
    else:
        point = existing
        for name, value in fields.items():
            setattr(point, name, value)
        point.save()
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        subject=point,
        provider=measure.provider,
        label=f"{measure} {date}",
    )
    return point


@transaction.atomic
def import_points(
    *, actor: Person, measure: Measure, rows: list[dict], source: str = ""
) -> tuple[int, int]:
    """Save every row or none: points on new dates are added, those on existing dates replaced.

    Returns (added, replaced).
    """
    require(actor, Permission.CHANGE_MEASURE, measure)
    live(measure)  # not to a measure deleted since the request read it
    existing = {
        p.date: p
        for p in DataPoint.objects.filter(measure=measure, date__in=[r["date"] for r in rows])
    }
    new, changed = [], []
    for row in rows:
        values = {k: row.get(k, _default(k)) for k in POINT_FIELDS}
        point = existing.get(row["date"])
        if point is None:
            new.append(DataPoint(measure=measure, date=row["date"], **values))
        elif any(getattr(point, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(point, name, value)
            changed.append(point)
    added, replaced = len(rows) - len(existing), len(existing)
    event = record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        subject=measure,
        provider=measure.provider,
        changes={"rows": [None, f"{added} added, {replaced} replaced from {source}"]},
    )
    # Each point added or changed is a version of its own, made in bulk, part of the import.
    DataPoint.objects.bulk_create(new, batch_size=BATCH)
    DataPoint.objects.bulk_update(changed, list(POINT_FIELDS), batch_size=BATCH)
    bulk_versions(new, event=event, actor=actor)
    bulk_versions(changed, event=event, actor=actor, update=True)
    return added, replaced


# Undo: deleting, restoring a deleted item, restoring a version, by the rule for changing
# the measure (a board metric's: the central QI team's or the executive lead's).


def _measure_of(item) -> Measure:
    return item if isinstance(item, Measure) else Measure.all_objects.get(pk=item.measure_id)


@transaction.atomic
def delete_item(*, actor: Person, item: Measure | DataPoint) -> None:
    measure = _measure_of(item)
    require(actor, Permission.CHANGE_MEASURE, measure)
    soft_delete(actor=actor, instance=item, provider=measure.provider, label=_label(item))


@transaction.atomic
def restore_item(*, actor: Person, item: Measure | DataPoint) -> None:
    measure = _measure_of(item)
    require(actor, Permission.CHANGE_MEASURE, measure)
    undelete(actor=actor, instance=item, provider=measure.provider, label=_label(item))


@transaction.atomic
def restore_item_version(*, actor: Person, item: Measure | DataPoint, row, version: str = ""):
    measure = _measure_of(item)
    require(actor, Permission.CHANGE_MEASURE, measure)
    return restore_version(
        actor=actor, instance=item, row=row, provider=measure.provider, version=version
    )


def _label(item) -> str:
    return f"{item.measure} {item.date}" if isinstance(item, DataPoint) else str(item)


def _default(field: str):
    return (
        False
        if field in ("recalculate", "ghost", "baseline")
        else ("" if field == "annotation" else None)
    )
