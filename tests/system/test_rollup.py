"""What a trust shares with its system beyond capability and self-assessment: its portfolio
rolled up (counts only), decided by its central QI team, audited; the ICS's own home page;
GP practices and primary care networks as organisations of their own kind."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from qijourney.audit.models import AuditEvent
from qijourney.organisations.models import Organisation, SystemSharing
from qijourney.organisations.selectors import providers_sharing, sharing_of, system_of
from qijourney.organisations.services import set_system_sharing
from qijourney.projects.models import Project
from qijourney.projects.selectors import portfolio_rollup
from tests.factories import PASSWORD, OrganisationTree, PersonFactory, ProjectFactory


def signed_in(person) -> Client:
    client = Client()
    assert client.login(username=person.email, password=PASSWORD)
    return client


@pytest.fixture
def system(tree_a, tree_b):
    """A and B in Riverside ICS; C in Hilltop ICS; a GP practice in a PCN of Riverside."""
    riverside = Organisation.objects.create(name="Riverside ICS", kind="system")
    hilltop = Organisation.objects.create(name="Hilltop ICS", kind="system")
    for tree in (tree_a, tree_b):
        tree.provider.parent = riverside
        tree.provider.save()
    tree_c = OrganisationTree.build("Eastfield Care")
    tree_c.provider.parent = hilltop
    tree_c.provider.save()
    pcn = Organisation.objects.create(name="Riverside North PCN", kind="pcn", parent=riverside)
    practice = Organisation.objects.create(
        name="Mill Lane Surgery", kind="practice", parent=pcn, code="Z00001"
    )
    return riverside, hilltop, tree_c, practice


def test_a_practice_is_its_own_organisation_in_its_system(system):
    riverside, _, _, practice = system
    assert practice.provider == practice and practice.owns_data
    assert system_of(practice) == riverside
    pcn = practice.parent
    assert pcn.provider is None and not pcn.owns_data
    wrong = Organisation(name="Loose practice", kind="practice", parent=practice)
    with pytest.raises(ValidationError):
        wrong.full_clean()


def test_sharing_is_decided_by_the_central_qi_team_and_audited(system, tree_a, qi_lead_a, nurse_a):
    with pytest.raises(PermissionDenied):
        set_system_sharing(actor=nurse_a, provider=tree_a.provider, portfolio=True)
    assert not sharing_of(tree_a.provider).portfolio
    changes = set_system_sharing(actor=qi_lead_a, provider=tree_a.provider, portfolio=True)
    assert changes == {"portfolio": ["False", "True"]}
    stored = SystemSharing.objects.get(provider=tree_a.provider)
    assert stored.portfolio and not stored.stories  # the flag left out keeps its setting
    event = AuditEvent.objects.filter(provider=tree_a.provider).latest("pk")
    assert event.actor == qi_lead_a and event.changes["portfolio"] == ["False", "True"]
    set_system_sharing(actor=qi_lead_a, provider=tree_a.provider, portfolio=False)
    assert not SystemSharing.objects.get(provider=tree_a.provider).portfolio


def test_another_organisation_cannot_share_for_a_trust(system, tree_a, tree_b):
    lead_b = PersonFactory(provider=tree_b.provider, roles=["central_qi_team"])
    with pytest.raises(PermissionDenied):
        set_system_sharing(actor=lead_b, provider=tree_a.provider, stories=True)
    assert not SystemSharing.objects.filter(provider=tree_a.provider).exists()


def test_the_rollup_counts_only_what_sharing_trusts_share(system, tree_a, tree_b, nurse_a):
    riverside, _, tree_c, _ = system
    for score, status in (("1.0", "active"), ("3.0", "active"), ("4.0", "completed")):
        ProjectFactory(unit=tree_b.ward, progress_score=Decimal(score), status=status)
    ProjectFactory(unit=tree_c.ward)
    ProjectFactory(unit=tree_a.ward, priority=tree_a.priority)
    # B has not shared: A's nurse sees only A.
    assert [r.organisation for r in portfolio_rollup(nurse_a)] == [tree_a.provider]
    lead_b = PersonFactory(provider=tree_b.provider, roles=["central_qi_team"])
    set_system_sharing(actor=lead_b, provider=tree_b.provider, portfolio=True)
    rollups = {r.organisation: r for r in portfolio_rollup(nurse_a)}
    assert set(rollups) == {tree_a.provider, tree_b.provider}  # never C, of another system
    b = rollups[tree_b.provider]
    assert (b.active, b.finished, b.is_yours) == (2, 1, False)
    assert b.by_score == {Decimal("1.0"): 1, Decimal("3.0"): 1}
    assert b.by_phase[Project.Phase.INNOVATION.label] == 2
    assert rollups[tree_a.provider].by_priority == [(tree_a.priority.title, 1)]
    ics_lead = PersonFactory(provider=riverside, roles=["executive_lead"])
    assert {r.organisation for r in portfolio_rollup(ics_lead)} == {tree_b.provider}
    assert providers_sharing(PersonFactory(provider=tree_c.provider), "portfolio").count() == 1


def test_the_ics_lead_home_compares_what_is_shared(system, tree_a, tree_b):
    riverside = system[0]
    lead_b = PersonFactory(provider=tree_b.provider, roles=["central_qi_team"])
    set_system_sharing(actor=lead_b, provider=tree_b.provider, portfolio=True)
    hidden = ProjectFactory(unit=tree_b.ward, title="A project title only B may read")
    ics_lead = PersonFactory(provider=riverside, roles=["executive_lead"])
    page = signed_in(ics_lead).get("/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Riverside ICS" in body and "Portfolios" in body
    assert tree_b.provider.name in body and tree_a.provider.name not in body
    assert hidden.title not in body and "Start a project" not in body
    page = signed_in(ics_lead).get("/projects/system/")
    assert page.status_code == 200 and tree_b.provider.name in page.content.decode()


def test_the_ics_home_lists_only_shared_stories(system, tree_b):
    from qijourney.learning.models import Story

    riverside = system[0]
    project = ProjectFactory(unit=tree_b.ward, status="completed", title="Finished falls project")
    Story.objects.create(
        project=project, provider=tree_b.provider, summary="s", published_on="2025-01-01"
    )
    ics_lead = PersonFactory(provider=riverside, roles=["executive_lead"])
    assert project.title not in signed_in(ics_lead).get("/").content.decode()
    lead_b = PersonFactory(provider=tree_b.provider, roles=["central_qi_team"])
    set_system_sharing(actor=lead_b, provider=tree_b.provider, stories=True)
    assert project.title in signed_in(ics_lead).get("/").content.decode()
