"""The demo's people: in every organisation a central QI team, a board, coaches, an
improvement advisor, sponsors, two frontline staff per team and patient partners, each with
an invented name, the roles they hold and the one demo password."""

from __future__ import annotations

import random
from dataclasses import dataclass

from qijourney.demo.organisations import OrganisationSpec, Provider
from qijourney.organisations.models import Organisation, Person, Role, RoleAssignment

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
FRONTLINE_TITLES = [
    "Ward sister",
    "Staff nurse",
    "Consultant",
    "Physiotherapist",
    "Pharmacist",
    "GP",
]


class PersonMaker:
    """Makes people with names drawn from ``rng``, never the same twice, who all sign in with
    the one password (hashed once: argon2 is slow on purpose)."""

    def __init__(self, rng: random.Random, password_hash: str) -> None:
        self.rng = rng
        self.password_hash = password_hash
        self.used_names: set[str] = set()

    def __call__(
        self,
        provider: Organisation,
        unit: Organisation | None,
        roles: list[Role],
        *,
        partner: bool = False,
        staff: bool = False,
        title: str = "",
    ) -> Person:
        name = self._name()
        email = f"{name.lower().replace(' ', '.')}@{provider.code.lower()}.example.nhs.uk"
        someone = Person.objects.create(
            email=email,
            password=self.password_hash,
            full_name=name,
            provider=provider,
            unit=unit,
            is_patient_partner=partner,
            is_staff=staff,
            job_title=title,
        )
        RoleAssignment.objects.bulk_create(RoleAssignment(person=someone, role=r) for r in roles)
        return someone

    def _name(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name


@dataclass(frozen=True)
class People:
    """An organisation's people by the part they play."""

    central_team: list[Person]  # the central QI team, who coach too; the first leads it
    non_executives: list[Person]  # board members
    executive: Person  # the chief nurse: executive lead for improvement, on the board, a sponsor
    coaches: list[Person]
    advisor: Person  # the improvement advisor
    sponsors: list[Person]  # two clinical directors and the executive
    frontline: list[Person]  # two per team, who lead projects and join each other's
    partners: list[Person]  # patient partners

    @property
    def lead(self) -> Person:
        return self.central_team[0]

    @property
    def who_coach(self) -> list[Person]:
        return [*self.coaches, *self.central_team]

    @property
    def respondents(self) -> list[Person]:
        """Who answers the self-assessment (the central team's lead first)."""
        return [*self.central_team, *self.non_executives, self.executive, *self.coaches]


def recruit(rng: random.Random, make: PersonMaker, provider: Provider) -> People:
    """Everyone in the organisation, made in a fixed order: the names drawn depend on it."""
    org, teams = provider.organisation, provider.teams
    central_team = [
        make(
            org,
            None,
            [Role.CENTRAL_QI_TEAM, Role.COACH],
            staff=True,
            title="Quality improvement lead",
        )
        for _ in range(2)
    ]
    non_executives = [
        make(org, None, [Role.BOARD_MEMBER], title="Non-executive director") for _ in range(2)
    ]
    executive = make(
        org, None, [Role.EXECUTIVE_LEAD, Role.BOARD_MEMBER, Role.SPONSOR], title="Chief nurse"
    )
    # Each coach's team is drawn before their name, each frontline title before the name.
    coaches = [make(org, rng.choice(teams), [Role.COACH], title="QI coach") for _ in range(3)]
    advisor = make(org, None, [Role.IMPROVEMENT_ADVISOR], title="Improvement advisor")
    directors = [make(org, None, [Role.SPONSOR], title="Clinical director") for _ in range(2)]
    frontline = [
        make(org, t, [Role.PROJECT_LEAD, Role.MEMBER], title=rng.choice(FRONTLINE_TITLES))
        for t in teams
        for _ in range(2)
    ]
    partners = [
        make(org, None, [Role.PATIENT_PARTNER], partner=True, title="Patient partner")
        for _ in range(3)
    ]
    return People(
        central_team=central_team,
        non_executives=non_executives,
        executive=executive,
        coaches=coaches,
        advisor=advisor,
        sponsors=[*directors, executive],
        frontline=frontline,
        partners=partners,
    )


def sign_in_names(spec: OrganisationSpec, people: People) -> dict[str, str]:
    """The sign-in sheet's lines for the organisation: its QI lead, and maybe every role."""
    names = {f"Central QI team ({spec.code})": people.lead.email}
    if spec.sign_in_examples:
        names |= {
            "Board member": people.non_executives[0].email,
            "Project lead": people.frontline[0].email,
            "Patient partner": people.partners[0].email,
            "QI coach": people.coaches[0].email,
            "Improvement advisor": people.advisor.email,
        }
    return names
