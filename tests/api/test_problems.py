"""Every API error is a JSON problem (RFC 9457), never an HTML page: DRF's refusals, an
address or method the API does not have, a crash, and a database too busy to answer (503,
Retry-After). Pages keep their own behaviour."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.urls("tests.api.problem_urls")


@pytest.fixture
def api(nurse_a):
    token = Token.objects.create(user=nurse_a).key
    return Client(HTTP_AUTHORIZATION=f"Token {token}", raise_request_exception=False)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json", response.content[:200]
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["detail"], body
    return body


def test_an_address_the_api_does_not_have_is_a_problem_signed_in_or_not(api, db):
    assert_problem(api.get("/api/no-such-thing/"), 404)
    assert_problem(Client().get("/api/no-such-thing/"), 404)
    assert_problem(api.get("/api/projects/999999/"), 404)


def test_pages_keep_their_own_not_found(nurse_a, client):
    assert client.get("/no-such-page/")["Location"].startswith("/sign-in/")
    client.force_login(nurse_a)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "html" in response["Content-Type"]


def test_a_method_the_address_does_not_take_is_a_problem_naming_those_it_does(api, db):
    response = api.delete("/api/projects/")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_no_token_is_a_problem_that_says_how_to_authenticate(db):
    response = Client().get("/api/projects/")
    body = assert_problem(response, 401)
    assert body["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_refused_input_names_each_field(api, tree_b):
    response = api.post(
        "/api/projects/",
        {"title": "Elsewhere", "unit": tree_b.ward.pk},
        content_type="application/json",
    )
    body = assert_problem(response, 400)
    assert "unit" in body["errors"] and "unit" in body["detail"]


@pytest.mark.parametrize("path", ["/api/test/crash/", "/api/test/plain-crash/"])
def test_a_crash_is_a_problem_not_the_html_error_page(api, path, caplog):
    body = assert_problem(api.get(path), 500)
    assert "a bug" not in body["detail"]  # what went wrong is logged, not shown
    assert any("a bug" in str(record.exc_info) for record in caplog.records)


@pytest.mark.parametrize("path", ["/api/test/busy/", "/api/test/plain-busy/"])
def test_a_database_still_locked_after_the_timeout_is_503_with_retry_after(api, path):
    response = api.post(path, [], content_type="application/json")
    body = assert_problem(response, 503)
    assert int(response["Retry-After"]) > 0
    assert "again" in body["detail"]


def test_the_schema_declares_the_problems(api):
    schema = api.get("/api/openapi.json").json()
    upsert = schema["paths"]["/api/measures/{id}/points/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "503"} <= set(upsert)
    assert upsert["503"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    assert "errors" in schema["components"]["schemas"]["Problem"]["properties"]
