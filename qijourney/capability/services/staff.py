"""The staff list and past training records, imported all at once: new staff added, known
ones updated by staff number, leavers marked; completions into their cohorts."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from qijourney.audit.history import bulk_versions
from qijourney.audit.models import AuditEvent
from qijourney.audit.services import record, restore_version
from qijourney.capability import selectors
from qijourney.capability.models import Cohort, Enrolment, Programme, StaffMember
from qijourney.capability.services.training import trained_organisation
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import require_references_within, require_same_organisation


@transaction.atomic
def import_staff(
    *, actor: Person, rows: list[dict], source: str, leavers_on: dt.date | None = None
) -> dict[str, int]:
    """Add new staff and update known ones (by staff number). With ``leavers_on``, everyone
    on the list but not in the file is marked as having left on that date."""
    provider = trained_organisation(actor)
    known = {s.staff_number: s for s in StaffMember.objects.filter(provider=provider)}
    people = {
        email.lower(): pk
        for pk, email in Person.objects.filter(provider=provider).values_list("pk", "email")
    }
    fields = ["name", "email", "role_group", "is_manager", "unit_id", "start_date", "end_date"]
    added, changed = [], []
    for row in rows:
        values = {f: row[f] for f in fields}
        values["person_id"] = people.get(row["email"].lower()) if row["email"] else None
        member = known.get(row["staff_number"])
        if member is None:
            added.append(StaffMember(provider=provider, staff_number=row["staff_number"], **values))
        elif any(getattr(member, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(member, f, v)
            changed.append(member)
    StaffMember.objects.bulk_create(added, batch_size=2000)
    StaffMember.objects.bulk_update(changed, [*fields, "person_id"], batch_size=2000)
    leavers = list(selectors.leavers(provider, rows)) if leavers_on is not None else []
    for member in leavers:
        member.end_date = leavers_on
    StaffMember.objects.bulk_update(leavers, ["end_date"], batch_size=2000)
    counts = {"added": len(added), "updated": len(changed), "left": len(leavers)}
    event = _imported(actor, provider, StaffMember, f"Staff list from {source}", counts)
    # Each member added or changed is a version of its own, part of the one import.
    bulk_versions(added, event=event, actor=actor)
    bulk_versions([*changed, *leavers], event=event, actor=actor, update=True)
    return counts


@transaction.atomic
def restore_staff_version(*, actor: Person, item: StaffMember, row, version: str = "") -> dict:
    """Write one of a staff member's versions back (a new version, audited as a restore);
    refused with EditConflict when the record changed after the person saw it. The unit it
    names must still be of the organisation."""
    provider = trained_organisation(actor, item)
    if row.id != item.pk:
        raise ValidationError("That version is of another staff member")
    unit = Organisation.objects.filter(pk=row.unit_id).first()
    if unit is None:
        raise ValidationError("The unit of that version is no longer here")
    require_references_within(item, {"unit": unit})
    return restore_version(actor=actor, instance=item, row=row, provider=provider, version=version)


@transaction.atomic
def import_records(*, actor: Person, rows: list[dict], source: str) -> dict[str, int]:
    """Past completions, all or none. Rows without a cohort go into one cohort per programme
    and month ("Imported records"); a trainee already on the cohort gets the new date."""
    provider = trained_organisation(actor)
    groups: dict[tuple[int, str], list[dict]] = {}
    for row in rows:
        name = row["cohort"] or f"Imported records, {row['completed_on']:%B %Y}"
        groups.setdefault((row["programme_id"], name), []).append(row)
    programmes = Programme.objects.in_bulk({programme for programme, _ in groups})
    require_same_organisation(provider, *programmes.values())
    cohorts_made = completions = 0
    added, updated = [], []
    for (programme_id, name), members in groups.items():
        first = min(r["completed_on"] for r in members)
        cohort, created = Cohort.objects.get_or_create(
            programme=programmes[programme_id], name=name, defaults={"starts": first}
        )
        cohorts_made += created
        if cohort.starts > first:  # a record older than the cohort's recorded start
            cohort.starts = first
            cohort.save(update_fields=["starts"])
        existing = {
            e.staff_id: e
            for e in Enrolment.objects.filter(
                cohort=cohort, staff_id__in=[r["staff_id"] for r in members]
            )
        }
        new, changed = [], []
        for row in members:
            enrolment = existing.get(row["staff_id"])
            if enrolment is None:
                new.append(
                    Enrolment(
                        cohort=cohort, staff_id=row["staff_id"], completed_on=row["completed_on"]
                    )
                )
            else:
                enrolment.completed_on, enrolment.withdrawn = row["completed_on"], False
                changed.append(enrolment)
        Enrolment.objects.bulk_create(new, batch_size=2000)
        Enrolment.objects.bulk_update(changed, ["completed_on", "withdrawn"], batch_size=2000)
        completions += len(members)
        added += new
        updated += changed
    counts = {"completions": completions, "cohorts": cohorts_made}
    event = _imported(actor, provider, Enrolment, f"Training records from {source}", counts)
    bulk_versions(added, event=event, actor=actor)
    bulk_versions(updated, event=event, actor=actor, update=True)
    return counts


def _imported(actor, provider, model, label: str, counts: dict[str, int]) -> AuditEvent:
    """One audit entry for a whole import, with what it did."""
    return record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        subject_type=model._meta.label,
        provider=provider,
        label=label,
        changes={k: [None, str(v)] for k, v in counts.items()},
    )
