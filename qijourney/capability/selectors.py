"""Reading capability: the skills directory (who is trained as what, and are coaches
coaching), evaluation summaries, and programme counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Avg, Count, Max, Q, Sum

from qijourney.capability.coverage import completion_frame, coverage, staff_frame
from qijourney.capability.models import (
    CoachingLog,
    Cohort,
    DosingTarget,
    Enrolment,
    Evaluation,
    Programme,
    Sharing,
    StaffMember,
)
from qijourney.domain.constants import COACH_ACTIVE_DAYS
from qijourney.domain.dosing import any_dose
from qijourney.organisations.models import Organisation, Person, Role
from qijourney.organisations.permissions import Permission, can, scoped
from qijourney.organisations.selectors import system_of
from qijourney.projects.models import Project
from qijourney.reports.capability import CapabilityReport

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


@dataclass
class ProviderSummary:
    """One organisation's capability, in terms any organisation's ladder can be compared on."""

    organisation: Organisation
    staff: int
    ever: int  # current staff with any improvement training
    last_year: int  # ... completed in the last 12 months
    coaches: int
    coaching: int  # of them, coaching now
    targets: list = field(default_factory=list)
    is_yours: bool = False

    @property
    def ever_percent(self) -> float | None:
        return 100 * self.ever / self.staff if self.staff else None

    @property
    def last_year_percent(self) -> float | None:
        return 100 * self.last_year / self.staff if self.staff else None

    @property
    def targets_met(self) -> int:
        return sum(t.met for t in self.targets)


def is_shared(provider: Organisation) -> bool:
    return Sharing.objects.filter(provider=provider, shared_with_system=True).exists()


def system_summaries(person: Person, *, today: dt.date | None = None) -> list[ProviderSummary]:
    """The person's own organisation, and every organisation of their system that shares."""
    today = today or dt.date.today()
    system = system_of(person.provider)
    if system is None:
        return []
    providers = Organisation.objects.filter(
        parent=system, kind=Organisation.Kind.ORGANISATION
    ).filter(Q(capability_sharing__shared_with_system=True) | Q(pk=person.provider_id))
    out = []
    for provider in providers.order_by("name"):
        staff, done = staff_frame(provider), completion_frame(provider)
        count, ever, last_year = any_dose(staff, done, as_of=today)
        coaches = coach_counts(provider, today=today)
        out.append(
            ProviderSummary(
                organisation=provider,
                staff=count,
                ever=ever,
                last_year=last_year,
                coaches=sum(coaches.values()),
                coaching=coaches[CoachStatus.COACHING],
                targets=coverage(provider, as_of=today, staff=staff, completions=done),
                is_yours=provider.pk == person.provider_id,
            )
        )
    return out


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


def visible_programmes(person: Person):
    return scoped(Programme.objects.all(), person)


def visible_cohorts(person: Person):
    return scoped(Cohort.objects.select_related("programme"), person, "programme__provider")


def enrolments(cohort: Cohort):
    return cohort.enrolments.select_related("staff__unit").prefetch_related("evaluations")


def coaching_logs(project: Project):
    return project.coaching_logs.select_related("coach")


def skills(provider: Organisation, show: str = "all") -> list[SkillEntry]:
    """The skills directory; ``show`` "coaches" keeps coaches and advisors, "inactive" those
    of them who are not coaching now."""
    entries = skills_directory(provider)
    if show == "coaches":
        return [e for e in entries if e.is_coach]
    if show == "inactive":
        return [e for e in entries if e.is_coach and e.coach_status != CoachStatus.COACHING]
    return entries


def capability_report(provider: Organisation, today: dt.date | None = None) -> CapabilityReport:
    """The capability report (coverage, gaps, trends, coaches, evaluations) as of today."""
    today = today or dt.date.today()
    return CapabilityReport(
        organisation=provider.name,
        as_of=today,
        staff=current_staff(provider, today).count(),
        targets=coverage(provider, as_of=today),
        evaluations=[
            (p.name, [(level.mean, level.responses) for level in evaluation_summary(p)])
            for p in Programme.objects.filter(provider=provider)
        ],
        coaches={status.label: n for status, n in coach_counts(provider, today=today).items()},
    )


def place(cohort: Cohort, staff_number: str) -> Enrolment:
    """The trainee's place on the cohort."""
    return Enrolment.objects.select_related("staff").get(
        cohort=cohort, staff__staff_number=staff_number
    )


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
