"""Reading training: programmes, ladders, cohorts and places, completions, evaluations, the
staff list and the dosing plan, scoped to the person's organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from qijourney.capability.models import (
    Cohort,
    DosingTarget,
    Enrolment,
    Evaluation,
    Ladder,
    Programme,
    StaffMember,
)
from qijourney.organisations.models import Organisation, Person
from qijourney.organisations.permissions import Permission, can, scoped
from qijourney.projects.models import Project


@dataclass
class LevelScore:
    level: int
    label: str
    mean: float | None
    responses: int


def evaluation_summary(programme: Programme) -> list[LevelScore]:
    rows = {
        r["level"]: r
        for r in Evaluation.objects.filter(enrolment__cohort__programme=programme)
        .values("level")
        .annotate(mean=Avg("score"), responses=Count("id"))
    }
    return [
        LevelScore(
            level,
            label,
            None if level not in rows else round(float(rows[level]["mean"]), 2),
            rows.get(level, {}).get("responses", 0),
        )
        for level, label in Evaluation.Level.choices
    ]


def programme_counts(provider: Organisation):
    """Programmes with their cohort, enrolment and completion counts."""
    return (
        Programme.objects.filter(provider=provider)
        .select_related("ladder")
        .annotate(
            cohort_count=Count("cohorts", distinct=True),
            enrolled=Count("cohorts__enrolments", distinct=True),
            completed=Count(
                "cohorts__enrolments",
                filter=Q(cohorts__enrolments__completed_on__isnull=False),
                distinct=True,
            ),
        )
    )


def cohorts_with_counts(programme: Programme):
    return programme.cohorts.select_related("facilitator").annotate(
        enrolled=Count("enrolments", distinct=True),
        completed=Count(
            "enrolments", filter=Q(enrolments__completed_on__isnull=False), distinct=True
        ),
    )


def current_staff(provider: Organisation, today: dt.date | None = None):
    today = today or dt.date.today()
    return StaffMember.objects.filter(provider=provider, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    )


def leavers(provider: Organisation, rows: list[dict]):
    """Staff on the list (not yet left) who are not in a whole staff list's rows."""
    in_file = {row["staff_number"] for row in rows}
    return StaffMember.objects.filter(provider=provider, end_date__isnull=True).exclude(
        staff_number__in=in_file
    )


def staff_list(provider: Organisation, *, query: str = "", current_only: bool = True):
    """The staff list, searched by name, staff number or role group, by name."""
    people = StaffMember.objects.filter(provider=provider).select_related("unit")
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(staff_number__iexact=query)
            | Q(role_group__icontains=query)
        )
    if current_only:
        people = people.filter(Q(end_date__isnull=True) | Q(end_date__gt=dt.date.today()))
    return people.order_by("name", "pk")


def role_groups(provider: Organisation) -> list[str]:
    """The role groups of the current staff list, for choosing a target's group."""
    return list(
        current_staff(provider)
        .order_by("role_group")
        .values_list("role_group", flat=True)
        .distinct()
    )


def visible_targets(person: Person):
    return scoped(DosingTarget.objects.all(), person)


def plan(provider: Organisation):
    return DosingTarget.objects.filter(provider=provider).select_related("programme", "unit")


def ladder(provider_id: int | None, slug: str) -> Ladder | None:
    """The organisation's ladder with this slug, if it has one."""
    return Ladder.objects.filter(provider_id=provider_id, slug=slug).first()


def ladders(person: Person):
    """The ladders of the person's organisation, by name."""
    return scoped(Ladder.objects.all(), person).order_by("name")


def evaluation_of(enrolment: Enrolment | None, level: int | None) -> Evaluation | None:
    """The trainee's evaluation at that Kirkpatrick level, if they have one."""
    return Evaluation.objects.filter(enrolment=enrolment, level=level).first()


def visible_programmes(person: Person):
    return scoped(Programme.objects.all(), person)


def visible_cohorts(person: Person):
    return scoped(Cohort.objects.select_related("programme"), person, "programme__provider")


def enrolments(cohort: Cohort):
    return cohort.enrolments.select_related("staff__unit").prefetch_related("evaluations")


def coaching_logs(project: Project):
    return project.coaching_logs.select_related("coach")


def places(person: Person, cohort: int | None = None):
    """Places on cohorts of the person's organisation (of one cohort, by id)."""
    rows = scoped(Enrolment.objects.select_related("staff"), person, "staff__provider")
    return rows if cohort is None else rows.filter(cohort_id=cohort)


def completions(person: Person, *, since: dt.date | None = None, programme: str = ""):
    """Completed places of the person's organisation, newest first; only the person's own
    unless they manage training. ``programme`` is a programme's slug."""
    rows = scoped(
        Enrolment.objects.filter(completed_on__isnull=False).select_related(
            "staff", "cohort__programme"
        ),
        person,
        "staff__provider",
    ).order_by("-completed_on", "id")
    if not can(person, Permission.MANAGE_TRAINING):
        rows = rows.filter(staff__person=person)
    if since is not None:
        rows = rows.filter(completed_on__gte=since)
    if programme:
        rows = rows.filter(cohort__programme__slug=programme)
    return rows


def visible_staff_list(person: Person):
    """The staff list of the person's organisation, by staff number (see SEE_STAFF_LIST)."""
    return scoped(StaffMember.objects.select_related("unit"), person).order_by("staff_number")


def staff_count(provider: Organisation) -> int:
    return current_staff(provider).count()


def leavers_count(provider: Organisation, rows: list[dict]) -> int:
    return leavers(provider, rows).count()
