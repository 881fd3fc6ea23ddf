"""Self-assessment: the shipped frameworks, responses combined by domain, change over rounds."""

import datetime as dt
import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.assessment import selectors, services
from qijourney.assessment.models import (
    Action,
    AssessmentRound,
    Framework,
    Level,
    Response,
    Statement,
)
from qijourney.organisations.models import Person
from tests.factories import PASSWORD, PersonFactory


def test_shipped_frameworks_install_once(db):
    first = services.install_frameworks()
    again = services.install_frameworks()
    assert [f.pk for f in first] == [f.pk for f in again]
    impact = Framework.objects.get(key="nhs-impact")
    assert [d.name for d in impact.domains.all()] == [
        "Shared purpose and vision",
        "Investing in people and culture",
        "Developing leadership behaviours",
        "Building improvement capability and capacity",
        "Embedding improvement into management systems and processes",
    ]
    assert Framework.objects.get(key="health-foundation").domains.count() == 4
    statement = Statement.objects.filter(domain__framework=impact).first()
    assert list(statement.levels.values_list("rank", flat=True)) == [1, 2, 3, 4]
    assert Level.objects.filter(descriptor="").count() == 0


def test_responses_combine_by_domain_and_show_change(tree_a):
    framework = services.install_frameworks()[0]
    statements = list(Statement.objects.filter(domain__framework=framework))
    first_domain = statements[0].domain
    people = [PersonFactory(provider=tree_a.provider) for _ in range(3)]
    spring = AssessmentRound.objects.create(
        provider=tree_a.provider, framework=framework, name="Spring", opened=dt.date(2025, 3, 1)
    )
    autumn = AssessmentRound.objects.create(
        provider=tree_a.provider, framework=framework, name="Autumn", opened=dt.date(2025, 9, 1)
    )
    for person, rank in zip(people, (1, 2, 3), strict=True):
        services.respond(
            assessment=spring, respondent=person, answers={s.pk: rank for s in statements}
        )
        services.respond(
            assessment=autumn,
            respondent=person,
            answers={s.pk: min(rank + 1, 4) for s in statements},
        )
    spring_results = {r.domain: r for r in selectors.results(spring)}
    autumn_results = {r.domain: r for r in selectors.results(autumn)}
    assert spring_results[first_domain.name].score == 2.0
    assert spring_results[first_domain.name].respondents == 3
    assert spring_results[first_domain.name].change is None  # no earlier round
    assert autumn_results[first_domain.name].score == 3.0
    assert autumn_results[first_domain.name].change == 1.0


def test_answers_must_fit_the_framework(tree_a):
    impact, other = services.install_frameworks()[:2]
    assessment = AssessmentRound.objects.create(
        provider=tree_a.provider, framework=impact, name="R", opened=dt.date(2025, 1, 1)
    )
    person = PersonFactory(provider=tree_a.provider)
    foreign = Statement.objects.filter(domain__framework=other).first()
    with pytest.raises(ValueError, match="not in"):
        services.respond(assessment=assessment, respondent=person, answers={foreign.pk: 2})
    mine = Statement.objects.filter(domain__framework=impact).first()
    with pytest.raises(ValueError, match="Ranks run from 1 to 4"):
        services.respond(assessment=assessment, respondent=person, answers={mine.pk: 7})


def test_a_round_from_start_to_results(tree_a, client):

    lead = PersonFactory(provider=tree_a.provider, roles=["executive_lead"])
    nurse = PersonFactory(provider=tree_a.provider)
    services.install_frameworks()  # the migration's rows do not survive transactional tests
    board = Framework.objects.get(key="board-maturity")
    client.login(username=nurse.email, password=PASSWORD)
    assert client.get("/assessment/rounds/new/").status_code == 403
    client.login(username=lead.email, password=PASSWORD)
    response = client.post(
        "/assessment/rounds/new/",
        {"framework": board.pk, "name": "Board check 2026", "opened": "2026-01-10"},
    )
    assessment = AssessmentRound.objects.get(name="Board check 2026")
    assert response.status_code == 302
    statements = Statement.objects.filter(domain__framework=board)
    client.login(username=nurse.email, password=PASSWORD)
    client.post(
        f"/assessment/rounds/{assessment.pk}/respond/",
        {f"statement_{s.pk}": "3" for s in statements},
    )
    refused = client.post(
        f"/assessment/rounds/{assessment.pk}/actions/",
        {"domain": board.domains.first().pk, "text": "Train the board"},
    )
    assert refused.status_code == 403
    page = client.get(f"/assessment/rounds/{assessment.pk}/").content.decode()
    assert "3.0" in page and "Board understanding" in page
    assert assessment.responses.count() == statements.count()


def test_a_closed_round_keeps_its_answers(client, tree_a, qi_lead_a, nurse_a, impact):
    assessment = AssessmentRound.objects.create(
        provider=tree_a.provider, framework=impact, name="Autumn", opened=dt.date(2026, 9, 1)
    )
    statement = Statement.objects.filter(domain__framework=impact).first()
    field = f"statement_{statement.pk}"
    client.login(username=nurse_a.email, password=PASSWORD)
    client.post(f"/assessment/rounds/{assessment.pk}/respond/", {field: "2"})
    closing = f"/assessment/rounds/{assessment.pk}/closing/"
    assert client.post(closing, {"close": "yes"}).status_code == 403
    client.login(username=qi_lead_a.email, password=PASSWORD)
    client.post(closing, {"close": "yes"})
    assessment.refresh_from_db()
    assert assessment.closed == dt.date.today() and not selectors.is_open(assessment)
    client.login(username=nurse_a.email, password=PASSWORD)
    page = client.post(
        f"/assessment/rounds/{assessment.pk}/respond/", {field: "4"}, follow=True
    ).content.decode()
    assert "its answers no longer change" in page
    assert Response.objects.get(respondent=nurse_a).rank == 2
    assert "Save my answers" not in page
    client.login(username=qi_lead_a.email, password=PASSWORD)
    client.post(closing, {"close": "no"})
    assessment.refresh_from_db()
    assert assessment.closed is None


def test_an_actions_owner_moves_it_on(client, tree_a, qi_lead_a, nurse_a, impact):
    from qijourney.assessment.models import Action
    from qijourney.audit.models import AuditEvent

    assessment = AssessmentRound.objects.create(
        provider=tree_a.provider, framework=impact, name="Spring", opened=dt.date(2026, 3, 1)
    )
    domain = impact.domains.first()
    action = Action.objects.create(
        round=assessment, domain=domain, text="Coach every ward manager", owner=nurse_a
    )
    bystander = PersonFactory(provider=tree_a.provider)
    fields = {"domain": domain.pk, "text": action.text, "owner": nurse_a.pk, "status": "done"}
    client.login(username=bystander.email, password=PASSWORD)
    assert "The action" in client.get(f"/assessment/actions/{action.pk}/").content.decode()
    assert client.post(f"/assessment/actions/{action.pk}/", fields).status_code == 403
    client.login(username=nurse_a.email, password=PASSWORD)
    fields["status"] = "in_progress"
    assert client.post(f"/assessment/actions/{action.pk}/", fields).status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    event = AuditEvent.objects.get(subject_type="assessment.Action", action="update")
    assert event.changes["status"] == ["not_started", "in_progress"]


def test_an_owner_handing_an_action_over_keeps_the_form_when_it_has_a_mistake(
    client, tree_a, nurse_a, impact
):
    assessment = AssessmentRound.objects.create(
        provider=tree_a.provider, framework=impact, name="R", opened=dt.date(2025, 4, 1)
    )
    domain = impact.domains.first()
    action = Action.objects.create(round=assessment, domain=domain, text="Do it", owner=nurse_a)
    colleague = PersonFactory(provider=tree_a.provider)
    client.login(username=nurse_a.email, password=PASSWORD)
    page = client.post(
        f"/assessment/actions/{action.pk}/",
        {"domain": domain.pk, "text": "", "owner": colleague.pk, "status": action.status},
    )
    body = page.content.decode()
    assert page.status_code == 200 and "Save the action" in body and "There is a problem" in body
    action.refresh_from_db()
    assert (action.text, action.owner) == ("Do it", nurse_a)


def test_answers_are_their_respondents_own_even_for_a_superuser(tree_a, nurse_a, impact):
    assessment = AssessmentRound.objects.create(
        provider=tree_a.provider, framework=impact, name="R", opened=dt.date(2025, 4, 1)
    )
    statement = Statement.objects.filter(domain__framework=impact).first()
    answer = Response.objects.create(
        round=assessment, respondent=nurse_a, statement=statement, rank=2
    )
    boss = Person.objects.create_superuser(
        email="root@example.nhs.uk", password=PASSWORD, full_name="Root"
    )
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=boss).key}")
    response = client.patch(
        f"/api/assessment-responses/{answer.pk}/",
        json.dumps({"rank": 4}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert list(Response.objects.values_list("respondent", "rank")) == [(nurse_a.pk, 2)]


def test_a_round_needs_an_organisation(client, impact, db):
    boss = Person.objects.create_superuser(
        email="root@example.nhs.uk", password=PASSWORD, full_name="Root"
    )
    client.login(username=boss.email, password=PASSWORD)
    response = client.post(
        "/assessment/rounds/new/",
        {"framework": impact.pk, "name": "Spring", "opened": "2026-03-01"},
    )
    assert response.status_code == 403
    assert not AssessmentRound.objects.exists()
