"""A write never links another organisation's objects: every reference a body names (an
owner, lead, coach, unit, priority, change idea, measure, programme...) is checked against the
organisation, in the services that pages and the API share."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.capability import services as capability
from qijourney.measures import services as measures
from qijourney.projects import services as projects
from qijourney.projects.models import DriverNode, PDSACycle
from tests.factories import MeasureFactory, PersonFactory


@pytest.fixture
def a_and_b(tree_a, tree_b, project_a, project_b):
    qi_a = PersonFactory(provider=tree_a.provider, roles=["central_qi_team"])
    qi_b = PersonFactory(provider=tree_b.provider, roles=["central_qi_team"])
    capability.install_example(actor=qi_a, example="dosing-tiers")
    capability.install_example(actor=qi_b, example="dosing-tiers")
    return {
        "qi_a": qi_a,
        "measure_a": MeasureFactory(project=project_a),
        "person_b": project_b.lead,
        "ward_b": tree_b.ward,
        "priority_b": tree_b.priority,
        "measure_b": MeasureFactory(project=project_b),
        "idea_b": DriverNode.objects.create(project=project_b, level=3, text="B's idea"),
        "programme_b": capability.save_programme(
            actor=qi_b, fields={"name": "B only", "new_ladder": "B's ladder", "tier": 1}
        ),
    }


def send(client, method, path, body):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def test_the_api_refuses_every_reference_to_another_organisation(a_and_b, project_a):
    x = a_and_b
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=x['qi_a']).key}")
    project = f"/api/projects/{project_a.pk}/"
    measure = f"/api/measures/{x['measure_a'].pk}/"
    attempts = [
        ("patch", project, {"unit": x["ward_b"].pk}),
        ("patch", project, {"priority": x["priority_b"].pk}),
        ("patch", project, {"lead": x["person_b"].pk}),
        ("patch", project, {"sponsor": x["person_b"].pk}),
        ("patch", project, {"coach": x["person_b"].pk}),
        ("patch", measure, {"owner": x["person_b"].pk}),
        ("patch", measure, {"reporting_unit": x["ward_b"].pk}),
        (
            "post",
            "/api/pdsa-cycles/",
            {"project": project_a.pk, "ramp": "R", "title": "T", "change_idea": x["idea_b"].pk},
        ),
        (
            "post",
            "/api/pdsa-cycles/",
            {"project": project_a.pk, "ramp": "R", "title": "T", "measures": [x["measure_b"].pk]},
        ),
        (
            "post",
            "/api/cohorts/",
            {"programme": x["programme_b"].slug, "name": "C", "starts": "2026-01-01"},
        ),
        (
            "post",
            "/api/cohorts/",
            {
                "programme": "improvement-coach",
                "name": "C",
                "starts": "2026-01-01",
                "facilitator": x["person_b"].pk,
            },
        ),
    ]
    for method, path, body in attempts:
        response = send(api, method, path, body)
        assert response.status_code in (400, 403), (method, path, body, response.json())
    project_a.refresh_from_db()
    x["measure_a"].refresh_from_db()
    assert project_a.provider_id == project_a.unit.provider_id
    assert {project_a.lead_id, project_a.sponsor_id, project_a.coach_id}.isdisjoint(
        {x["person_b"].pk}
    )
    assert x["measure_a"].owner_id != x["person_b"].pk
    assert not PDSACycle.objects.filter(project=project_a).exists()


def test_the_services_refuse_them_whoever_calls(a_and_b, project_a, nurse_a):
    x = a_and_b
    refused = [
        lambda: projects.update_project(
            actor=nurse_a, project=project_a, fields={"coach": x["person_b"]}
        ),
        lambda: measures.update_measure(
            actor=nurse_a, measure=x["measure_a"], fields={"owner": x["person_b"]}
        ),
        lambda: projects.save_pdsa(
            actor=nurse_a,
            project=project_a,
            fields={"ramp": "R", "title": "T", "start_date": dt.date(2026, 1, 1)},
            measures=[x["measure_b"]],
        ),
        lambda: capability.save_cohort(
            actor=x["qi_a"],
            programme=x["qi_a"].provider.programmes.first(),
            fields={"name": "C", "starts": dt.date(2026, 1, 1), "facilitator": x["person_b"]},
        ),
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied):
            attempt()
