"""API lists page by ?limit= and ?offset=: what cannot be a page is refused, never a 500."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.domain.constants import MAX_API_PAGE
from tests.factories import ProjectFactory


@pytest.fixture
def api(nurse_a, project_a):
    ProjectFactory(unit=project_a.unit, lead=nurse_a)
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=nurse_a).key}")


@pytest.mark.parametrize(
    "query",
    [
        "limit=9223372036854775808",
        "limit=99999999999999999999999",
        "limit=abc",
        "limit=-1",
        "limit=0",
        "limit=1e3",
        "limit=²",
        "offset=9223372036854775808",
        "offset=-5",
        "offset=x",
        "offset=" + "9" * 5000,
    ],
)
def test_a_limit_or_offset_that_is_no_page_is_refused(api, query):
    response = api.get(f"/api/projects/?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert "whole number" in response.json()["errors"][name]


def test_a_large_limit_is_cut_to_the_largest_page(api):
    body = api.get(f"/api/projects/?limit={10**17}").json()
    assert len(body["results"]) == 2 and body["next"] is None
    assert api.get("/api/projects/?limit=1").json()["next"].endswith("limit=1&offset=1")
    first = api.get(f"/api/projects/?limit={MAX_API_PAGE + 1}&offset=1").json()
    assert len(first["results"]) == 1 and f"limit={MAX_API_PAGE}" in first["previous"]


def test_an_offset_past_the_end_is_an_empty_page(api):
    body = api.get(f"/api/projects/?offset={10**18 - 1}").json()
    assert body["count"] == 2 and body["results"] == []
