"""The API fuzzed from its own OpenAPI schema: schemathesis sends every operation generated
requests (valid and not) as a central QI team member, through the Django app itself (WSGI, no
server), and each answer must be no server error and must be what the schema says (status
code, content type, body)."""

import datetime as dt
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qijourney.assessment.models import AssessmentRound, Statement
from qijourney.assessment.services import respond
from qijourney.capability import services as capability_services
from qijourney.capability.models import Cohort, Enrolment, Evaluation, Ladder, StaffMember
from qijourney.projects.models import PDSACycle
from tests.factories import MeasureFactory, PersonFactory, ProjectFactory

# The schema the API serves at /api/openapi.json (test_served_schema_is_the_one_fuzzed).
RAW_SCHEMA = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
CONFIG = schemathesis.Config.from_dict({"seed": 20250610})
schema = schemathesis.openapi.from_dict(RAW_SCHEMA, config=CONFIG)
schema.app = WSGIHandler()

# Examples per operation: enough to find what a probe of 30 found, within the suite's time;
# QIJOURNEY_FUZZ_EXAMPLES=200 fuzzes deeper by hand.
EXAMPLES = int(os.environ.get("QIJOURNEY_FUZZ_EXAMPLES", "15"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept():
    """The app closes its database connection after each request, which would end the test's
    transaction (PostgreSQL): keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(tree_a, impact, connection_kept):
    """A central QI team member's token, and one of everything the API reads and changes in
    their organisation: {collection: [ids]}, so requests that name an id can find one."""
    lead = PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])
    project = ProjectFactory(unit=tree_a.ward, lead=lead)
    measure = MeasureFactory(project=project, name="Falls")
    measure.points.create(date=dt.date(2025, 1, 6), value=3)
    cycle = PDSACycle.objects.create(
        project=project, title="Try the checklist", start_date=dt.date(2025, 1, 6)
    )
    capability_services.install_example(actor=lead, example="dosing-tiers")
    programme = lead.provider.programmes.first()
    cohort = Cohort.objects.create(programme=programme, name="Spring", starts=dt.date(2025, 3, 1))
    staff = StaffMember.objects.create(
        provider=tree_a.provider,
        staff_number="S001",
        name="Staff One",
        role_group="Nursing and midwifery",
        unit=tree_a.ward,
        start_date=dt.date(2020, 1, 1),
        person=lead,
    )
    place = Enrolment.objects.create(cohort=cohort, staff=staff, completed_on=dt.date(2025, 3, 2))
    evaluation = Evaluation.objects.create(
        enrolment=place, level=1, score=4, recorded_on=dt.date(2025, 3, 2)
    )
    assessment = AssessmentRound.objects.create(
        provider=tree_a.provider, framework=impact, name="Spring", opened=dt.date(2025, 4, 1)
    )
    statement = Statement.objects.filter(domain__framework=impact).first()
    respond(assessment=assessment, respondent=lead, answers={statement.pk: 3})
    indicator = in_a_system(tree_a.provider)
    ids = {
        "indicators": [indicator.pk],
        "projects": [project.pk],
        "measures": [measure.pk],
        "pdsa-cycles": [cycle.pk],
        "ladders": list(
            Ladder.objects.filter(provider=tree_a.provider).values_list("pk", flat=True)
        ),
        "programmes": [programme.pk],
        "cohorts": [cohort.pk],
        "enrolments": [place.pk],
        "evaluations": [evaluation.pk],
        "assessment-rounds": [assessment.pk],
        "assessment-responses": list(assessment.responses.values_list("pk", flat=True)),
    }
    return Token.objects.create(user=lead).key, ids


def in_a_system(provider):
    """The organisation in an integrated care system with one shared indicator."""
    from qijourney.organisations.models import Organisation
    from qijourney.system.models import Indicator

    provider.parent = Organisation.objects.create(name="Vale ICS", kind="system")
    provider.save()
    return Indicator.objects.create(
        provider=provider.parent,
        name="Falls with harm",
        definition="Falls that harmed a patient",
        numerator_definition="Falls with harm",
        denominator_definition="Bed days",
        data_type=Indicator.DataType.RATIO_OF_COUNTS,
    )


def existing(case, ids: dict[str, list[int]]) -> None:
    """A small generated id names one of the items that exist (ids differ between databases and
    runs); other values (large, negative, text) are sent as generated."""
    value = case.path_parameters.get("id") if case.path_parameters else None
    if isinstance(value, int) and 0 <= value < 1000:
        known = ids[case.path.split("/")[2]]
        case.path_parameters["id"] = known[value % len(known)]


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
def test_api_answers_as_its_schema_says(case, world):
    token, ids = world
    existing(case, ids)
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


def test_served_schema_is_the_one_fuzzed(client, tree_a):
    lead = PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])
    client.force_login(lead)
    assert client.get("/api/openapi.json").json() == RAW_SCHEMA
