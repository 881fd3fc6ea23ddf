"""What the fuzzing found, kept as examples: input the database cannot take is refused (400),
and addresses nothing answers are JSON 404s, on SQLite and PostgreSQL alike."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.api.base import APIViewSet
from qijourney.api.urls import router
from tests.factories import MeasureFactory, PersonFactory


@pytest.fixture
def api(tree_a, project_a):
    lead = PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])
    MeasureFactory(project=project_a, name="Falls")
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=lead).key}")


@pytest.mark.parametrize(
    "path",
    [
        "/api/completions/?programme=%00",
        "/api/completions/?since=2025-01-01%00",
        "/api/enrolments/?cohort=%00",
        "/api/projects/?x%00=1",
        "/api/staff-list/?whole_list=%00",
    ],
)
def test_nul_in_a_query_parameter_is_refused(api, path):
    response = api.get(path)
    assert response.status_code == 400
    assert "NUL" in next(iter(response.json()["errors"].values()))


@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/cohorts/", {"programme": "a\u0000b", "name": "Spring", "starts": "2025-03-01"}),
        ("/api/projects/", {"title": "Falls", "unit": 1, "\u0000": 1}),
        ("/api/staff-list/", [{"staff_number": "S1\u0000"}]),
    ],
)
def test_nul_anywhere_in_a_body_is_refused(api, path, body):
    response = api.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize("levels", [2000, 900, 33])
@pytest.mark.parametrize("path", ["/api/indicator-values/", "/api/staff-list/", "/api/projects/"])
def test_a_body_nested_too_deep_is_a_problem_not_a_crash(api, path, levels):
    """Past about 1,000 levels Python's JSON decoder raises RecursionError (a 500 before);
    below that the NUL check recursed too. Anything deeper than the API takes is a 400."""
    body = "[" * levels + "]" * levels
    response = api.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "nested more than 32 levels deep" in response.json()["detail"]


def test_a_refused_person_is_told_so_before_their_body_is_read(nurse_a, project_a):
    """The NUL check is the parser's, so a write someone may not make stays a 403."""
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=nurse_a).key}")
    response = api.post("/api/cohorts/", {"name": "\u0000"}, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "path", ["/api/projects/0.5/", "/api/measures/0.5/points/", "/api/nothing/", "/api/"]
)
def test_addresses_nothing_answers_are_json_not_found(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_every_api_viewset_checks_its_input():
    assert all(issubclass(viewset, APIViewSet) for _, viewset, _ in router.registry)
