"""Dates that must come in order are checked on the model, so every way in refuses the same
mistake and names the field: a page form, the API, and the services the imports use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.assessment.models import AssessmentRound, Framework
from qijourney.capability.models import Cohort, StaffMember
from tests.factories import PASSWORD
from tests.projects.test_concurrent_edits import opened, project_form


@pytest.fixture
def api(qi_lead_a):
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=qi_lead_a).key}")


def test_a_project_cannot_end_before_it_starts_on_its_page_or_through_the_api(
    client, api, project_a, nurse_a
):
    client.login(username=nurse_a.email, password=PASSWORD)
    path = f"/projects/{project_a.pk}/edit/"
    form = project_form(project_a, start_date="2026-03-01", end_date="2026-02-01")
    form["version"] = opened(client, path)
    refused = client.post(path, form)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "The project cannot end before it starts" in html
    assert 'href="#id_end_date"' in html  # the error summary links to the field
    answer = api.patch(
        f"/api/projects/{project_a.pk}/",
        {"start_date": "2026-03-01", "end_date": "2026-02-01"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"end_date": ["The project cannot end before it starts"]}
    project_a.refresh_from_db()
    assert project_a.end_date != dt.date(2026, 2, 1)


def test_a_cohort_and_a_staff_record_keep_their_dates_in_order(qi_lead_a, tree_a):
    spring = Cohort(name="Spring", starts=dt.date(2026, 3, 1), ends=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as cohort:
        spring.clean()
    assert cohort.value.message_dict == {"ends": ["A cohort cannot end before it starts"]}
    staff = StaffMember(
        provider=qi_lead_a.provider,
        staff_number="1",
        name="A",
        role_group="Nursing",
        unit=tree_a.ward,
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as leaving:
        staff.clean()
    assert list(leaving.value.message_dict) == ["end_date"]


def test_an_assessment_round_cannot_close_before_it_opens(client, api, qi_lead_a):
    framework = Framework.objects.first()
    later = dt.date.today() + dt.timedelta(days=30)
    assessment = AssessmentRound.objects.create(
        provider=qi_lead_a.provider, framework=framework, name="Next", opened=later
    )
    answer = api.patch(
        f"/api/assessment-rounds/{assessment.pk}/",
        {"closed": str(later - dt.timedelta(days=1))},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"closed": ["A round cannot close before it opens"]}
    client.login(username=qi_lead_a.email, password=PASSWORD)
    page = client.post(
        f"/assessment/rounds/{assessment.pk}/closing/", {"close": "yes"}, follow=True
    )
    assert "it cannot close before then" in page.content.decode()
    assessment.refresh_from_db()
    assert assessment.closed is None
