"""A synthetic integrated care system: organisations, people in every role, strategy, projects.

Everything is made up and reproducible (one seeded random generator). Names of places and
people are invented; nothing is real patient or staff data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from qijourney.demo import assessment, board, capability
from qijourney.demo.calendar import add_months
from qijourney.demo.measures import Shape, draw_points
from qijourney.measures.models import DataPoint, Measure
from qijourney.organisations.models import (
    IHI_SCALE,
    Organisation,
    Person,
    ProgressScaleLevel,
    Role,
    RoleAssignment,
    StrategicPriority,
)
from qijourney.projects.models import DriverNode, PDSACycle, ProgressScore, Project, TeamMember

SYSTEM = "Northvale and Eastfield Integrated Care System"
ORGANISATIONS = {
    "Northvale Teaching Hospitals NHS Foundation Trust": {
        "code": "RNV",
        "vision": "Every member of staff improving care every day, with patients as partners.",
        "directorates": {
            "Medicine": [
                "Ward 1 (Elderly care)",
                "Ward 2 (Stroke)",
                "Ward 4 (Respiratory)",
                "Acute medical unit",
            ],
            "Surgery": ["Ward 3 (Surgery)", "Day surgery unit", "Theatres"],
            "Emergency care": ["Emergency department", "Same day emergency care"],
            "Women and children": ["Maternity", "Children's ward"],
        },
    },
    "Riverside Community and Mental Health NHS Trust": {
        "code": "RRV",
        "vision": "Care closer to home, improved by the people who give and receive it.",
        "directorates": {
            "Community services": [
                "District nursing north",
                "District nursing south",
                "Community rehabilitation",
            ],
            "Mental health": ["Adult inpatient ward", "Crisis team", "Older adults team"],
        },
    },
    "Eastfield Primary Care Network": {
        "code": "PEF",
        "vision": "Practices learning together to give every patient timely, safe care.",
        "directorates": {
            "Practices": ["Eastfield Health Centre", "Millbrook Surgery", "Harbour Lane Practice"],
        },
    },
}
PRIORITIES = [
    ("Safe care, no avoidable harm", "Falls, pressure ulcers, sepsis and medication safety."),
    ("Timely access", "Waits for urgent and planned care, flow through the hospital."),
    ("Better experience for patients and staff", "Listening, kindness and joy in work."),
    ("Best use of resources", "Less waste, greener care, value for money."),
]
FIRST = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Hamza",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Mo",
    "Nina",
    "Owen",
    "Priya",
    "Rory",
    "Sana",
    "Tom",
    "Uma",
    "Vik",
    "Wren",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Usman",
    "Walker",
    "Young",
]
TOPICS = [
    ("Reduce inpatient falls", "falls per 1,000 occupied bed days", "by 30%", "inpatients"),
    ("Cut pressure ulcers", "category 2+ pressure ulcers", "by half", "inpatients"),
    (
        "Screen for sepsis within an hour",
        "patients screened within 1 hour",
        "to 95%",
        "adults arriving with suspected sepsis",
    ),
    ("Faster discharge before noon", "discharges before noon", "to 40%", "medical inpatients"),
    ("Reduce missed medication doses", "missed critical doses", "by 50%", "inpatients"),
    (
        "Shorter waits in the emergency department",
        "patients seen within 4 hours",
        "to 78%",
        "everyone attending",
    ),
    ("Better nutrition on the ward", "patients weighed on admission", "to 90%", "older inpatients"),
    (
        "Kinder night-time care",
        "patients reporting a good night's sleep",
        "by 20 points",
        "inpatients",
    ),
    (
        "Fewer cancelled operations",
        "operations cancelled on the day",
        "by 25%",
        "planned surgery patients",
    ),
    (
        "Quicker first contact from the crisis team",
        "calls answered within 4 hours",
        "to 90%",
        "people in crisis",
    ),
    ("Improve insulin safety", "insulin errors", "by 40%", "people with diabetes"),
    (
        "Timely district nurse visits",
        "visits within the agreed window",
        "to 95%",
        "housebound patients",
    ),
    ("Joy in work on the ward", "staff reporting a good day", "by 15 points", "ward staff"),
    ("Greener anaesthesia", "desflurane use", "to zero", "theatre patients"),
    ("Reduce repeat prescriptions errors", "prescription queries", "by 30%", "practice patients"),
]


@dataclass
class DemoAccounts:
    central_qi_email: str
    emails: dict[str, str]


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


@transaction.atomic
def build(password: str, seed: int = 2026, today: dt.date | None = None) -> DemoAccounts:
    """Create the whole system. Returns the sign-in names of a few useful people."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    # One shared demo password, hashed once: argon2 is slow on purpose.
    password_hash = make_password(password)
    used_names: set[str] = set()
    system = Organisation.objects.create(name=SYSTEM, kind=Organisation.Kind.SYSTEM, code="NEICS")
    accounts: dict[str, str] = {}
    first_central = ""

    def person(provider, unit, role_list, *, partner=False, staff=False, title=""):
        name = _name(rng, used_names)
        email = f"{name.lower().replace(' ', '.')}@{provider.code.lower()}.example.nhs.uk"
        someone = Person.objects.create(
            email=email,
            password=password_hash,
            full_name=name,
            provider=provider,
            unit=unit,
            is_patient_partner=partner,
            is_staff=staff,
            job_title=title,
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(person=someone, role=r) for r in role_list
        )
        return someone

    for org_name, spec in ORGANISATIONS.items():
        provider = Organisation.objects.create(
            name=org_name,
            kind=Organisation.Kind.ORGANISATION,
            parent=system,
            code=spec["code"],
            improvement_vision=spec["vision"],
        )
        ProgressScaleLevel.objects.bulk_create(
            ProgressScaleLevel(provider=provider, score=s, label=label) for s, label in IHI_SCALE
        )
        priorities = [
            StrategicPriority.objects.create(provider=provider, title=t, description=d, order=i)
            for i, (t, d) in enumerate(PRIORITIES)
        ]
        teams = []
        for directorate_name, team_names in spec["directorates"].items():
            directorate = Organisation.objects.create(
                name=directorate_name, kind=Organisation.Kind.DIRECTORATE, parent=provider
            )
            teams += [
                Organisation.objects.create(name=t, kind=Organisation.Kind.TEAM, parent=directorate)
                for t in team_names
            ]
        central = [
            person(
                provider,
                None,
                [Role.CENTRAL_QI_TEAM, Role.COACH],
                staff=True,
                title="Quality improvement lead",
            )
            for _ in range(2)
        ]
        first_central = first_central or central[0].email
        accounts.setdefault(f"Central QI team ({spec['code']})", central[0].email)
        non_executives = [
            person(provider, None, [Role.BOARD_MEMBER], title="Non-executive director")
            for _ in range(2)
        ]
        executive = person(
            provider,
            None,
            [Role.EXECUTIVE_LEAD, Role.BOARD_MEMBER, Role.SPONSOR],
            title="Chief nurse",
        )
        coaches = [
            person(provider, rng.choice(teams), [Role.COACH], title="QI coach") for _ in range(3)
        ]
        advisor = person(provider, None, [Role.IMPROVEMENT_ADVISOR], title="Improvement advisor")
        sponsors = [
            person(provider, None, [Role.SPONSOR], title="Clinical director") for _ in range(2)
        ] + [executive]
        staff = [
            person(
                provider,
                t,
                [Role.PROJECT_LEAD, Role.MEMBER],
                title=rng.choice(
                    [
                        "Ward sister",
                        "Staff nurse",
                        "Consultant",
                        "Physiotherapist",
                        "Pharmacist",
                        "GP",
                    ]
                ),
            )
            for t in teams
            for _ in range(2)
        ]
        partners = [
            person(provider, None, [Role.PATIENT_PARTNER], partner=True, title="Patient partner")
            for _ in range(3)
        ]
        if spec["code"] == "RNV":
            accounts["Board member"] = non_executives[0].email
            accounts["Project lead"] = staff[0].email
            accounts["Patient partner"] = partners[0].email
            accounts["QI coach"] = coaches[0].email
            accounts["Improvement advisor"] = advisor.email
        _projects(
            rng,
            provider,
            teams,
            priorities,
            staff,
            sponsors,
            coaches + central,
            partners,
            today,
            count={"RNV": 34, "RRV": 16, "PEF": 10}[spec["code"]],
        )
        board.build(rng, provider, teams, central[0], today)
        assessment.build(rng, provider, [*central, *non_executives, executive, *coaches], today)
        capability.build(rng, provider, teams, central[0], today)
        if spec["code"] in ("RNV", "RRV"):  # the third keeps its results to itself
            capability.share(provider)
    ics_lead = person(system, None, [], title="ICS director of improvement")
    accounts["ICS lead (system level)"] = ics_lead.email
    return DemoAccounts(first_central, accounts)


def _projects(rng, provider, teams, priorities, staff, sponsors, coaches, partners, today, count):
    scores = [s for s, _ in IHI_SCALE]
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        team_unit = teams[i % len(teams)]
        started = today - dt.timedelta(days=rng.randint(60, 900))
        final = scores[i % len(scores)]  # every score is represented
        lead = rng.choice([s for s in staff if s.unit_id == team_unit.pk] or staff)
        status = Project.Status.ACTIVE
        if final >= Decimal("4.5") and rng.random() < 0.5:
            status = Project.Status.COMPLETED
        elif rng.random() < 0.06:
            status = Project.Status.ON_HOLD
        phase = (
            Project.Phase.SPREAD
            if final >= Decimal("4.0")
            else Project.Phase.IMPLEMENTATION
            if final >= Decimal("3.0")
            else Project.Phase.PILOT
            if final >= Decimal("1.5")
            else Project.Phase.INNOVATION
        )
        project = Project.objects.create(
            provider=provider,
            unit=team_unit,
            title=f"{topic[0]} – {team_unit.name}",
            problem=f"Too many {topic[1]} problems on {team_unit.name}, affecting {topic[3]}.",
            aim_what=f"Improve {topic[1]}",
            aim_how_much=topic[2],
            aim_by_when=started + dt.timedelta(days=365),
            aim_for_whom=topic[3],
            how_will_we_know=f"Weekly SPC chart of {topic[1]}, with balancing measures.",
            changes_to_try="Ideas from the team's driver diagram, tested in PDSA cycles.",
            priority=None if rng.random() < 0.12 else rng.choice(priorities),
            method=rng.choice(
                [Project.Method.MODEL_FOR_IMPROVEMENT] * 4
                + [Project.Method.LEAN, Project.Method.QSIR]
            ),
            phase=phase,
            status=status,
            lead=lead,
            sponsor=rng.choice(sponsors),
            coach=rng.choice(coaches) if rng.random() < 0.85 else None,
            start_date=started,
            progress_score=final,
        )
        Project.objects.filter(pk=project.pk).update(
            created=dt.datetime.combine(started, dt.time(9), tzinfo=dt.UTC)
        )
        TeamMember.objects.create(project=project, person=lead, role=TeamMember.Role.LEAD)
        for member in rng.sample([s for s in staff if s != lead], k=rng.randint(1, 3)):
            TeamMember.objects.create(project=project, person=member)
        if rng.random() < 0.5:
            TeamMember.objects.create(
                project=project, person=rng.choice(partners), role=TeamMember.Role.PATIENT_PARTNER
            )
        # A history that climbs to the final score, a step every month or two.
        steps = [s for s in scores if s <= final]
        day = started
        history = []
        for step in steps:
            history.append(ProgressScore(project=project, score=step, date=day, set_by=lead))
            day = min(today, day + dt.timedelta(days=rng.randint(20, 70)))
        ProgressScore.objects.bulk_create(history)
        Project.objects.filter(pk=project.pk).update(progress_updated=history[-1].date)
        ideas = _driver_diagram(project, topic)
        _measures_and_cycles(rng, project, topic, ideas, lead, started, today, final)


def _driver_diagram(project, topic) -> list[DriverNode]:
    """Aim, two primary drivers, three secondary drivers (one serving both), four ideas."""
    aim = DriverNode.objects.create(
        project=project, level=0, text=f"{topic[0]} {topic[2]} for {topic[3]}"
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


def _measures_and_cycles(rng, project, topic, ideas, lead, started, today, final):
    """Outcome, process and balancing measures with 2-3 years of data; PDSA ramps before the
    improvement, which shows as a real shift where the project reports progress."""
    import numpy as np

    weekly = rng.random() < 0.6
    n = rng.randint(104, 156) if weekly else rng.randint(24, 36)
    step = dt.timedelta(days=7) if weekly else None
    first = today - dt.timedelta(days=7 * n) if weekly else dt.date(today.year - 3, today.month, 1)
    dates = (
        [first + i * step for i in range(n)] if weekly else [add_months(first, i) for i in range(n)]
    )
    noise = np.random.default_rng(rng.randint(0, 2**31))
    improving = final >= Decimal("3.0")
    change_at = int(n * rng.uniform(0.45, 0.7))
    changes_at = change_at if improving else None  # the change shows where progress is reported
    frequency = Measure.Frequency.WEEKLY if weekly else Measure.Frequency.MONTHLY
    specs = [
        (
            topic[1].capitalize(),
            Measure.Kind.OUTCOME,
            "xmr",
            Measure.Direction.DECREASE,
            1.0,
            "per 1,000 bed days",
        ),
        (
            f"Patients with the {ideas[0].text.lower()} completed",
            Measure.Kind.PROCESS,
            "p",
            Measure.Direction.INCREASE,
            100.0,
            "%",
        ),
        (
            "Staff time per shift on the change (minutes)",
            Measure.Kind.BALANCING,
            "xmr",
            Measure.Direction.NEUTRAL,
            1.0,
            "minutes",
        ),
    ]
    if rng.random() < 0.35:
        specs.append(
            (
                "Incidents reported",
                Measure.Kind.BALANCING,
                "c",
                Measure.Direction.NEUTRAL,
                1.0,
                "incidents",
            )
        )
    made = []
    points = []
    for name, kind, chart, direction, multiplier, unit in specs:
        level = rng.uniform(4, 12)
        target = None
        if kind == Measure.Kind.OUTCOME:
            target = round(level * 0.7, 1)
        elif kind == Measure.Kind.PROCESS:
            target = 95.0
        measure = Measure.objects.create(
            provider=project.provider,
            project=project,
            name=name,
            kind=kind,
            chart_type=chart,
            direction=direction,
            multiplier=multiplier,
            unit=unit,
            target=target,
            frequency=frequency,
            owner=lead,
            operational_definition=f"{name}, counted {frequency} from the ward's records.",
            data_source="Ward audit" if kind == Measure.Kind.PROCESS else "Incident system",
            numerator_definition="Patients with it done" if chart == "p" else "",
            denominator_definition="Patients eligible" if chart == "p" else "",
        )
        measure.change_ideas.set(ideas[:1])
        made.append(measure)
        points += draw_points(noise, measure, dates, _project_shape(chart, kind, level, changes_at))
    DataPoint.objects.bulk_create(points)
    # PDSA ramps: cycles testing the first change ideas in the weeks before the change.
    for ramp_index, idea in enumerate(ideas[: 1 + (final >= Decimal("2.0"))]):
        for number in range(1, rng.randint(2, 4) + 1):
            start = dates[max(0, change_at - 8 + ramp_index * 2 + number * 2)]
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
            cycle.measures.set(made[:2])


def _project_shape(chart, kind, level, changes_at) -> Shape:
    if chart == "p":  # the change is done for about 55% of patients, then 85%
        return Shape(level=0.55, changed_level=0.55 + 0.3, changes_at=changes_at, spread=0.03)
    if chart == "c":  # incidents: the change neither causes nor prevents them
        return Shape(level=3)
    outcome = kind == Measure.Kind.OUTCOME  # the outcome falls by a third; the rest stay put
    return Shape(
        level=level,
        changed_level=level * 0.65 if outcome else level,
        changes_at=changes_at,
        spread=level * 0.12,
        floor=0.0,
        note="New process starts" if outcome else "",
    )
