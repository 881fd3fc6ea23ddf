"""Programmes, cohorts, enrolments, completions and evaluations, through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qijourney.audit.models import AuditEvent
from qijourney.capability import selectors, services
from qijourney.capability.models import CoachingLog, DosingTarget, Enrolment, Evaluation
from qijourney.organisations.models import RoleAssignment
from tests.capability.conftest import TODAY, complete
from tests.factories import PASSWORD, PersonFactory, ProjectFactory
from tests.pdf_text import pdf_text


def test_install_a_ladder_once(qi_lead_a, ladder):
    assert services.install_example(actor=qi_lead_a, example="dosing-tiers") == []
    assert ladder["Improvement coach"].qualifies_as == "coach"
    assert ladder["Improvement coach"].ladder.slug == "dosing-tiers"
    board = ladder["Board improvement development"]
    assert (board.slug, board.ladder.slug, board.ladder.name) == (
        "board-improvement-development",
        "board-development",
        "Board development",
    )
    with pytest.raises(ValidationError):
        services.install_example(actor=qi_lead_a, example="platinum")


def test_staff_cannot_manage_training(nurse_a, ladder):
    with pytest.raises(PermissionDenied):
        services.install_example(actor=nurse_a, example="qsir-levels")


def test_run_a_cohort_through_the_pages(client, qi_lead_a, ladder, staff_list):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    practitioner = ladder["Improvement practitioner"]
    response = client.post(
        f"/capability/programmes/{practitioner.pk}/cohorts/",
        {"cohort-name": "Spring", "cohort-starts": "2026-03-01", "cohort-ends": "2026-02-01"},
    )
    assert "A cohort cannot end before it starts" in response.content.decode()
    response = client.post(
        f"/capability/programmes/{practitioner.pk}/cohorts/",
        {"cohort-name": "Spring", "cohort-starts": "2026-03-01"},
    )
    cohort = practitioner.cohorts.get()
    assert response["Location"] == f"/capability/cohorts/{cohort.pk}/"
    # One unknown number: nobody is enrolled.
    body = client.post(
        f"/capability/cohorts/{cohort.pk}/enrol/", {"staff_numbers": "S000, S001\nNOPE"}
    ).content.decode()
    assert "Nobody was enrolled" in body and "NOPE" in body
    assert not Enrolment.objects.exists()
    client.post(f"/capability/cohorts/{cohort.pk}/enrol/", {"staff_numbers": "S000, S001\nS010"})
    assert cohort.enrolments.count() == 3
    ids = list(cohort.enrolments.values_list("pk", flat=True))
    client.post(
        f"/capability/cohorts/{cohort.pk}/outcome/",
        {"enrolment": ids[:2], "outcome": "completed", "on": "2026-06-30"},
    )
    client.post(
        f"/capability/cohorts/{cohort.pk}/outcome/", {"enrolment": ids[2:], "outcome": "withdrawn"}
    )
    assert cohort.enrolments.filter(completed_on=dt.date(2026, 6, 30)).count() == 2
    assert cohort.enrolments.filter(withdrawn=True).count() == 1
    client.post(
        f"/capability/cohorts/{cohort.pk}/evaluate/",
        {"enrolment": ids[0], "level": 1, "score": 5, "recorded_on": "2026-07-01"},
    )
    client.post(
        f"/capability/cohorts/{cohort.pk}/evaluate/",
        {"enrolment": ids[1], "level": 1, "score": 3, "recorded_on": "2026-07-01"},
    )
    assert Evaluation.objects.count() == 2
    [reaction, *_rest] = selectors.evaluation_summary(practitioner)
    assert (reaction.mean, reaction.responses) == (4.0, 2)
    page = client.get(f"/capability/programmes/{practitioner.pk}/").content.decode()
    assert "1. Reaction" in page and "4.0" in page
    assert AuditEvent.objects.filter(subject_type="capability.Cohort").count() >= 4


def test_completion_dates_are_checked(qi_lead_a, ladder, staff_list):
    cohort = complete(ladder["Improvement introduction"], [], TODAY)
    services.enrol(actor=qi_lead_a, cohort=cohort, staff_numbers=["S003"])
    ids = list(cohort.enrolments.values_list("pk", flat=True))
    for bad in (None, TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.set_outcome(
                actor=qi_lead_a, cohort=cohort, enrolment_ids=ids, outcome="completed", on=bad
            )
    with pytest.raises(ValidationError, match="left before"):
        services.enrol(actor=qi_lead_a, cohort=cohort, staff_numbers=["LEFT"])


def test_the_dosing_plan_page_adds_a_target_and_shows_the_gap(
    client, qi_lead_a, ladder, staff_list
):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    intro = ladder["Improvement introduction"]
    complete(intro, [staff_list["S010"]], TODAY)
    response = client.post(
        "/capability/plan/",
        {"programme": intro.pk, "percent": "20", "basis": "per_year", "role_group": ""},
    )
    assert response.status_code == 302
    target = DosingTarget.objects.get()
    page = client.get(f"/capability/targets/{target.pk}/").content.decode()
    assert "Gap by directorate" in page and "Surgery" in page
    assert "3 more people need the dose" in page  # 20% of 20 = 4, one has had it
    home = client.get("/capability/").content.decode()
    assert "Not met" in home and 'data-chart-spec="coverage-spec"' in home


def test_skills_directory_finds_coaches_who_are_not_coaching(
    client, qi_lead_a, ladder, staff_list, tree_a
):
    active, idle, unassigned = (PersonFactory(provider=tree_a.provider) for _ in range(3))
    for person, number in ((active, "S004"), (idle, "S005"), (unassigned, "S006")):
        staff_list[number].person = person
        staff_list[number].save()
    complete(ladder["Improvement coach"], [staff_list[n] for n in ("S004", "S005", "S006")], TODAY)
    coached = ProjectFactory(unit=tree_a.ward, coach=active)
    ProjectFactory(unit=tree_a.ward, coach=idle, lead=unassigned)
    CoachingLog.objects.create(project=coached, coach=active, date=TODAY, minutes=45)
    CoachingLog.objects.create(
        project=coached, coach=idle, date=TODAY - dt.timedelta(days=200), minutes=30
    )
    role_only = PersonFactory(provider=tree_a.provider, roles=["coach"], full_name="Role Only")
    statuses = {
        e.name: e.coach_status for e in selectors.skills_directory(tree_a.provider) if e.is_coach
    }
    assert statuses == {
        "Staff 4": selectors.CoachStatus.COACHING,
        "Staff 5": selectors.CoachStatus.ASSIGNED_IDLE,
        "Staff 6": selectors.CoachStatus.NOT_COACHING,
        role_only.full_name: selectors.CoachStatus.NOT_COACHING,
    }
    client.login(username=qi_lead_a.email, password=PASSWORD)
    page = client.get("/capability/skills/?show=inactive").content.decode()
    assert "Staff 5" in page and "Staff 6" in page and "Role Only" in page
    assert "Staff 4" not in page
    everyone = client.get("/capability/skills/").content.decode()
    assert "Improvement coach" in everyone


def test_only_the_coach_or_central_team_log_coaching(client, nurse_a, qi_lead_a, tree_a):
    coach = PersonFactory(provider=tree_a.provider, roles=["coach"])
    project = ProjectFactory(unit=tree_a.ward, coach=coach)
    client.login(username=nurse_a.email, password=PASSWORD)
    url = f"/capability/projects/{project.pk}/coaching/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"date": "2026-01-05", "minutes": "30"}).status_code == 403
    client.login(username=coach.email, password=PASSWORD)
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    assert "has happened" in client.post(url, {"date": future, "minutes": "30"}).content.decode()
    client.post(url, {"date": TODAY.isoformat(), "minutes": "30", "note": "Charter review"})
    log = CoachingLog.objects.get()
    assert (log.coach, log.minutes) == (coach, 30)
    assert RoleAssignment.objects.filter(person=coach).exists()


def test_capability_report_page_and_pdf(client, qi_lead_a, ladder, staff_list):
    intro = ladder["Improvement introduction"]
    cohort = complete(intro, [staff_list["S000"], staff_list["S012"]], TODAY)
    for enrolment, score in zip(cohort.enrolments.all(), (4, 5), strict=True):
        services.evaluate(actor=qi_lead_a, enrolment=enrolment, level=1, score=score, on=TODAY)
    services.save_target(
        actor=qi_lead_a, fields={"programme": intro, "percent": 15, "basis": "per_year"}
    )
    client.login(username=qi_lead_a.email, password=PASSWORD)
    page = client.get("/capability/report/").content.decode()
    assert "Improvement introduction: all staff" in page
    response = client.get("/capability/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Coverage against the dosing plan" in text
    assert "Surgery" in text and "10%" in text  # 2 of 20 staff
    assert "Kirkpatrick" in text and "4.5 (2)" in text
    assert "4.5 (2)" in page


def test_two_programmes_cannot_share_a_name(client, qi_lead_a, ladder):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    coach = ladder["Improvement coach"]
    fields = {"name": "Improvement introduction", "ladder": coach.ladder_id, "tier": 3}
    body = client.post(f"/capability/programmes/{coach.pk}/", fields).content.decode()
    assert "already has a programme of this name" in body
    body = client.post("/capability/programmes/", fields).content.decode()
    assert "already has a programme of this name" in body
    coach.refresh_from_db()
    assert coach.name == "Improvement coach"


def test_a_second_score_replaces_the_first_and_staff_see_no_names(
    client, qi_lead_a, nurse_a, ladder, staff_list
):
    cohort = complete(ladder["Improvement introduction"], [staff_list["S007"]], TODAY)
    enrolment = cohort.enrolments.get()
    client.login(username=qi_lead_a.email, password=PASSWORD)
    url = f"/capability/cohorts/{cohort.pk}/evaluate/"
    for score in (2, 4):
        data = {"enrolment": enrolment.pk, "level": 1, "score": score, "recorded_on": TODAY}
        assert client.post(url, data).status_code == 302
    assert Evaluation.objects.get().score == 4
    assert "Staff 7" in client.get(f"/capability/cohorts/{cohort.pk}/").content.decode()
    client.login(username=nurse_a.email, password=PASSWORD)
    page = client.get(f"/capability/cohorts/{cohort.pk}/").content.decode()
    assert "Staff 7" not in page and "1 enrolled, 1 completed" in page
    odd = client.post(f"/capability/cohorts/{cohort.pk}/outcome/", {"enrolment": "²"})
    assert odd.status_code == 403  # refused for who they are, before the odd id matters


def test_cohort_names_are_unique_within_a_programme(client, qi_lead_a, ladder):
    client.login(username=qi_lead_a.email, password=PASSWORD)
    programme = ladder["Improvement coach"]
    url = f"/capability/programmes/{programme.pk}/cohorts/"
    client.post(url, {"cohort-name": "Spring", "cohort-starts": "2026-03-01"})
    again = client.post(url, {"cohort-name": "Spring", "cohort-starts": "2026-04-01"})
    assert "already has a cohort of this name" in again.content.decode()
    assert programme.cohorts.count() == 1
