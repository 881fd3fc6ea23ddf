"""Writes to measures and their data: one transaction each, audited inside it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.audit.models import AuditEvent
from qijourney.audit.services import changes_between, record, update_and_record
from qijourney.measures.models import POINT_FIELDS, DataPoint, Measure, MeasureTarget
from qijourney.organisations.models import Person
from qijourney.organisations.permissions import Permission, require, require_references_within


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
    measure = Measure.objects.get(pk=measure.pk)  # as stored, not as a bound form left it
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
    existing = DataPoint.objects.filter(measure=measure, date=date).first()
    if existing is not None and not replace:
        raise ValidationError(
            f"There is already a point for {date:%d/%m/%Y}: confirm to replace it"
        )
    before = {k: getattr(existing, k) for k in POINT_FIELDS} if existing else {}
    point, created = DataPoint.objects.update_or_create(
        measure=measure, date=date, defaults={k: values.get(k, _default(k)) for k in POINT_FIELDS}
    )
    after = {k: getattr(point, k) for k in POINT_FIELDS}
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        subject=measure,
        provider=measure.provider,
        label=f"{measure} {date}",
        changes={"date": [None, str(date)], **changes_between(before, after)},
    )
    return point


@transaction.atomic
def delete_point(*, actor: Person, point: DataPoint) -> None:
    require(actor, Permission.CHANGE_MEASURE, point.measure)
    record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        subject=point.measure,
        provider=point.measure.provider,
        label=f"{point.measure} {point.date}",
        changes={"date": [str(point.date), None]},
    )
    point.delete()


@transaction.atomic
def import_points(
    *, actor: Person, measure: Measure, rows: list[dict], source: str = ""
) -> tuple[int, int]:
    """Save every row or none: points on new dates are added, those on existing dates replaced.

    Returns (added, replaced).
    """
    require(actor, Permission.CHANGE_MEASURE, measure)
    dates = [row["date"] for row in rows]
    existing = set(
        DataPoint.objects.filter(measure=measure, date__in=dates).values_list("date", flat=True)
    )
    DataPoint.objects.filter(measure=measure, date__in=existing).delete()
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure, date=row["date"], **{k: row.get(k, _default(k)) for k in POINT_FIELDS}
        )
        for row in rows
    )
    added, replaced = len(rows) - len(existing), len(existing)
    record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        subject=measure,
        provider=measure.provider,
        changes={"rows": [None, f"{added} added, {replaced} replaced from {source}"]},
    )
    return added, replaced


def _default(field: str):
    return (
        False
        if field in ("recalculate", "ghost", "baseline")
        else ("" if field == "annotation" else None)
    )
