"""Fixtures shared by the platform tests: two organisations and people in them."""

import pytest

from tests.factories import OrganisationTree, PersonFactory, ProjectFactory


@pytest.fixture
def tree_a(db):
    return OrganisationTree.build("Northvale Hospitals")


@pytest.fixture
def tree_b(db):
    return OrganisationTree.build("Southmoor Hospitals")


@pytest.fixture
def qi_lead_a(tree_a):
    return PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])


@pytest.fixture
def nurse_a(tree_a):
    return PersonFactory(provider=tree_a.provider, unit=tree_a.ward)


@pytest.fixture
def project_a(tree_a, nurse_a):
    return ProjectFactory(unit=tree_a.ward, lead=nurse_a)


@pytest.fixture
def project_b(tree_b):
    lead = PersonFactory(provider=tree_b.provider, unit=tree_b.ward)
    return ProjectFactory(unit=tree_b.ward, lead=lead)


@pytest.fixture
def impact(db):
    """The shipped NHS IMPACT framework (transactional tests flush what migrations install)."""
    from qijourney.assessment.models import Framework
    from qijourney.assessment.services import install_frameworks

    install_frameworks()
    return Framework.objects.get(key="nhs-impact")
