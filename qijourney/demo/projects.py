"""The demo organisations' improvement projects: each with a team, a progress history that
climbs to its score, a driver diagram, measures with data, and PDSA ramps before the change.

Every IHI progress score is represented; projects that report modest improvement or better
show it on their outcome measure as a shift after their change ideas were tested.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from qijourney.demo import measures
from qijourney.demo.organisations import Provider
from qijourney.demo.people import People
from qijourney.domain.constants import IHI_SCALE
from qijourney.organisations.models import Organisation
from qijourney.projects.models import DriverNode, PDSACycle, ProgressScore, Project, TeamMember

SCORES = [score for score, _ in IHI_SCALE]


@dataclass(frozen=True)
class Topic:
    """What a project works on, e.g. ("Reduce inpatient falls", "falls per 1,000 occupied bed
    days", "by 30%", "inpatients")."""

    title: str
    counted: str  # what its outcome measure counts
    how_much: str
    for_whom: str


TOPICS = [
    Topic("Reduce inpatient falls", "falls per 1,000 occupied bed days", "by 30%", "inpatients"),
    Topic("Cut pressure ulcers", "category 2+ pressure ulcers", "by half", "inpatients"),
    Topic(
        "Screen for sepsis within an hour",
        "patients screened within 1 hour",
        "to 95%",
        "adults arriving with suspected sepsis",
    ),
    Topic("Faster discharge before noon", "discharges before noon", "to 40%", "medical inpatients"),
    Topic("Reduce missed medication doses", "missed critical doses", "by 50%", "inpatients"),
    Topic(
        "Shorter waits in the emergency department",
        "patients seen within 4 hours",
        "to 78%",
        "everyone attending",
    ),
    Topic(
        "Better nutrition on the ward",
        "patients weighed on admission",
        "to 90%",
        "older inpatients",
    ),
    Topic(
        "Kinder night-time care",
        "patients reporting a good night's sleep",
        "by 20 points",
        "inpatients",
    ),
    Topic(
        "Fewer cancelled operations",
        "operations cancelled on the day",
        "by 25%",
        "planned surgery patients",
    ),
    Topic(
        "Quicker first contact from the crisis team",
        "calls answered within 4 hours",
        "to 90%",
        "people in crisis",
    ),
    Topic("Improve insulin safety", "insulin errors", "by 40%", "people with diabetes"),
    Topic(
        "Timely district nurse visits",
        "visits within the agreed window",
        "to 95%",
        "housebound patients",
    ),
    Topic("Joy in work on the ward", "staff reporting a good day", "by 15 points", "ward staff"),
    Topic("Greener anaesthesia", "desflurane use", "to zero", "theatre patients"),
    Topic(
        "Reduce repeat prescriptions errors", "prescription queries", "by 30%", "practice patients"
    ),
]


def build(rng: random.Random, provider: Provider, people: People, today: dt.date) -> None:
    """The organisation's projects, going round the topics, the teams and the progress scores."""
    for i in range(provider.spec.projects):
        topic = TOPICS[i % len(TOPICS)]
        team = provider.teams[i % len(provider.teams)]
        final = SCORES[i % len(SCORES)]
        project = _project(rng, provider, people, team, topic, final, today)
        _team(rng, project, people)
        _history(rng, project, final, today)
        ideas = _driver_diagram(project, topic)
        made = measures.for_project(
            rng, project, topic.counted, ideas, today, improving=final >= Decimal("3.0")
        )
        _pdsa_ramps(rng, project, ideas, made, final)


def _project(
    rng: random.Random,
    provider: Provider,
    people: People,
    team: Organisation,
    topic: Topic,
    final: Decimal,
    today: dt.date,
) -> Project:
    started = today - dt.timedelta(days=rng.randint(60, 900))
    staff = people.frontline
    lead = rng.choice([s for s in staff if s.unit_id == team.pk] or staff)
    status = _status(rng, final)
    project = Project.objects.create(
        provider=provider.organisation,
        unit=team,
        title=f"{topic.title} – {team.name}",
        problem=f"Too many {topic.counted} problems on {team.name}, affecting {topic.for_whom}.",
        aim_what=f"Improve {topic.counted}",
        aim_how_much=topic.how_much,
        aim_by_when=started + dt.timedelta(days=365),
        aim_for_whom=topic.for_whom,
        how_will_we_know=f"Weekly SPC chart of {topic.counted}, with balancing measures.",
        changes_to_try="Ideas from the team's driver diagram, tested in PDSA cycles.",
        priority=None if rng.random() < 0.12 else rng.choice(provider.priorities),
        method=rng.choice(
            [Project.Method.MODEL_FOR_IMPROVEMENT] * 4 + [Project.Method.LEAN, Project.Method.QSIR]
        ),
        phase=_phase(final),
        status=status,
        lead=lead,
        sponsor=rng.choice(people.sponsors),
        coach=rng.choice(people.who_coach) if rng.random() < 0.85 else None,
        start_date=started,
        progress_score=final,
    )
    Project.objects.filter(pk=project.pk).update(
        created=dt.datetime.combine(started, dt.time(9), tzinfo=dt.UTC)
    )
    return project


def _status(rng: random.Random, final: Decimal) -> Project.Status:
    """Half the projects with sustainable results or better are finished; a few are paused."""
    if final >= Decimal("4.5") and rng.random() < 0.5:
        return Project.Status.COMPLETED
    if rng.random() < 0.06:
        return Project.Status.ON_HOLD
    return Project.Status.ACTIVE


def _phase(final: Decimal) -> Project.Phase:
    if final >= Decimal("4.0"):
        return Project.Phase.SPREAD
    if final >= Decimal("3.0"):
        return Project.Phase.IMPLEMENTATION
    if final >= Decimal("1.5"):
        return Project.Phase.PILOT
    return Project.Phase.INNOVATION


def _team(rng: random.Random, project: Project, people: People) -> None:
    """The lead, one to three colleagues and, for half the projects, a patient partner."""
    lead = project.lead
    TeamMember.objects.create(project=project, person=lead, role=TeamMember.Role.LEAD)
    for member in rng.sample([s for s in people.frontline if s != lead], k=rng.randint(1, 3)):
        TeamMember.objects.create(project=project, person=member)
    if rng.random() < 0.5:
        partner = rng.choice(people.partners)
        TeamMember.objects.create(
            project=project, person=partner, role=TeamMember.Role.PATIENT_PARTNER
        )


def _history(rng: random.Random, project: Project, final: Decimal, today: dt.date) -> None:
    """A history that climbs to the final score, a step every month or two."""
    day = project.start_date
    history = []
    for step in [s for s in SCORES if s <= final]:
        history.append(ProgressScore(project=project, score=step, date=day, set_by=project.lead))
        day = min(today, day + dt.timedelta(days=rng.randint(20, 70)))
    ProgressScore.objects.bulk_create(history)
    Project.objects.filter(pk=project.pk).update(progress_updated=history[-1].date)


def _driver_diagram(project: Project, topic: Topic) -> list[DriverNode]:
    """Aim, two primary drivers, three secondary drivers (one serving both), four ideas."""
    aim = DriverNode.objects.create(
        project=project, level=0, text=f"{topic.title} {topic.how_much} for {topic.for_whom}"
    )
    primary = [
        DriverNode.objects.create(project=project, level=1, text=t, order=i)
        for i, t in enumerate(["Reliable processes", "Engaged, skilled staff"])
    ]
    secondary_texts = [
        "Standard work that is easy to follow",
        "Early recognition of risk",
        "Feedback to the team every week",
    ]
    secondary = []
    for i, text in enumerate(secondary_texts):
        node = DriverNode.objects.create(project=project, level=2, text=text, order=i)
        node.parents.set(primary if i == 2 else [primary[i]])
        secondary.append(node)
    ideas = []
    for i, text in enumerate(
        [
            "Checklist at handover",
            "Visual board on the ward",
            "Huddle at 10am",
            "Patient leaflet co-designed with partners",
        ]
    ):
        node = DriverNode.objects.create(project=project, level=3, text=text, order=i)
        node.parents.set([secondary[i % 3]])
        ideas.append(node)
    for node in primary:
        node.parents.set([aim])
    return ideas


def _pdsa_ramps(
    rng: random.Random,
    project: Project,
    ideas: list[DriverNode],
    made: measures.ProjectMeasures,
    final: Decimal,
) -> None:
    """Cycles testing the first change idea (and the second, from score 2.0) in the weeks
    before the change, each on the outcome and process measures."""
    for ramp_index, idea in enumerate(ideas[: 1 + (final >= Decimal("2.0"))]):
        for number in range(1, rng.randint(2, 4) + 1):
            start = made.dates[max(0, made.change_at - 8 + ramp_index * 2 + number * 2)]
            cycle = PDSACycle.objects.create(
                project=project,
                change_idea=idea,
                ramp=f"Ramp {ramp_index + 1}: {idea.text}",
                number=number,
                title=f"Test {idea.text.lower()} ({'one' if number == 1 else 'more'}"
                f" {'patient' if number == 1 else 'patients'})",
                purpose=f"Does {idea.text.lower()} work here?",
                change_tested=idea.text,
                predictions="Most staff will use it without prompting.",
                what_happened="Tested on the day shift.",
                learning="Works; needs a reminder.",
                decision=PDSACycle.Decision.ADOPT if number > 2 else PDSACycle.Decision.ADAPT,
                start_date=start,
                end_date=start + dt.timedelta(days=7),
            )
            cycle.measures.set(made.measures[:2])
