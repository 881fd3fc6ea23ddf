"""Fixtures shared by the platform tests: two organisations and people in them; and the
second run of `make test`, on PostgreSQL, keeping only the tests that use a database."""

import os

import pytest

from tests.factories import OrganisationTree, PersonFactory, ProjectFactory

# Fixtures through which a test reaches the database (pytest-django's, and live_server).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def uses_database(item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """With QIJOURNEY_DATABASE_TESTS_ONLY=1, run only the tests that touch the database: the
    engine, charts, CLI and doctests gain nothing from running once per database."""
    if os.environ.get("QIJOURNEY_DATABASE_TESTS_ONLY") != "1":
        return
    kept = [item for item in items if uses_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
    items[:] = kept


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
