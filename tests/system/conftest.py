"""An integrated care system for the system view's tests: trusts A and B in the Vale ICS with
a primary care network of two GP practices, trust C in another system, one indicator of each
system, and the people who act for them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from qijourney.measures.models import Measure
from qijourney.organisations.models import Organisation, Person
from qijourney.system.models import Indicator
from tests.factories import OrganisationTree, PersonFactory

LEADS = ["central_qi_team"]


@dataclass
class World:
    ics: Organisation
    far_ics: Organisation
    a: OrganisationTree
    b: OrganisationTree
    c: OrganisationTree
    pcn: Organisation
    practices: list[Organisation]
    indicator: Indicator
    far_indicator: Indicator
    ics_lead: Person  # the system's improvement team: keeps the catalogue
    ics_viewer: Person  # someone of the system without a managing role
    lead_a: Person
    exec_b: Person
    nurse_a: Person
    lead_c: Person


def indicator(system: Organisation, name: str = "Falls with harm", **fields) -> Indicator:
    values = {
        "definition": "Falls that harmed a patient, per 1,000 bed days",
        "numerator_definition": "Falls with harm",
        "denominator_definition": "Occupied bed days",
        "data_type": Indicator.DataType.RATIO_OF_COUNTS,
        "direction": Measure.Direction.DECREASE,
        "multiplier": 1000,
        "unit": "per 1,000 bed days",
        **fields,
    }
    return Indicator.objects.create(provider=system, name=name, **values)


@pytest.fixture
def world(tree_a, tree_b) -> World:
    ics = Organisation.objects.create(name="Vale ICS", kind=Organisation.Kind.SYSTEM, code="QV1")
    far = Organisation.objects.create(name="Far ICS", kind=Organisation.Kind.SYSTEM, code="QF1")
    for tree in (tree_a, tree_b):
        tree.provider.parent = ics
        tree.provider.save()
    tree_c = OrganisationTree.build("Coastal Hospitals")
    tree_c.provider.parent = far
    tree_c.provider.save()
    pcn = Organisation.objects.create(
        name="Vale North PCN", kind=Organisation.Kind.PRIMARY_CARE_NETWORK, parent=ics, code="U1"
    )
    practices = [
        Organisation.objects.create(
            name=f"Practice {n}", kind=Organisation.Kind.PRACTICE, parent=pcn, code=f"P8{n}"
        )
        for n in (1, 2)
    ]
    return World(
        ics=ics,
        far_ics=far,
        a=tree_a,
        b=tree_b,
        c=tree_c,
        pcn=pcn,
        practices=practices,
        indicator=indicator(ics),
        far_indicator=indicator(far),
        ics_lead=PersonFactory(provider=ics, roles=LEADS, full_name="ICS lead"),
        ics_viewer=PersonFactory(provider=ics, full_name="ICS analyst"),
        lead_a=PersonFactory(provider=tree_a.provider, roles=LEADS),
        exec_b=PersonFactory(provider=tree_b.provider, roles=["executive_lead"]),
        nurse_a=PersonFactory(provider=tree_a.provider, unit=tree_a.ward),
        lead_c=PersonFactory(provider=tree_c.provider, roles=LEADS),
    )
