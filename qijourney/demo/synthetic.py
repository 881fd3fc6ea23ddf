"""A synthetic integrated care system: organisations, people in every role, strategy, projects,
board metrics, self-assessment and training.

Everything is made up and reproducible (one seeded random generator, drawn from in a fixed
order by the steps below). Names of places and people are invented; nothing is real patient
or staff data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from qijourney.audit import history
from qijourney.demo import (
    assessment,
    board,
    capability,
    learning,
    organisations,
    people,
    projects,
)
from qijourney.demo import system as shared_indicators
from qijourney.organisations.models import Role


@dataclass
class DemoAccounts:
    central_qi_email: str  # the first organisation's central QI lead
    emails: dict[str, str]  # the sign-in sheet: who (role) and their sign-in name


@transaction.atomic
def build(password: str, seed: int = 2026, today: dt.date | None = None) -> DemoAccounts:
    """Create the whole system. Returns the sign-in names of a few useful people."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    make_person = people.PersonMaker(rng, make_password(password))
    system = organisations.create_system()
    emails: dict[str, str] = {}
    leads, providers = [], []
    for spec in organisations.ORGANISATIONS:
        provider = organisations.create(spec, system)
        providers.append(provider)
        staff = people.recruit(rng, make_person, provider)
        leads.append(staff.lead)
        emails |= people.sign_in_names(spec, staff)
        projects.build(rng, provider, staff, today)
        board.build(rng, provider.organisation, provider.teams, staff.lead, today)
        assessment.build(rng, provider.organisation, staff.respondents, today)
        capability.build(rng, provider.organisation, provider.teams, staff.lead, today)
        if spec.shares_with_system:
            capability.share(provider.organisation)
    # The system's GP practices, its catalogue of shared indicators and everyone's feeds.
    shared_indicators.build(system, providers, today, seed)
    # The ICS lead keeps the catalogue (their role draws nothing: everyone else stays as was).
    ics_lead = make_person(system, None, [Role.EXECUTIVE_LEAD], title="ICS director of improvement")
    emails["ICS lead (system level)"] = ics_lead.email
    learning.build(seed, today)  # its own generator: the rest stays as it was
    # What was made in bulk gets its first version in bulk: a few inserts, not a save each.
    history.first_versions(history.versioned_models())
    return DemoAccounts(central_qi_email=leads[0].email, emails=emails)
