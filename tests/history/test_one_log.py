"""One change log: every page and API write of a versioned item makes exactly one version,
linked to exactly one audit event, whose changes are the ones between that version and the
one before."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.assessment.models import Action, AssessmentRound
from qijourney.audit import history
from qijourney.audit.models import AuditEvent
from qijourney.capability.models import StaffMember
from qijourney.measures.models import DataPoint
from qijourney.projects.models import DriverNode, PDSACycle
from tests.factories import PASSWORD, MeasureFactory

VERSIONED = [m for m in apps.get_models() if history.is_versioned(m)]


def all_versions() -> set[tuple[str, int]]:
    return {(m._meta.label, r) for m in VERSIONED for r in m.history.values_list("pk", flat=True)}


def new_versions(before: set) -> list:
    rows = []
    for model in VERSIONED:
        for row in model.history.select_related("audit_event").order_by("history_id"):
            if (model._meta.label, row.pk) not in before:
                rows.append(row)
    return rows


def previous(row):
    return (
        type(row)
        .objects.filter(id=row.id, history_id__lt=row.history_id)
        .order_by("-history_id")
        .first()
    )


def check_one_log(
    before_versions: set, before_events: int, *, versions: int = 1, bulk: bool = False
):
    """The write made ``versions`` versions, all in one new audit event; for a single
    version the event's changes are exactly its changes against the one before (a bulk
    write's event sums up; each of its versions holds its own before and after)."""
    rows = new_versions(before_versions)
    events = list(AuditEvent.objects.order_by("id"))[before_events:]
    assert len(events) == 1, [(e.action, e.subject_type, e.changes) for e in events]
    assert len(rows) == versions, [(r.instance_type, r.history_type) for r in rows]
    assert {r.audit_event_id for r in rows} == {events[0].pk}
    if not bulk:
        assert events[0].changes == history.changes(previous(rows[0]), rows[0])
        assert events[0].changes, "a write that changes nothing makes no version"
    return events[0], rows


@pytest.fixture
def clients(nurse_a, qi_lead_a):
    page = Client()
    assert page.login(username=qi_lead_a.email, password=PASSWORD)
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=qi_lead_a).key}")
    return page, api


def snapshot():
    return all_versions(), AuditEvent.objects.count()


def test_project_writes(clients, project_a, tree_a):
    page, api = clients
    form = {
        "title": "Fewer falls",
        "unit": tree_a.ward.pk,
        "method": "mfi",
        "aim_what": "Reduce falls",
    }
    form.update(phase="innovation", status="active", lead=project_a.lead_id)
    state = snapshot()
    assert page.post(f"/projects/{project_a.pk}/edit/", form).status_code == 302
    event, [row] = check_one_log(*state)
    assert event.changes == {"title": [project_a.title, "Fewer falls"]}
    assert row.history_user_id == event.actor_id

    state = snapshot()
    answer = api.patch(
        f"/api/projects/{project_a.pk}/",
        data={"status": "on_hold"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    event, _ = check_one_log(*state)
    assert event.changes == {"status": ["active", "on_hold"]}

    state = snapshot()
    page.post(f"/projects/{project_a.pk}/progress/", {"score": "2.0", "note": ""})
    event, _ = check_one_log(*state)
    assert event.changes["progress_score"] == ["1.0", "2.0"]


def test_driver_diagram_and_pdsa_writes(clients, project_a):
    page, api = clients
    state = snapshot()
    page.post(f"/projects/{project_a.pk}/driver-diagram/", {"level": "0", "text": "No falls"})
    check_one_log(*state)
    aim = DriverNode.objects.get(project=project_a)
    state = snapshot()
    page.post(
        f"/projects/{project_a.pk}/driver-diagram/",
        {"level": "1", "text": "Safer wards", "parents": [aim.pk]},
    )
    event, _ = check_one_log(*state)  # the box and its link: one version
    assert event.changes["parents"] == [None, str(aim.pk)]

    state = snapshot()
    cycle = {"ramp": "Ramp", "number": "1", "title": "Test 1", "start_date": "2025-01-01"}
    assert page.post(f"/projects/{project_a.pk}/pdsa/new/", cycle).status_code == 302
    check_one_log(*state)
    made = PDSACycle.objects.get(project=project_a)
    state = snapshot()
    answer = api.patch(
        f"/api/pdsa-cycles/{made.pk}/",
        data={"learning": "It works"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    event, _ = check_one_log(*state)
    assert event.changes == {"learning": ["", "It works"]}


def test_measure_and_point_writes(clients, project_a):
    page, api = clients
    measure = MeasureFactory(project=project_a)
    state = snapshot()
    answer = api.patch(
        f"/api/measures/{measure.pk}/", data={"unit": "%"}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    check_one_log(*state)

    state = snapshot()
    page.post(f"/measures/{measure.pk}/points/", {"date": "2025-01-06", "value": "4"})
    event, [row] = check_one_log(*state)
    assert event.subject_type == "measures.DataPoint" and row.value == 4

    # The bulk upsert: one import event, one version of each point added or changed.
    state = snapshot()
    points = [{"date": "2025-01-06", "value": 5}, {"date": "2025-01-13", "value": 6}]
    answer = api.post(
        f"/api/measures/{measure.pk}/points/",
        data=json.dumps(points),
        content_type="application/json",
    )
    assert answer.json() == {"added": 1, "replaced": 1}
    event, rows = check_one_log(*state, versions=2, bulk=True)
    assert event.action == AuditEvent.Action.IMPORT
    assert {r.history_type for r in rows} == {"+", "~"}
    assert DataPoint.objects.filter(measure=measure).count() == 2


def test_board_metric_writes(clients, tree_a):
    page, _ = clients
    state = snapshot()
    form = {"name": "Falls per 1,000 bed days", "kind": "outcome", "frequency": "monthly"}
    form.update(direction="decrease", chart_type="xmr", multiplier="1", domain="Safe")
    form.update(reporting_unit=tree_a.provider.pk)
    assert page.post("/board/metrics/new/", form).status_code == 302
    check_one_log(*state)


def test_staff_enrolment_and_assessment_writes(clients, qi_lead_a, tree_a, impact):
    """Capability and self-assessment items are versioned on the same log."""
    from qijourney.assessment import services as assessment_services
    from qijourney.capability.services import staff as staff_services

    state = snapshot()
    staff_services.import_staff(
        actor=qi_lead_a,
        source="a test",
        rows=[
            {
                "staff_number": "N1",
                "name": "Ann Nurse",
                "email": "",
                "role_group": "Nursing",
                "is_manager": False,
                "unit_id": tree_a.ward.pk,
                "start_date": dt.date(2020, 1, 1),
                "end_date": None,
            }
        ],
    )
    event, [row] = check_one_log(*state, bulk=True)
    assert row.instance_type is StaffMember and history.changes(None, row)["name"]

    page, api = clients
    state = snapshot()
    made = page.post(
        "/assessment/rounds/new/",
        {"framework": impact.pk, "name": "Spring", "opened": "2025-03-01"},
    )
    assert made.status_code == 302
    check_one_log(*state)
    round_ = AssessmentRound.objects.get(name="Spring")
    state = snapshot()
    answer = api.patch(
        f"/api/assessment-rounds/{round_.pk}/",
        data={"name": "Spring (final)"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    event, _ = check_one_log(*state)
    assert event.changes == {"name": ["Spring", "Spring (final)"]}
    state = snapshot()
    assessment_services.add_action(
        actor=qi_lead_a,
        assessment=round_,
        fields={"domain": impact.domains.first(), "text": "Train the board"},
    )
    event, [row] = check_one_log(*state)
    assert row.instance_type is Action
