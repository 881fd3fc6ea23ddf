"""Every change to training records, the staff list, the dosing plan and coaching logs: the
permission check, the change, and its audit entry, in one transaction. Pages and the API both
come through here."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from qijourney.audit.models import AuditEvent
from qijourney.audit.services import record, update_and_record
from qijourney.capability import content, selectors
from qijourney.capability.models import (
    CoachingLog,
    Cohort,
    DosingTarget,
    Enrolment,
    Evaluation,
    Ladder,
    Programme,
    Sharing,
    StaffMember,
)
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import Permission, require, require_same_organisation
from qijourney.projects.models import Project


def trained_organisation(person: Person, obj=None) -> Organisation:
    """The organisation whose training ``person`` manages (``obj`` must be of it)."""
    require(person, Permission.MANAGE_TRAINING, obj)
    provider_id = obj.provider_id if obj is not None else person.provider_id
    if provider_id is None:
        raise ValidationError("Sign in as someone of an organisation to manage its training")
    provider = Organisation.objects.get(pk=provider_id)
    if provider.kind != Organisation.Kind.ORGANISATION:  # a system's own staff
        raise ValidationError(
            "Only an organisation manages training and shares its summary, not a system"
        )
    return provider


def unique_slug(text: str, taken, fallback: str) -> str:
    """A slug made from ``text`` that ``taken`` (a queryset of slugs) does not hold.

    >>> unique_slug("Bronze, silver, gold", [], "ladder"), unique_slug("£", ["x"], "ladder")
    ('bronze-silver-gold', 'ladder')
    """
    base = slugify(text)[:70] or fallback
    used = set(taken)
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug


def ladder_for(provider: Organisation, *, slug: str = "", name: str = "") -> Ladder:
    """The organisation's ladder with ``slug`` (or the slug of ``name``), made when it has none
    (named ``name``)."""
    slug = slug or slugify(name)[:70]
    found = Ladder.objects.filter(provider=provider, slug=slug).first()
    if found is not None:
        return found
    if not name or not slug:
        raise ValidationError(
            {"ladder": f"There is no ladder {slug!r}: give the ladder's name to start a new one"}
        )
    return Ladder.objects.create(provider=provider, slug=slug, name=name)


@transaction.atomic
def install_example(*, actor: Person, example: str) -> list[Programme]:
    """Add one of the shipped example ladders (by slug); programmes the organisation already
    has (by name) are kept as they are."""
    provider = trained_organisation(actor)
    if example not in content.EXAMPLES:
        raise ValidationError(f"There is no shipped example {example!r}")
    shipped = content.EXAMPLES[example]
    added = []
    for item in shipped.programmes:
        if Programme.objects.filter(provider=provider, name=item.name).exists():
            continue
        ladder_slug = item.ladder or shipped.slug
        programme = Programme.objects.create(
            provider=provider,
            slug=unique_slug(item.slug, provider.programmes.values_list("slug", flat=True), ""),
            name=item.name,
            ladder=ladder_for(provider, slug=ladder_slug, name=content.LADDER_NAMES[ladder_slug]),
            tier=item.tier,
            audience=item.audience,
            hours=item.hours,
            qualifies_as=item.qualifies_as,
            description=item.description,
        )
        record(actor=actor, action=AuditEvent.Action.CREATE, subject=programme, provider=provider)
        added.append(programme)
    return added


def _refuse_a_used_name(siblings, instance, fields: dict, message: str) -> None:
    """Names pick programmes and cohorts out (imports name them): one of each per name."""
    if "name" not in fields:
        return
    same_name = siblings.filter(name=fields["name"])
    if instance is not None:
        same_name = same_name.exclude(pk=instance.pk)
    if same_name.exists():
        raise ValidationError({"name": message})


@transaction.atomic
def save_programme(*, actor: Person, fields: dict, programme: Programme | None = None):
    """Add or change a programme. Its ladder comes as ``ladder`` (a slug) or ``ladder_name``
    (a new or existing ladder's name); its ``slug`` is made from its name unless given."""
    provider = trained_organisation(actor, programme)
    fields = dict(fields)
    ladder_slug, ladder_name = fields.pop("ladder", ""), fields.pop("ladder_name", "")
    if ladder_slug or ladder_name:
        fields["ladder"] = ladder_for(provider, slug=ladder_slug, name=ladder_name)
    siblings = Programme.objects.filter(provider=provider)
    _refuse_a_used_name(
        siblings, programme, fields, "The organisation already has a programme of this name"
    )
    if fields.get("slug"):
        taken = siblings.filter(slug=fields["slug"])
        if programme is not None:
            taken = taken.exclude(pk=programme.pk)
        if taken.exists():
            raise ValidationError({"slug": "Another programme of the organisation has this slug"})
    if programme is None:
        fields.setdefault("slug", "")
        fields["slug"] = fields["slug"] or unique_slug(
            fields.get("name", ""), siblings.values_list("slug", flat=True), "programme"
        )
        programme = Programme(provider=provider, **fields)
        programme.full_clean()
        programme.save()
        record(actor=actor, action=AuditEvent.Action.CREATE, subject=programme, provider=provider)
        return programme
    update_and_record(actor=actor, instance=programme, fields=fields, provider=programme.provider)
    return programme


@transaction.atomic
def save_cohort(
    *, actor: Person, programme: Programme, fields: dict, cohort: Cohort | None = None
) -> Cohort:
    trained_organisation(actor, programme)
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError("A cohort stays with its own programme")
    if fields.get("ends") and fields.get("starts") and fields["ends"] < fields["starts"]:
        raise ValidationError("A cohort cannot end before it starts")
    _refuse_a_used_name(
        Cohort.objects.filter(programme=programme),
        cohort,
        fields,
        "The programme already has a cohort of this name",
    )
    if cohort is None:
        cohort = Cohort(programme=programme, **fields)
        cohort.full_clean()
        cohort.save()
        record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            subject=cohort,
            provider=programme.provider,
        )
        return cohort
    update_and_record(actor=actor, instance=cohort, fields=fields, provider=programme.provider)
    return cohort


def split_staff_numbers(text: str) -> list[str]:
    """Staff numbers pasted one per line, or separated by commas, semicolons or spaces.

    >>> split_staff_numbers("A1, A2\\nA3;A3  A4")
    ['A1', 'A2', 'A3', 'A4']
    """
    seen: dict[str, None] = {}
    for part in text.replace(",", " ").replace(";", " ").split():
        seen.setdefault(part.strip(), None)
    return list(seen)


@transaction.atomic
def enrol(*, actor: Person, cohort: Cohort, staff_numbers: list[str]) -> tuple[int, int]:
    """Enrol staff by number, all or none: an unknown or departed number stops the lot.
    Returns (enrolled now, already enrolled)."""
    provider = trained_organisation(actor, cohort.programme)
    if not staff_numbers:
        raise ValidationError("Give at least one staff number")
    found = {
        s.staff_number: s
        for s in StaffMember.objects.filter(provider=provider, staff_number__in=staff_numbers)
    }
    unknown = [n for n in staff_numbers if n not in found]
    if unknown:
        raise ValidationError(
            f"Nobody was enrolled: {len(unknown)} staff number{'s' if len(unknown) != 1 else ''} "
            f"not on the staff list: {', '.join(unknown[:20])}"
            + (" …" if len(unknown) > 20 else "")
        )
    gone = [n for n, s in found.items() if s.end_date and s.end_date <= cohort.starts]
    if gone:
        raise ValidationError(
            f"Nobody was enrolled: these staff left before the cohort starts: {', '.join(gone)}"
        )
    already = set(
        Enrolment.objects.filter(cohort=cohort, staff__in=found.values()).values_list(
            "staff_id", flat=True
        )
    )
    new = [Enrolment(cohort=cohort, staff=s) for s in found.values() if s.pk not in already]
    Enrolment.objects.bulk_create(new)
    if new:
        record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            subject=cohort,
            provider=provider,
            changes={"enrolled": [None, ", ".join(e.staff.staff_number for e in new)]},
        )
    return len(new), len(already)


@transaction.atomic
def set_outcome(
    *,
    actor: Person,
    cohort: Cohort,
    enrolment_ids: list[int],
    outcome: Enrolment.Outcome,
    on: dt.date | None,
) -> int:
    """Mark enrolments completed (on a date), withdrawn, or back to enrolled."""
    provider = trained_organisation(actor, cohort.programme)
    if outcome not in Enrolment.Outcome.values:
        raise ValidationError(f"Unknown outcome {outcome!r}")
    outcome = Enrolment.Outcome(outcome)
    if outcome == Enrolment.Outcome.COMPLETED:
        if on is None:
            raise ValidationError("Give the date they completed")
        if on < cohort.starts:
            raise ValidationError("Nobody can complete a cohort before it starts")
        if on > dt.date.today():
            raise ValidationError("A completion date cannot be in the future")
    chosen = Enrolment.objects.filter(cohort=cohort, pk__in=enrolment_ids)
    if chosen.count() != len(set(enrolment_ids)):
        raise ValidationError("Some of those people are not on this cohort")
    fields = {
        Enrolment.Outcome.COMPLETED: {"completed_on": on, "withdrawn": False},
        Enrolment.Outcome.WITHDRAWN: {"completed_on": None, "withdrawn": True},
        Enrolment.Outcome.ENROLLED: {"completed_on": None, "withdrawn": False},
    }[outcome]
    names = ", ".join(chosen.values_list("staff__staff_number", flat=True))
    count = chosen.update(**fields)
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        subject=cohort,
        provider=provider,
        changes={outcome.value: [None, f"{names}" + (f" on {on:%Y-%m-%d}" if on else "")]},
    )
    return count


@transaction.atomic
def evaluate(
    *, actor: Person, enrolment: Enrolment, level: int, score: int, on: dt.date, comment: str = ""
) -> Evaluation:
    provider = trained_organisation(actor, enrolment.cohort.programme)
    if enrolment.withdrawn:
        raise ValidationError("They withdrew from the cohort: there is nothing to evaluate")
    evaluation, _ = Evaluation.objects.update_or_create(
        enrolment=enrolment,
        level=level,
        defaults={"score": score, "recorded_on": on, "comment": comment},
    )
    evaluation.full_clean()
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        subject=enrolment,
        provider=provider,
        changes={f"Kirkpatrick level {level}": [None, str(score)]},
    )
    return evaluation


@transaction.atomic
def save_target(*, actor: Person, fields: dict) -> DosingTarget:
    provider = trained_organisation(actor)
    require_same_organisation(provider, fields["programme"])
    target = DosingTarget(provider=provider, **fields)
    target.full_clean()
    target.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=target, provider=provider)
    return target


@transaction.atomic
def delete_target(*, actor: Person, target: DosingTarget) -> None:
    trained_organisation(actor, target)
    record(actor=actor, action=AuditEvent.Action.DELETE, subject=target, provider=target.provider)
    target.delete()


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
    left = 0
    if leavers_on is not None:
        left = selectors.leavers(provider, rows).update(end_date=leavers_on)
    counts = {"added": len(added), "updated": len(changed), "left": left}
    return _imported(actor, provider, StaffMember, f"Staff list from {source}", counts)


@transaction.atomic
def set_sharing(*, actor: Person, shared: bool) -> Sharing:
    """Show (or stop showing) the organisation's capability summary to its system."""
    provider = trained_organisation(actor)
    sharing, _ = Sharing.objects.get_or_create(provider=provider)
    update_and_record(
        actor=actor, instance=sharing, fields={"shared_with_system": shared}, provider=provider
    )
    return sharing


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
    counts = {"completions": completions, "cohorts": cohorts_made}
    return _imported(actor, provider, Enrolment, f"Training records from {source}", counts)


def _imported(actor, provider, model, label: str, counts: dict[str, int]) -> dict[str, int]:
    """One audit entry for a whole import, with what it did."""
    record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        subject_type=model._meta.label,
        provider=provider,
        label=label,
        changes={k: [None, str(v)] for k, v in counts.items()},
    )
    return counts


@transaction.atomic
def log_coaching(*, actor: Person, project: Project, fields: dict) -> CoachingLog:
    require(actor, Permission.LOG_COACHING, project)
    coach = fields.pop("coach", None) or actor
    if coach.provider_id != project.provider_id:
        raise ValidationError("The coach must belong to the project's organisation")
    entry = CoachingLog(project=project, coach=coach, **fields)
    entry.full_clean()
    entry.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=entry, provider=project.provider)
    return entry
