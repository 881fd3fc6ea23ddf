"""The demo organisations' training: a staff list, two years of cohorts on the dosing ladder,
evaluations, a dosing plan they partly meet, and coaching logs (one coach has gone quiet)."""

from __future__ import annotations

import datetime as dt
import random

from qijourney.capability import content, services
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
from qijourney.demo.calendar import add_months
from qijourney.organisations.models import Organisation, Person, Role
from qijourney.projects.models import Project

# Staff groups as a workforce system reports them, with rough shares of a trust's staff.
ROLE_GROUPS = [
    ("Nursing and midwifery", 0.34),
    ("Additional clinical services", 0.18),
    ("Administrative and clerical", 0.18),
    ("Medical and dental", 0.12),
    ("Allied health professionals", 0.11),
    ("Estates and ancillary", 0.07),
]
STAFF_SIZE = {"RNV": 3000, "RRV": 1200, "PEF": 180}


def build(rng: random.Random, provider: Organisation, teams, lead: Person, today: dt.date):
    staff = _staff_list(rng, provider, teams, today)
    services.install_example(actor=lead, example="dosing-tiers")
    ladder = {p.slug: p for p in Programme.objects.filter(provider=provider)}
    _cohorts(rng, provider, ladder, staff, lead, today)
    for target in content.EXAMPLE_PLAN:
        DosingTarget.objects.create(
            provider=provider,
            programme=ladder[target.programme],
            role_group=target.role_group,
            managers_only=target.managers_only,
            percent=target.percent,
            basis=target.basis,
        )
    _coaching(rng, provider, today)


def share(provider: Organisation) -> None:
    """Show the capability summary and the latest self-assessment round to the system."""
    from qijourney.assessment.models import AssessmentRound

    Sharing.objects.create(provider=provider, shared_with_system=True)
    latest = AssessmentRound.objects.filter(provider=provider).order_by("-opened").first()
    if latest is not None:
        latest.shared_with_system = True
        latest.save(update_fields=["shared_with_system"])


def _staff_list(rng, provider, teams, today) -> list[StaffMember]:
    """The organisation's staff, with the people who sign in among them (linked by email)."""
    size = STAFF_SIZE.get(provider.code, 500)
    people = list(Person.objects.filter(provider=provider, is_patient_partner=False))
    groups, weights = zip(*ROLE_GROUPS, strict=True)
    rows = []
    for i in range(size):
        started = today - dt.timedelta(days=int(rng.expovariate(1 / 2200)) + 30)
        left = None
        if rng.random() < 0.16:  # about eight in a hundred leave each year
            left = today - dt.timedelta(days=rng.randint(1, 720))
            started = min(started, left - dt.timedelta(days=90))
        rows.append(
            StaffMember(
                provider=provider,
                staff_number=f"{provider.code}{i + 1:05}",
                name=f"Staff member {provider.code}-{i + 1:05}",
                role_group=rng.choices(groups, weights)[0],
                is_manager=rng.random() < 0.08,
                unit=rng.choice(teams),
                start_date=started,
                end_date=left,
            )
        )
    for j, person in enumerate(people):
        board = person.roles.filter(role__in=[Role.BOARD_MEMBER, Role.EXECUTIVE_LEAD]).exists()
        rows.append(
            StaffMember(
                provider=provider,
                staff_number=f"{provider.code}P{j + 1:04}",
                name=person.full_name,
                email=person.email,
                role_group="Board" if board else rng.choice(groups[:5]),
                is_manager=board or rng.random() < 0.5,
                unit=person.unit or provider,
                start_date=today - dt.timedelta(days=rng.randint(800, 6000)),
                person=person,
            )
        )
    return StaffMember.objects.bulk_create(rows, batch_size=2000)


def _cohorts(rng, provider, ladder, staff, lead, today):
    current = [s for s in staff if s.end_date is None]
    linked = {s.person_id: s for s in staff if s.person_id}
    coaches = Person.objects.filter(provider=provider, roles__role=Role.COACH).distinct()
    scale = len(staff) / 3000
    start = dt.date(today.year - 2, today.month, 1)
    plan = []  # (programme, start date, trainees)
    for month in range(24):
        day = add_months(start, month) + dt.timedelta(days=rng.randint(2, 20))
        if day <= today:
            plan.append(
                ("improvement-introduction", day, max(3, round(rng.randint(20, 30) * scale)))
            )
    for quarter in range(8):
        day = add_months(start, 3 * quarter) + dt.timedelta(days=10)
        plan.append(("improvement-practitioner", day, max(2, round(rng.randint(12, 18) * scale))))
    for year in range(2):
        plan.append(("improvement-coach", add_months(start, 12 * year + 2), 0))
    plan.append(("improvement-advisor", add_months(start, 4), 0))
    plan.append(("board-improvement-development", add_months(start, 6), 0))
    enrolments, used = [], {slug: set() for slug in ladder}
    for number, (slug, day, size) in enumerate(plan, start=1):
        programme = ladder[slug]
        length = dt.timedelta(days={1: 0, 2: 120}.get(programme.tier, 200))
        cohort = Cohort.objects.create(
            programme=programme,
            name=f"{programme.name}, {day:%B %Y}",
            starts=day,
            ends=day + length,
            facilitator=lead,
            places=size or None,
        )
        if slug == "improvement-coach":
            trainees = [linked[c.pk] for c in coaches if c.pk in linked][number % 2 :: 2]
        elif slug == "improvement-advisor":
            advisors = Person.objects.filter(
                provider=provider, roles__role=Role.IMPROVEMENT_ADVISOR
            )
            trainees = [linked[a.pk] for a in advisors if a.pk in linked]
        elif slug == "board-improvement-development":
            trainees = [s for s in current if s.role_group == "Board"]
        else:
            pool = [
                s
                for s in current
                if s.pk not in used[slug]
                and s.start_date < day
                and (slug != "improvement-practitioner" or s.is_manager or rng.random() < 0.1)
            ]
            trainees = rng.sample(pool, min(size, len(pool)))
        finished = day + length
        for s in trainees:
            used[slug].add(s.pk)
            # Board development is a half-day everyone on the board attends.
            outcome = 0.5 if slug == "board-improvement-development" else rng.random()
            done = finished <= today and outcome < 0.9
            enrolments.append(
                Enrolment(
                    cohort=cohort,
                    staff=s,
                    completed_on=min(finished, today) if done else None,
                    withdrawn=finished <= today and outcome > 0.95,
                )
            )
    made = Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    evaluations = []
    for e in made:
        if e.completed_on is None:
            continue
        for level, chance, delay in ((1, 0.75, 0), (2, 0.5, 0), (3, 0.25, 120), (4, 0.1, 240)):
            on = e.completed_on + dt.timedelta(days=delay)
            if on <= today and rng.random() < chance:
                score = min(5, max(1, round(rng.gauss(4.3 - 0.3 * (level - 1), 0.7))))
                evaluations.append(
                    Evaluation(enrolment=e, level=level, score=score, recorded_on=on)
                )
    Evaluation.objects.bulk_create(evaluations, batch_size=2000)


def _coaching(rng, provider, today):
    """Fortnightly-ish sessions on coached projects; the last-listed coach stopped in spring."""
    projects = Project.objects.filter(
        provider=provider, status=Project.Status.ACTIVE, coach__isnull=False
    ).select_related("coach")
    coaches = sorted({p.coach for p in projects}, key=lambda c: c.full_name)
    quiet = coaches[-1] if coaches else None
    logs = []
    for project in projects:
        stop = today - dt.timedelta(days=150) if project.coach == quiet else today
        day = max(project.start_date or today, today - dt.timedelta(days=365))
        while True:
            day += dt.timedelta(days=rng.randint(10, 28))
            if day > stop:
                break
            logs.append(
                CoachingLog(
                    project=project,
                    coach=project.coach,
                    date=day,
                    minutes=rng.choice([30, 45, 60, 60, 90]),
                    note=rng.choice(
                        [
                            "Reviewed the run chart with the team",
                            "Planned the next PDSA cycle",
                            "Helped refine the aim statement",
                            "Driver diagram workshop",
                            "Unblocked data access with the analysts",
                        ]
                    ),
                )
            )
    CoachingLog.objects.bulk_create(logs, batch_size=2000)
