"""A small trust for capability tests: a staff list, a ladder of programmes, a plan."""

from __future__ import annotations

import datetime as dt

import pytest

from qijourney.capability import services
from qijourney.capability.models import Cohort, Enrolment, Programme, StaffMember
from qijourney.organisations.models import Organisation

TODAY = dt.date.today()


@pytest.fixture
def ladder(qi_lead_a):
    services.install_example(actor=qi_lead_a, example="dosing-tiers")
    return {p.name: p for p in Programme.objects.filter(provider=qi_lead_a.provider)}


@pytest.fixture
def second_directorate(tree_a):
    surgery = Organisation.objects.create(
        name="Surgery", kind=Organisation.Kind.DIRECTORATE, parent=tree_a.provider
    )
    theatre = Organisation.objects.create(
        name="Theatres", kind=Organisation.Kind.TEAM, parent=surgery, code="THR"
    )
    return surgery, theatre


@pytest.fixture
def staff_list(tree_a, second_directorate):
    """Ten nurses on ward 1 (two managers), ten in theatres (one manager), one leaver."""
    _surgery, theatre = second_directorate
    people = []
    for i in range(20):
        people.append(
            StaffMember(
                provider=tree_a.provider,
                staff_number=f"S{i:03}",
                name=f"Staff {i}",
                role_group="Nursing and midwifery" if i % 2 == 0 else "Allied health professionals",
                is_manager=i in (0, 1, 10),
                unit=tree_a.ward if i < 10 else theatre,
                start_date=dt.date(2020, 1, 1),
            )
        )
    people.append(
        StaffMember(
            provider=tree_a.provider,
            staff_number="LEFT",
            name="Gone",
            role_group="Nursing and midwifery",
            unit=tree_a.ward,
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2021, 1, 1),
        )
    )
    StaffMember.objects.bulk_create(people)
    return {s.staff_number: s for s in StaffMember.objects.filter(provider=tree_a.provider)}


def complete(programme: Programme, staff: list[StaffMember], on: dt.date) -> Cohort:
    number = Cohort.objects.filter(programme=programme).count() + 1
    cohort = Cohort.objects.create(programme=programme, name=f"{programme} {number}", starts=on)
    Enrolment.objects.bulk_create(Enrolment(cohort=cohort, staff=s, completed_on=on) for s in staff)
    return cohort
