"""Training records, the dosing plan, project teams and a cycle's measures are versioned on
the one log: each write makes its versions, all linked to one audit event with their real
changes; a cohort has a History page with its enrolments."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.test import Client

from qijourney.audit.models import AuditEvent
from qijourney.capability.models import DosingTarget, Enrolment
from qijourney.capability.services import plan
from qijourney.projects import services as project_services
from qijourney.projects.models import PDSACycle, TeamMember
from tests.capability.test_api import token_client
from tests.factories import PASSWORD, MeasureFactory, PersonFactory
from tests.history.test_one_log import check_one_log, snapshot


def send(client, path, data, method="post"):
    return getattr(client, method)(path, data=json.dumps(data), content_type="application/json")


def test_cohorts_and_evaluations_through_the_api(qi_lead_a, ladder, staff_list):
    api = token_client(qi_lead_a)
    programme = ladder["Improvement introduction"]
    state = snapshot()
    made = send(
        api,
        "/api/cohorts/",
        {"programme": programme.slug, "name": "Spring", "starts": "2026-01-05"},
    )
    assert made.status_code == 201, made.content
    event, _ = check_one_log(*state)
    assert event.changes["name"] == [None, "Spring"]
    cohort_id = made.json()["id"]

    state = snapshot()
    assert send(api, f"/api/cohorts/{cohort_id}/", {"places": 12}, "patch").status_code == 200
    event, _ = check_one_log(*state)
    assert event.changes == {"places": [None, "12"]}

    state = snapshot()
    placed = send(api, "/api/enrolments/", {"cohort": cohort_id, "staff_number": "S001"})
    assert placed.status_code == 201, placed.content
    enrolment = Enrolment.objects.get(cohort_id=cohort_id)
    evaluation = {"enrolment": enrolment.pk, "level": 1, "score": 2, "recorded_on": "2026-01-09"}
    state = snapshot()
    assert send(api, "/api/evaluations/", evaluation).status_code == 201
    event, _ = check_one_log(*state)
    assert event.subject_type == "capability.Evaluation" and event.changes["score"] == [None, "2"]
    state = snapshot()
    assert send(api, "/api/evaluations/", evaluation | {"score": 4}).status_code in (200, 201)
    event, _ = check_one_log(*state)
    assert event.changes == {"score": ["2", "4"]}

    page = Client()
    assert page.login(username=qi_lead_a.email, password=PASSWORD)
    assert (
        f"/history/cohorts/{cohort_id}/"
        in page.get(f"/capability/cohorts/{cohort_id}/").content.decode()
    )
    history = page.get(f"/history/cohorts/{cohort_id}/").content.decode()
    assert "Places" in history and "Staff 1" in history  # the cohort's and its enrolment's
    assert "Evaluation: level 1" in history  # and its evaluations', with the score's change


def test_dosing_targets_are_versioned(qi_lead_a, ladder):
    state = snapshot()
    target = plan.save_target(
        actor=qi_lead_a, fields={"programme": ladder["Improvement introduction"], "percent": 15}
    )
    event, _ = check_one_log(*state)
    assert event.changes["percent"] == [None, "15.0"]  # as stored
    state = snapshot()
    plan.delete_target(actor=qi_lead_a, target=target)
    event, [row] = check_one_log(*state)  # the deletion's version: as it was, marked deleted
    assert event.action == AuditEvent.Action.DELETE and row.deleted_at is not None
    assert not DosingTarget.objects.exists()  # off the plan, its coverage and reports


def test_a_target_taken_off_the_plan_is_put_back_from_recently_deleted(qi_lead_a, ladder):
    target = plan.save_target(
        actor=qi_lead_a, fields={"programme": ladder["Improvement introduction"], "percent": 15}
    )
    page = Client()
    assert page.login(username=qi_lead_a.email, password=PASSWORD)
    on_the_plan = f"/delete/targets/{target.pk}/"
    assert on_the_plan in page.get("/capability/plan/").content.decode()
    confirm = page.get(on_the_plan).content.decode()
    assert "Improvement introduction" in confirm and "90 days" in confirm  # asked first
    assert page.post(on_the_plan)["Location"] == "/capability/plan/"
    assert on_the_plan not in page.get("/capability/plan/").content.decode()
    deleted = page.get("/recently-deleted/").content.decode()
    assert f"/recently-deleted/targets/{target.pk}/restore/" in deleted
    assert page.post(f"/recently-deleted/targets/{target.pk}/restore/").status_code == 302
    assert DosingTarget.objects.filter(pk=target.pk).exists()
    assert on_the_plan in page.get("/capability/plan/").content.decode()


def test_team_changes_are_versions_of_the_one_write(project_a, nurse_a, tree_a):
    newcomer = PersonFactory(provider=tree_a.provider)
    state = snapshot()
    project_services.add_team_member(
        actor=nurse_a, project=project_a, person=newcomer, role=TeamMember.Role.MEMBER
    )
    event, [row] = check_one_log(*state)
    assert event.subject_type == "projects.TeamMember" and row.person_id == newcomer.pk

    # A new lead: the project's version and both members' in one event.
    state = snapshot()
    project_services.update_project(actor=nurse_a, project=project_a, fields={"lead": newcomer})
    event, rows = check_one_log(*state, versions=3, bulk=True)
    assert event.changes == {"lead": [str(nurse_a.pk), str(newcomer.pk)]}
    assert {r.instance_type for r in rows} == {type(project_a), TeamMember}

    member = TeamMember.objects.get(project=project_a, person=nurse_a)
    state = snapshot()
    project_services.remove_team_member(actor=newcomer, member=member)
    event, [row] = check_one_log(*state, bulk=True)
    assert event.action == AuditEvent.Action.DELETE and row.history_type == "-"
    assert event.changes["person"] == [str(nurse_a.pk), None]


def test_a_cycles_measures_are_part_of_its_version(project_a, nurse_a):
    measure = MeasureFactory(project=project_a)
    page = Client()
    assert page.login(username=nurse_a.email, password=PASSWORD)
    cycle = {"ramp": "Ramp", "number": "1", "title": "Test 1", "start_date": "2025-01-01"}
    assert page.post(f"/projects/{project_a.pk}/pdsa/new/", cycle).status_code == 302
    made = PDSACycle.objects.get(project=project_a)
    state = snapshot()
    answer = page.post(
        f"/projects/{project_a.pk}/pdsa/{made.pk}/edit/", cycle | {"measures": [measure.pk]}
    )
    assert answer.status_code == 302
    event, _ = check_one_log(*state)
    assert event.changes == {"measures": [None, str(measure.pk)]}
    assert dt.date(2025, 1, 1) == made.start_date


def test_an_evaluations_earlier_score_is_put_back_from_the_cohorts_history(
    qi_lead_a, ladder, staff_list
):
    api = token_client(qi_lead_a)
    made = send(
        api,
        "/api/cohorts/",
        {
            "programme": ladder["Improvement introduction"].slug,
            "name": "May",
            "starts": "2026-05-04",
        },
    )
    cohort_id = made.json()["id"]
    send(api, "/api/enrolments/", {"cohort": cohort_id, "staff_number": "S001"})
    enrolment = Enrolment.objects.get(cohort_id=cohort_id)
    first = {"enrolment": enrolment.pk, "level": 1, "score": 2, "recorded_on": "2026-05-08"}
    send(api, "/api/evaluations/", first)
    send(api, "/api/evaluations/", first | {"score": 5})
    evaluation = enrolment.evaluations.get()
    earliest = evaluation.history.order_by("history_id").first()
    page = Client()
    assert page.login(username=qi_lead_a.email, password=PASSWORD)
    path = f"/history/evaluations/{evaluation.pk}/versions/{earliest.history_id}/"
    assert path in page.get(f"/history/cohorts/{cohort_id}/").content.decode()
    seen = re.search(r'name="version" value="([0-9a-f]+)"', page.get(path).content.decode())
    state = snapshot()
    assert page.post(path, {"version": seen.group(1)}).status_code == 302
    event, _ = check_one_log(*state)
    assert event.action == AuditEvent.Action.RESTORE and event.changes == {"score": ["5", "2"]}
    evaluation.refresh_from_db()
    assert evaluation.score == 2
