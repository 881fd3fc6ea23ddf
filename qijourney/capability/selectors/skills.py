"""The skills directory: who is trained as what (their highest rung on each ladder), the
projects they lead and coach, and whether each coach is coaching."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Max, Q, Sum

from qijourney.capability.models import (
    CoachingLog,
    Enrolment,
    Programme,
)
from qijourney.domain.constants import COACH_ACTIVE_DAYS
from qijourney.organisations.models import Organisation, Person, Role
from qijourney.projects.models import Project

ACTIVE_WINDOW = dt.timedelta(days=COACH_ACTIVE_DAYS)


class CoachStatus(models.TextChoices):
    COACHING = "coaching", "Coaching"
    ASSIGNED_IDLE = "assigned_idle", f"Assigned, no coaching logged in {COACH_ACTIVE_DAYS} days"
    NOT_COACHING = "not_coaching", "Trained, not coaching"


@dataclass
class SkillEntry:
    name: str
    unit: str
    role_group: str
    qualified_as: list[str]
    ladders: dict[int, tuple[int, str]] = field(default_factory=dict)  # ladder id -> highest rung
    role_only: bool = False  # holds a coaching role with no training recorded
    person: Person | None = None
    led_projects: list[Project] = field(default_factory=list)
    coached_projects: list[Project] = field(default_factory=list)
    last_coaching: dt.date | None = None
    coaching_minutes: int = 0  # in the active window
    coach_status: CoachStatus | None = None  # for coaches and advisors

    @property
    def trained_as(self) -> list[str]:
        return [name for _tier, name in self.ladders.values()]

    @property
    def is_coach(self) -> bool:
        return bool(self.qualified_as)


def skills_directory(
    provider: Organisation, *, today: dt.date | None = None, coaches_only: bool = False
) -> list[SkillEntry]:
    """Everyone on the staff list who has completed a programme, and everyone who holds a
    coach or advisor role, with the projects they lead and coach. ``coaches_only`` reads
    only the programmes that make coaches (for counting them)."""
    today = today or dt.date.today()
    since = today - ACTIVE_WINDOW
    completions = (
        Enrolment.objects.filter(staff__provider=provider, completed_on__isnull=False)
        .filter(Q(staff__end_date__isnull=True) | Q(staff__end_date__gt=today))
        .select_related("cohort__programme", "staff__unit")
        .order_by("cohort__programme__ladder__name", "cohort__programme__tier")
    )
    if coaches_only:
        completions = completions.exclude(cohort__programme__qualifies_as="")
    entries: dict[tuple[str, int], SkillEntry] = {}
    for enrolment in completions:
        staff, programme = enrolment.staff, enrolment.cohort.programme
        key = ("person", staff.person_id) if staff.person_id else ("staff", staff.pk)
        entry = entries.setdefault(
            key,
            SkillEntry(staff.name, str(staff.unit), staff.role_group, []),
        )
        _add_programme(entry, programme)
    # People who hold the coach or advisor role without a training record still coach.
    role_holders = Person.objects.filter(
        provider=provider,
        is_active=True,
        roles__role__in=[Role.COACH, Role.IMPROVEMENT_ADVISOR],
    ).distinct()
    role_labels = dict(Role.choices)
    for person in role_holders.prefetch_related("roles"):
        entry = entries.setdefault(
            ("person", person.pk),
            SkillEntry(person.full_name, str(person.unit or ""), person.job_title, []),
        )
        entry.role_only = not entry.ladders
        for assignment in person.roles.all():
            label = role_labels[assignment.role]
            coaching_role = assignment.role in (Role.COACH, Role.IMPROVEMENT_ADVISOR)
            if coaching_role and label not in entry.qualified_as:
                entry.qualified_as.append(label)
    person_ids = [k[1] for k in entries if k[0] == "person"]
    people = Person.objects.in_bulk(person_ids)
    active_projects = Project.objects.filter(provider=provider, status=Project.Status.ACTIVE)
    led, coached = {}, {}
    for project in active_projects.filter(lead_id__in=person_ids):
        led.setdefault(project.lead_id, []).append(project)
    for project in active_projects.filter(coach_id__in=person_ids):
        coached.setdefault(project.coach_id, []).append(project)
    logs = {
        row["coach"]: row
        for row in CoachingLog.objects.filter(coach_id__in=person_ids)
        .values("coach")
        .annotate(last=Max("date"), minutes=Sum("minutes", filter=Q(date__gt=since), default=0))
    }
    for (kind, pk), entry in entries.items():
        if kind != "person":
            continue
        entry.person = people.get(pk)
        entry.led_projects = led.get(pk, [])
        entry.coached_projects = coached.get(pk, [])
        log = logs.get(pk, {})
        entry.last_coaching = log.get("last")
        entry.coaching_minutes = log.get("minutes", 0) or 0
        if entry.is_coach:
            entry.coach_status = _status(entry, since)
    for (kind, _pk), entry in entries.items():
        if kind == "staff" and entry.is_coach:
            entry.coach_status = CoachStatus.NOT_COACHING  # cannot sign in, so cannot coach here
    return sorted(entries.values(), key=lambda e: e.name.lower())


def _add_programme(entry: SkillEntry, programme: Programme) -> None:
    # Show only the highest rung reached on each ladder.
    reached = entry.ladders.get(programme.ladder_id)
    if reached is None or reached[0] < programme.tier:
        entry.ladders[programme.ladder_id] = (programme.tier, programme.name)
    if programme.qualifies_as:
        qualified = programme.get_qualifies_as_display()
        if qualified not in entry.qualified_as:
            entry.qualified_as.append(qualified)


def _status(entry: SkillEntry, since: dt.date) -> CoachStatus:
    if entry.last_coaching and entry.last_coaching > since:
        return CoachStatus.COACHING
    if entry.coached_projects:
        return CoachStatus.ASSIGNED_IDLE
    return CoachStatus.NOT_COACHING


def coach_counts(provider: Organisation, *, today: dt.date | None = None) -> dict[CoachStatus, int]:
    """How many coaches and advisors are coaching, assigned but quiet, or not coaching."""
    entries = skills_directory(provider, today=today, coaches_only=True)
    return {s: sum(e.is_coach and e.coach_status == s for e in entries) for s in CoachStatus}


def skills(provider: Organisation, show: str = "all") -> list[SkillEntry]:
    """The skills directory; ``show`` "coaches" keeps coaches and advisors, "inactive" those
    of them who are not coaching now."""
    entries = skills_directory(provider)
    if show == "coaches":
        return [e for e in entries if e.is_coach]
    if show == "inactive":
        return [e for e in entries if e.is_coach and e.coach_status != CoachStatus.COACHING]
    return entries
