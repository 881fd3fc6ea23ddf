"""A synthetic integrated care system: organisations, people in every role, strategy, projects.

Everything is made up and reproducible (one seeded random generator). Names of places and
people are invented; nothing is real patient or staff data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from qijourney.demo import assessment, board, capability, projects
from qijourney.organisations.models import (
    IHI_SCALE,
    Organisation,
    Person,
    ProgressScaleLevel,
    Role,
    RoleAssignment,
    StrategicPriority,
)

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
        projects.build(
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
