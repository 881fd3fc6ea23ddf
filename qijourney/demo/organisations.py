"""The demo's integrated care system and its three organisations, each with its directorates
and teams, its strategic priorities and the IHI progress scale."""

from __future__ import annotations

import random
from dataclasses import dataclass

from qijourney.domain.constants import IHI_SCALE
from qijourney.organisations.models import (
    Organisation,
    ProgressScaleLevel,
    StrategicPriority,
)

SYSTEM = "Northvale and Eastfield Integrated Care System"
SYSTEM_CODE = "NEICS"


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    code: str
    vision: str
    directorates: dict[str, list[str]]  # each directorate's teams
    projects: int  # how many improvement projects it runs
    shares_with_system: bool  # its capability summary and latest self-assessment
    sign_in_examples: bool = False  # its people are the sign-in sheet's example of each role


ORGANISATIONS = [
    OrganisationSpec(
        "Northvale Teaching Hospitals NHS Foundation Trust",
        code="RNV",
        vision="Every member of staff improving care every day, with patients as partners.",
        directorates={
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
        projects=34,
        shares_with_system=True,
        sign_in_examples=True,
    ),
    OrganisationSpec(
        "Riverside Community and Mental Health NHS Trust",
        code="RRV",
        vision="Care closer to home, improved by the people who give and receive it.",
        directorates={
            "Community services": [
                "District nursing north",
                "District nursing south",
                "Community rehabilitation",
            ],
            "Mental health": ["Adult inpatient ward", "Crisis team", "Older adults team"],
        },
        projects=16,
        shares_with_system=True,
    ),
    OrganisationSpec(
        "Eastfield Primary Care Network",
        code="PEF",
        vision="Practices learning together to give every patient timely, safe care.",
        directorates={
            "Practices": ["Eastfield Health Centre", "Millbrook Surgery", "Harbour Lane Practice"],
        },
        projects=10,
        shares_with_system=False,  # it keeps its results to itself
    ),
]
PRIORITIES = [  # (title, description)
    ("Safe care, no avoidable harm", "Falls, pressure ulcers, sepsis and medication safety."),
    ("Timely access", "Waits for urgent and planned care, flow through the hospital."),
    ("Better experience for patients and staff", "Listening, kindness and joy in work."),
    ("Best use of resources", "Less waste, greener care, value for money."),
]


@dataclass(frozen=True)
class Provider:
    """A new organisation and what the later steps need of it."""

    spec: OrganisationSpec
    organisation: Organisation
    priorities: list[StrategicPriority]
    teams: list[Organisation]  # every directorate's, in order


def create_system() -> Organisation:
    return Organisation.objects.create(name=SYSTEM, kind=Organisation.Kind.SYSTEM, code=SYSTEM_CODE)


def create(spec: OrganisationSpec, system: Organisation) -> Provider:
    """The organisation, its progress scale, its priorities, its directorates and teams."""
    provider = Organisation.objects.create(
        name=spec.name,
        kind=Organisation.Kind.ORGANISATION,
        parent=system,
        code=spec.code,
        improvement_vision=spec.vision,
    )
    ProgressScaleLevel.objects.bulk_create(
        ProgressScaleLevel(provider=provider, score=s, label=label) for s, label in IHI_SCALE
    )
    priorities = [
        StrategicPriority.objects.create(provider=provider, title=t, description=d, order=i)
        for i, (t, d) in enumerate(PRIORITIES)
    ]
    teams = []
    for directorate_name, team_names in spec.directorates.items():
        directorate = Organisation.objects.create(
            name=directorate_name, kind=Organisation.Kind.DIRECTORATE, parent=provider
        )
        teams += [
            Organisation.objects.create(name=t, kind=Organisation.Kind.TEAM, parent=directorate)
            for t in team_names
        ]
    return Provider(spec, provider, priorities, teams)


# The system's primary care networks; each has several GP practices (organisations of their own).
PRIMARY_CARE_NETWORKS = [
    "Northvale Central",
    "Northvale Rural",
    "Riverside and Docks",
    "Millbrook Valley",
    "Harbourside",
    "Eastfield Coast",
]
PRACTICE_PLACES = [
    "Abbey", "Beech Grove", "Bridge Street", "Canal Side", "Castle", "Church Lane", "Dale",
    "Dockside", "Elm Tree", "Fairfield", "Ferry Lane", "Glebe", "Greenway", "High Street",
    "Hollybank", "Ivy House", "Kingsway", "Larchwood", "Marsh Road", "Meadowbank", "Mill Lane",
    "Newbridge", "North Road", "Oakwood", "Orchard", "Park View", "Priory", "Quayside",
    "Riverbank", "Rosehill", "St Anne's", "Station Road", "The Willows", "Thornbury", "Tower",
    "Union Street", "Valley", "Victoria", "Westgate", "Wharf", "Yew Tree",
]  # fmt: skip
PRACTICE_KINDS = ["Surgery", "Medical Practice", "Health Centre", "Medical Centre"]
PRACTICES = 40
# Invented ODS-style codes: real practice codes are a letter A-Y and five digits, so a "Z"
# (and a "ZN" for the networks) can never be a real one.
PRACTICE_CODE_PREFIX = "Z9"
NETWORK_CODE_PREFIX = "ZN"


def create_primary_care(rng: random.Random, system: Organisation) -> list[Organisation]:
    """The system's primary care networks and their GP practices (invented names and codes,
    drawn from ``rng``); returns the practices, in their networks' order."""
    places = rng.sample(PRACTICE_PLACES, PRACTICES)
    practices = []
    for n, network_name in enumerate(PRIMARY_CARE_NETWORKS):
        network = Organisation.objects.create(
            name=f"{network_name} Primary Care Network",
            kind=Organisation.Kind.PRIMARY_CARE_NETWORK,
            parent=system,
            code=f"{NETWORK_CODE_PREFIX}{n + 1:04d}",
        )
        for place in places[n :: len(PRIMARY_CARE_NETWORKS)]:
            practices.append(
                Organisation.objects.create(
                    name=f"{place} {rng.choice(PRACTICE_KINDS)}",
                    kind=Organisation.Kind.PRACTICE,
                    parent=network,
                    code=f"{PRACTICE_CODE_PREFIX}{len(practices) + 1:04d}",
                )
            )
    return practices
