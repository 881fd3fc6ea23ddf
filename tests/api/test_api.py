"""The REST API: token authentication, scoping, all-or-nothing bulk upsert, the schema."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.audit.models import AuditEvent
from qijourney.measures.models import Measure
from tests.factories import MeasureFactory, PersonFactory


@pytest.fixture
def api(nurse_a):
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=nurse_a).key}")


@pytest.fixture
def falls(project_a):
    return MeasureFactory(project=project_a, name="Falls")


def test_lists_only_your_organisations_projects(api, project_a, project_b):
    body = api.get("/api/projects/").json()
    assert [p["id"] for p in body["results"]] == [project_a.pk]


def test_create_a_project_with_your_own_unit_only(api, tree_a, tree_b, nurse_a):
    created = api.post(
        "/api/projects/",
        {"title": "From the API", "unit": tree_a.ward.pk, "lead": nurse_a.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["progress_score"] == "0.5"
    refused = api.post(
        "/api/projects/",
        {"title": "Elsewhere", "unit": tree_b.ward.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "unit" in refused.json()["errors"]


def test_bulk_upsert_is_all_or_nothing(api, falls):
    url = f"/api/measures/{falls.pk}/points/"
    bad = api.post(
        url,
        [
            {"date": "2025-01-06", "value": 4},
            {"date": "2025-01-13", "value": "x"},
            {"date": "2025-01-06", "value": 5},
        ],
        content_type="application/json",
    )
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert [e["index"] for e in errors] == [1], errors
    assert not falls.points.exists()
    duplicate = api.post(
        url,
        [{"date": "2025-01-06", "value": 4}, {"date": "2025-01-06", "value": 5}],
        content_type="application/json",
    )
    assert duplicate.json()["errors"] == [{"index": 1, "errors": ["the date is also in point 0"]}]
    good = api.post(
        url,
        [{"date": "2025-01-06", "value": 4}, {"date": "2025-01-13", "value": 5}],
        content_type="application/json",
    )
    assert good.json() == {"added": 2, "replaced": 0}
    again = api.post(url, [{"date": "2025-01-13", "value": 6}], content_type="application/json")
    assert again.json() == {"added": 0, "replaced": 1}
    assert [p["value"] for p in api.get(url).json()] == [4.0, 6.0]
    assert AuditEvent.objects.filter(action="import", subject_id=str(falls.pk)).count() == 2


def test_a_point_given_true_is_refused_never_read_as_1(api, falls):
    response = api.post(
        f"/api/measures/{falls.pk}/points/",
        [{"date": "2025-01-06", "value": True}],
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "true is not a number" in str(response.json()["errors"])
    assert not falls.points.exists()


def test_proportions_are_checked_on_upsert(api, project_a):
    audit = MeasureFactory(project=project_a, chart_type="p", direction=Measure.Direction.INCREASE)
    response = api.post(
        f"/api/measures/{audit.pk}/points/",
        [{"date": "2025-01-06", "numerator": 12, "denominator": 10}],
        content_type="application/json",
    )
    assert response.json()["errors"][0]["errors"] == ["the numerator is more than the denominator"]


def test_people_outside_the_team_cannot_write(project_a, falls, tree_a):
    bystander = PersonFactory(provider=tree_a.provider)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=bystander).key}")
    response = client.post(
        f"/api/measures/{falls.pk}/points/",
        [{"date": "2025-01-06", "value": 4}],
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.get(f"/api/measures/{falls.pk}/").status_code == 200  # reading is fine


def test_pdsa_cycles_through_the_api(api, project_a, falls):
    response = api.post(
        "/api/pdsa-cycles/",
        {
            "project": project_a.pk,
            "ramp": "Huddles",
            "number": 1,
            "title": "First huddle",
            "start_date": "2025-03-01",
            "measures": [falls.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert falls.pdsa_cycles.get().title == "First huddle"


def test_openapi_schema_and_docs(api, nurse_a, client):
    schema = api.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/projects/", "/api/measures/{id}/points/", "/api/pdsa-cycles/"} <= set(
        schema["paths"]
    )
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    from tests.factories import PASSWORD

    client.login(username=nurse_a.email, password=PASSWORD)
    page = client.get("/api/docs/").content.decode()
    assert "POST /api/measures/{id}/points/" in page


def test_api_key_page_shows_the_key_once(nurse_a, client):
    from tests.factories import PASSWORD

    client.login(username=nurse_a.email, password=PASSWORD)
    made = client.post("/account/api-key/").content.decode()
    key = Token.objects.get(user=nurse_a).key
    assert key in made
    assert key not in client.get("/account/api-key/").content.decode()


def test_board_metric_through_the_api(qi_lead_a, nurse_a, tree_a):
    body = {
        "name": "Falls per 1,000 bed days",
        "domain": "Safe",
        "direction": "decrease",
        "reporting_unit": tree_a.ward.pk,
        "metric_code": "falls",
    }
    lead = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=qi_lead_a).key}")
    created = lead.post("/api/measures/", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["on_board_report"] is True and created.json()["project"] is None
    nurse = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=nurse_a).key}")
    refused = nurse.post("/api/measures/", body, content_type="application/json")
    assert refused.status_code == 403
    points = lead.post(
        f"/api/measures/{created.json()['id']}/points/",
        [{"date": "2025-01-01", "value": 6.1}],
        content_type="application/json",
    )
    assert points.json() == {"added": 1, "replaced": 0}


def test_a_pdsa_cycle_cannot_be_moved_to_another_project(api, project_a, nurse_a, tree_a):
    from qijourney.projects.models import PDSACycle
    from tests.factories import ProjectFactory

    other_lead = PersonFactory(provider=tree_a.provider)
    theirs = ProjectFactory(unit=tree_a.ward, lead=other_lead)
    cycle = PDSACycle.objects.create(
        project=theirs, ramp="R", title="Theirs", start_date="2025-01-01"
    )
    response = api.patch(
        f"/api/pdsa-cycles/{cycle.pk}/",
        {"project": project_a.pk, "title": "Mine now"},
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
    cycle.refresh_from_db()
    assert cycle.title == "Theirs" and cycle.project == theirs
