"""Capability across an integrated care system: private unless an organisation shares it."""

from __future__ import annotations

import pytest

from qijourney.audit.models import AuditEvent
from qijourney.capability import selectors, services
from qijourney.capability.models import Sharing
from qijourney.organisations.models import Organisation
from tests.capability.conftest import TODAY, complete
from tests.factories import PASSWORD, OrganisationTree, PersonFactory


@pytest.fixture
def system(tree_a, tree_b):
    """A and B in one system; C in another."""
    ics = Organisation.objects.create(name="Vale ICS", kind=Organisation.Kind.SYSTEM)
    for tree in (tree_a, tree_b):
        tree.provider.parent = ics
        tree.provider.save()
    other = Organisation.objects.create(name="Far ICS", kind=Organisation.Kind.SYSTEM)
    tree_c = OrganisationTree.build("Coastal Hospitals")
    tree_c.provider.parent = other
    tree_c.provider.save()
    return ics, tree_c


def names(person) -> list[str]:
    return [s.organisation.name for s in selectors.system_summaries(person)]


def test_summaries_are_private_until_shared(system, tree_a, tree_b, qi_lead_a, ladder, staff_list):
    ics, tree_c = system
    b_person = PersonFactory(provider=tree_b.provider)
    c_person = PersonFactory(provider=tree_c.provider)
    ics_lead = PersonFactory(provider=ics, full_name="ICS lead")
    assert names(b_person) == [tree_b.provider.name]
    services.set_sharing(actor=qi_lead_a, shared=True)
    assert names(b_person) == [tree_a.provider.name, tree_b.provider.name]
    assert names(c_person) == [tree_c.provider.name]
    assert names(ics_lead) == [tree_a.provider.name]
    assert AuditEvent.objects.filter(subject_type="capability.Sharing").count() == 1
    services.set_sharing(actor=qi_lead_a, shared=False)
    assert names(b_person) == [tree_b.provider.name]


def test_the_summary_counts_any_training_ever_and_in_the_last_year(
    system, tree_a, qi_lead_a, ladder, staff_list
):
    complete(ladder["Improvement introduction"], [staff_list["S000"], staff_list["S001"]], TODAY)
    complete(
        ladder["Improvement practitioner"],
        [staff_list["S001"], staff_list["S002"]],
        TODAY.replace(year=TODAY.year - 2),
    )
    complete(ladder["Improvement introduction"], [staff_list["LEFT"]], TODAY)
    [mine] = selectors.system_summaries(qi_lead_a)
    assert (mine.staff, mine.ever, mine.last_year) == (20, 3, 2)
    assert mine.ever_percent == 15 and mine.is_yours


def test_the_page_shows_shared_organisations_and_only_managers_share(
    system, client, tree_a, tree_b, qi_lead_a, nurse_a
):
    client.login(username=nurse_a.email, password=PASSWORD)
    assert client.post("/capability/sharing/", {"shared": "yes"}).status_code == 403
    assert not Sharing.objects.exists()
    client.login(username=qi_lead_a.email, password=PASSWORD)
    client.post("/capability/sharing/", {"shared": "yes"})
    b_person = PersonFactory(provider=tree_b.provider)
    client.login(username=b_person.email, password=PASSWORD)
    page = client.get("/capability/system/").content.decode()
    assert tree_a.provider.name in page and "(yours)" in page
    assert 'data-chart-spec="system-spec"' in page
    assert "Stop sharing" not in page  # not a manager of B


def test_an_organisation_outside_any_system_is_told_so(client, qi_lead_a):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    page = client.get("/capability/system/").content.decode()
    assert "not part of an integrated care system" in page


def test_system_staff_can_open_every_page_of_the_menu(system, client, tree_a, qi_lead_a):
    ics, _tree_c = system
    services.set_sharing(actor=qi_lead_a, shared=True)
    lead = PersonFactory(provider=ics)
    client.login(username=lead.email, password=PASSWORD)
    assert client.get("/capability/")["Location"] == "/capability/system/"
    assert tree_a.provider.name in client.get("/capability/system/").content.decode()
    for path in (
        "/",
        "/projects/",
        "/organisation/",
        "/board/",
        "/assessment/",
        "/assessment/shared/",
        "/capability/skills/",
        "/capability/programmes/",
        "/capability/report/",
    ):
        assert client.get(path).status_code in (200, 302, 403, 404), path


def test_system_level_managers_have_nothing_to_share(system, client):
    ics, _tree_c = system
    manager = PersonFactory(provider=ics, roles=["central_qi_team"])
    client.login(username=manager.email, password=PASSWORD)
    assert "Share our summary" not in client.get("/capability/system/").content.decode()
    response = client.post("/capability/sharing/", {"shared": "yes"}, follow=True)
    assert "Only an organisation manages training and shares its summary" in (
        response.content.decode()
    )
    assert not Sharing.objects.exists()
