"""Two trusts of one integrated care system (and a third that keeps its stories to itself),
with trust B's finished project: measures with data, a driver diagram, PDSA cycles."""

from __future__ import annotations

import datetime as dt

import pytest

from qijourney.measures.models import DataPoint
from qijourney.organisations.models import Organisation, SystemSharing
from qijourney.projects.models import DriverNode, PDSACycle, Project
from tests.factories import MeasureFactory, OrganisationTree, PersonFactory


def join(system: Organisation, *trees) -> None:
    for tree in trees:
        tree.provider.parent = system
        tree.provider.save()


def share_stories(provider, stories: bool = True) -> None:
    SystemSharing.objects.update_or_create(provider=provider, defaults={"stories": stories})


@pytest.fixture
def ics(tree_a, tree_b):
    system = Organisation.objects.create(name="Vale ICS", kind=Organisation.Kind.SYSTEM)
    join(system, tree_a, tree_b)
    return system


@pytest.fixture
def tree_c(ics):
    tree = OrganisationTree.build("Eastholm Practices")
    join(ics, tree)
    return tree


@pytest.fixture
def ics_lead(ics):
    return PersonFactory(provider=ics, roles=["central_qi_team"])


@pytest.fixture
def lead_b(project_b):
    return project_b.lead


@pytest.fixture
def finished_b(project_b):
    """Trust B's completed falls project, with a measure, a diagram and tested ideas."""
    project_b.status = Project.Status.COMPLETED
    project_b.title = "Fewer falls on Ward 1"
    project_b.problem = "Older patients fall at night going to the toilet."
    project_b.aim_how_much = "by 30%"
    project_b.save()
    measure = MeasureFactory(
        project=project_b,
        name="Falls per 1,000 bed days",
        operational_definition="Falls recorded on Datix per 1,000 occupied bed days",
        target=4.0,
    )
    start = dt.date(2025, 1, 6)
    for week in range(16):
        value = 8 + (week % 3) if week < 8 else 4 + (week % 2)
        DataPoint.objects.create(
            measure=measure, date=start + dt.timedelta(weeks=week), value=value
        )
    aim = DriverNode.objects.create(project=project_b, level=0, text="Fewer falls")
    primary = DriverNode.objects.create(project=project_b, level=1, text="Safer nights")
    primary.parents.set([aim])
    secondary = DriverNode.objects.create(project=project_b, level=2, text="Toileting rounds")
    secondary.parents.set([primary])
    second_primary = DriverNode.objects.create(project=project_b, level=1, text="Staff skills")
    second_primary.parents.set([aim])
    secondary.parents.add(second_primary)  # a network: serving two drivers
    rounds = DriverNode.objects.create(project=project_b, level=3, text="Intentional rounding")
    rounds.parents.set([secondary])
    socks = DriverNode.objects.create(project=project_b, level=3, text="Non-slip socks")
    socks.parents.set([secondary])
    measure.change_ideas.set([rounds])
    for number, decision in enumerate(["adapt", "adopt"], start=1):
        PDSACycle.objects.create(
            project=project_b,
            change_idea=rounds,
            ramp="Rounding",
            number=number,
            title=f"Rounding test {number}",
            decision=decision,
            start_date=start + dt.timedelta(weeks=2 * number),
        )
    PDSACycle.objects.create(
        project=project_b,
        change_idea=socks,
        ramp="Socks",
        title="Socks test",
        decision="abandon",
        start_date=start,
    )
    return project_b


@pytest.fixture
def ward_lead_a(tree_a):
    """A ward lead of trust A: a project lead, on no project of B's."""
    return PersonFactory(provider=tree_a.provider, unit=tree_a.ward, roles=["project_lead"])
