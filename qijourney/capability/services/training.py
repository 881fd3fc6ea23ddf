"""Programmes and their ladders, the shipped examples, cohorts, enrolment, outcomes and
evaluations: each change checked, made and audited in one transaction."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from qijourney.audit.history import bulk_versions
from qijourney.audit.models import AuditEvent
from qijourney.audit.services import record, update_and_record
from qijourney.capability import content
from qijourney.capability.models import (
    Cohort,
    Enrolment,
    Evaluation,
    Ladder,
    Programme,
    StaffMember,
)
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import Permission, require, require_references_within


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
    >>> unique_slug("Band_5 nurses", ["band-5-nurses"], "ladder")
    'band-5-nurses-2'
    """
    base = re.sub(r"[^a-z0-9]+", "-", slugify(text))[:70].strip("-") or fallback
    used = set(taken)
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _saved(instance, duplicate: dict) -> None:
    """Validate and save ``instance``; another request that saved the same name or slug a
    moment before is told so (``duplicate``) rather than given a server error."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError(duplicate) from error


@transaction.atomic
def new_ladder(*, actor: Person, provider: Organisation, name: str, slug: str = "") -> Ladder:
    """A new ladder of the organisation. Its slug, its stable key, is ``slug`` (refused when
    taken) or one made from the name."""
    trained_organisation(actor, provider)
    same = Ladder.objects.filter(provider=provider, name__iexact=name.strip()).first()
    if same is not None:  # two ladders people could not tell apart
        raise ValidationError(f"There is already a ladder called {same.name!r}: choose it")
    taken = Ladder.objects.filter(provider=provider).values_list("slug", flat=True)
    if slug and slug in set(taken):
        raise ValidationError(f"The organisation already has a ladder {slug!r}")
    ladder = Ladder(provider=provider, name=name, slug=slug or unique_slug(name, taken, "ladder"))
    _saved(ladder, {"name": "Another ladder was just made with this name: choose it instead"})
    record(actor=actor, action=AuditEvent.Action.CREATE, subject=ladder, provider=provider)
    return ladder


@transaction.atomic
def rename_ladder(*, actor: Person, ladder: Ladder, name: str) -> dict:
    """A ladder's new name, for display; its slug stays, so the API's clients are unaffected."""
    trained_organisation(actor, ladder)
    return update_and_record(
        actor=actor, instance=ladder, fields={"name": name}, provider=ladder.provider
    )


@transaction.atomic
def install_example(*, actor: Person, example: str) -> list[Programme]:
    """Add one of the shipped example ladders (by slug). A programme the organisation already
    has (the same slug, even after a rename, or the same name) is kept as it is."""
    provider = trained_organisation(actor)
    if example not in content.EXAMPLES:
        raise ValidationError(f"There is no shipped example {example!r}")
    shipped = content.EXAMPLES[example]
    added = []
    for item in shipped.programmes:
        have = Programme.objects.filter(provider=provider)
        if have.filter(slug=item.slug).exists() or have.filter(name=item.name).exists():
            continue
        ladder_slug = item.ladder or shipped.slug
        ladder = Ladder.objects.filter(provider=provider, slug=ladder_slug).first()
        if ladder is None:
            ladder = new_ladder(
                actor=actor,
                provider=provider,
                name=content.LADDER_NAMES[ladder_slug],
                slug=ladder_slug,
            )
        programme = Programme.objects.create(
            provider=provider,
            slug=item.slug,
            name=item.name,
            ladder=ladder,
            tier=item.tier,
            audience=item.audience,
            hours=item.hours,
            qualifies_as=item.qualifies_as,
            description=item.description,
        )
        record(actor=actor, action=AuditEvent.Action.CREATE, subject=programme, provider=provider)
        added.append(programme)
    return added


def refuse_a_used_name(siblings, instance, fields: dict, message: str) -> None:
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
    """Add or change a programme. Its ladder is ``ladder`` (one of the organisation's) or
    ``new_ladder`` (the name of a ladder to start, with ``new_ladder_slug`` if the caller
    chooses its key); its ``slug`` is made from its name unless given."""
    provider = trained_organisation(actor, programme)
    fields = dict(fields)
    name, slug = fields.pop("new_ladder", ""), fields.pop("new_ladder_slug", "")
    if name:
        fields["ladder"] = new_ladder(actor=actor, provider=provider, name=name, slug=slug)
    if "ladder" in fields:
        require_references_within(provider, fields)
    siblings = Programme.objects.filter(provider=provider)
    refuse_a_used_name(
        siblings, programme, fields, "The organisation already has a programme of this name"
    )
    if fields.get("slug"):
        taken = siblings.filter(slug=fields["slug"])
        if programme is not None:
            taken = taken.exclude(pk=programme.pk)
        if taken.exists():
            raise ValidationError({"slug": "Another programme of the organisation has this slug"})
    if programme is None:
        fields["slug"] = fields.get("slug") or unique_slug(
            fields.get("name", ""), siblings.values_list("slug", flat=True), "programme"
        )
        programme = Programme(provider=provider, **fields)
        _saved(programme, {"name": "The organisation already has a programme of this name"})
        record(actor=actor, action=AuditEvent.Action.CREATE, subject=programme, provider=provider)
        return programme
    update_and_record(actor=actor, instance=programme, fields=fields, provider=programme.provider)
    return programme


@transaction.atomic
def save_cohort(
    *, actor: Person, programme: Programme, fields: dict, cohort: Cohort | None = None
) -> Cohort:
    trained_organisation(actor, programme)
    require_references_within(programme, fields)
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError("A cohort stays with its own programme")
    refuse_a_used_name(
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
        event = record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            subject=cohort,
            provider=provider,
            changes={"enrolled": [None, ", ".join(e.staff.staff_number for e in new)]},
        )
        bulk_versions(new, event=event, actor=actor)  # each enrolment a version of its own
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
    enrolments = list(chosen)
    for enrolment in enrolments:
        for name, value in fields.items():
            setattr(enrolment, name, value)
    count = Enrolment.objects.bulk_update(enrolments, list(fields))
    event = record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        subject=cohort,
        provider=provider,
        changes={outcome.value: [None, f"{names}" + (f" on {on:%Y-%m-%d}" if on else "")]},
    )
    bulk_versions(enrolments, event=event, actor=actor, update=True)
    return count


UNCHANGED = object()


@transaction.atomic
def enrol_one(
    *, actor: Person, cohort: Cohort, staff_number: str, withdrawn=UNCHANGED, completed_on=UNCHANGED
) -> Enrolment:
    """Enrol one trainee (by staff number), with their outcome if it is given."""
    enrol(actor=actor, cohort=cohort, staff_numbers=[staff_number])
    place = Enrolment.objects.get(cohort=cohort, staff__staff_number=staff_number)
    return change_place(
        actor=actor, enrolment=place, withdrawn=withdrawn, completed_on=completed_on
    )


@transaction.atomic
def change_place(
    *, actor: Person, enrolment: Enrolment, withdrawn=UNCHANGED, completed_on=UNCHANGED
) -> Enrolment:
    """A trainee's outcome from a partial update: what is not given stays as it is."""
    withdrawn = enrolment.withdrawn if withdrawn is UNCHANGED else withdrawn
    completed_on = enrolment.completed_on if completed_on is UNCHANGED else completed_on
    if withdrawn and completed_on:
        raise ValidationError("A withdrawn trainee has no completion date")
    outcome = (
        Enrolment.Outcome.WITHDRAWN
        if withdrawn
        else Enrolment.Outcome.COMPLETED
        if completed_on
        else Enrolment.Outcome.ENROLLED
    )
    if (outcome, completed_on) != (enrolment.outcome, enrolment.completed_on):
        set_outcome(
            actor=actor,
            cohort=enrolment.cohort,
            enrolment_ids=[enrolment.pk],
            outcome=outcome,
            on=completed_on,
        )
    return Enrolment.objects.select_related("staff").get(pk=enrolment.pk)


@transaction.atomic
def evaluate(
    *, actor: Person, enrolment: Enrolment, level: int, score: int, on: dt.date, comment: str = ""
) -> Evaluation:
    provider = trained_organisation(actor, enrolment.cohort.programme)
    if enrolment.withdrawn:
        raise ValidationError("They withdrew from the cohort: there is nothing to evaluate")
    evaluation, created = Evaluation.objects.update_or_create(
        enrolment=enrolment,
        level=level,
        defaults={"score": score, "recorded_on": on, "comment": comment},
    )
    evaluation.full_clean()
    # The evaluation's own version and changes (score, date, comment: before and after).
    record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        subject=evaluation,
        provider=provider,
    )
    return evaluation
