"""Self-assessment through the API: the pages' rules for rounds, answers through the same
service (rank range, statement of the round's framework), results, and a clean schema."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from qijourney.assessment import services
from qijourney.assessment.models import AssessmentRound, Framework, Response, Statement
from qijourney.audit.models import AuditEvent
from tests.factories import PersonFactory


def api_for(person) -> Client:
    token, _ = Token.objects.get_or_create(user=person)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def round_a(tree_a, impact):
    return AssessmentRound.objects.create(
        provider=tree_a.provider, framework=impact, name="A spring", opened=dt.date(2025, 4, 1)
    )


@pytest.fixture
def round_b(tree_b, impact):
    assessment = AssessmentRound.objects.create(
        provider=tree_b.provider, framework=impact, name="B spring", opened=dt.date(2025, 4, 1)
    )
    services.respond(
        assessment=assessment,
        respondent=PersonFactory(provider=tree_b.provider),
        answers={Statement.objects.filter(domain__framework=impact).first().pk: 2},
    )
    return assessment


def first_statement(framework):
    return Statement.objects.filter(domain__framework=framework).first()


def test_managers_start_rounds_in_their_own_organisation(
    qi_lead_a, nurse_a, tree_a, tree_b, impact
):
    body = {
        "framework": impact.pk,
        "name": "Spring 2026",
        "opened": "2026-03-01",
        "provider": tree_b.provider.pk,  # ignored: the caller's organisation is used
    }
    refused = api_for(nurse_a).post(
        "/api/assessment-rounds/", body, content_type="application/json"
    )
    assert refused.status_code == 403
    response = api_for(qi_lead_a).post(
        "/api/assessment-rounds/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assessment = AssessmentRound.objects.get(pk=response.json()["id"])
    assert assessment.provider == tree_a.provider
    assert response.json()["provider"] == tree_a.provider.pk
    assert AuditEvent.objects.filter(action="create", subject_id=str(assessment.pk)).exists()


def test_a_round_may_not_use_another_organisations_framework(qi_lead_a, tree_b):
    theirs = Framework.objects.create(provider=tree_b.provider, key="ours", name="B's own")
    response = api_for(qi_lead_a).post(
        "/api/assessment-rounds/",
        {"framework": theirs.pk, "name": "X", "opened": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "framework" in response.json()["errors"]


def test_changing_a_round_sharing_and_keeping_its_framework(qi_lead_a, nurse_a, round_a):
    board = Framework.objects.get(key="board-maturity")
    url = f"/api/assessment-rounds/{round_a.pk}/"
    lead = api_for(qi_lead_a)
    moved = lead.patch(url, {"framework": board.pk}, content_type="application/json")
    assert moved.status_code == 400 and "keeps its framework" in str(moved.json())
    assert (
        api_for(nurse_a)
        .patch(url, {"shared_with_system": True}, content_type="application/json")
        .status_code
        == 403
    )
    shared = lead.patch(
        url,
        {"shared_with_system": True, "name": "A spring (final)"},
        content_type="application/json",
    )
    assert shared.status_code == 200, shared.json()
    round_a.refresh_from_db()
    assert round_a.shared_with_system and round_a.name == "A spring (final)"
    changes = [e.changes for e in AuditEvent.objects.filter(subject_id=str(round_a.pk))]
    assert {"shared_with_system": ["False", "True"]} in changes
    assert {"name": ["A spring", "A spring (final)"]} in changes


def test_rounds_and_results_are_scoped(nurse_a, round_a, round_b, impact):
    api = api_for(nurse_a)
    services.respond(
        assessment=round_a, respondent=nurse_a, answers={first_statement(impact).pk: 4}
    )
    listed = api.get("/api/assessment-rounds/").json()["results"]
    assert [r["id"] for r in listed] == [round_a.pk]
    results = api.get(f"/api/assessment-rounds/{round_a.pk}/results/").json()
    assert results[0] == {
        "domain": "Shared purpose and vision",
        "score": 4.0,
        "respondents": 1,
        "change": None,
    }
    assert api.get(f"/api/assessment-rounds/{round_b.pk}/").status_code == 404
    assert api.get(f"/api/assessment-rounds/{round_b.pk}/results/").status_code == 404
    # Shared with the system or not, the API reads only your own organisation's rounds.
    round_b.shared_with_system = True
    round_b.save()
    assert api.get(f"/api/assessment-rounds/{round_b.pk}/results/").status_code == 404


def test_answering_through_the_api(nurse_a, round_a, round_b, impact):
    api = api_for(nurse_a)
    statement = first_statement(impact)
    given = api.post(
        "/api/assessment-responses/",
        {"round": round_a.pk, "statement": statement.pk, "rank": 3},
        content_type="application/json",
    )
    assert given.status_code == 201, given.json()
    assert given.json()["respondent"] == nurse_a.pk
    again = api.patch(
        f"/api/assessment-responses/{given.json()['id']}/",
        {"rank": 4},
        content_type="application/json",
    )
    assert again.status_code == 200 and again.json()["rank"] == 4
    assert Response.objects.get(round=round_a, respondent=nurse_a).rank == 4
    assert AuditEvent.objects.filter(subject_id=str(round_a.pk), actor=nurse_a).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rank": 5}, "rank"),
        ({"rank": 0}, "rank"),
        ({"statement": "board"}, "statement"),
        ({"round": "b"}, "round"),
    ],
)
def test_answers_are_validated(nurse_a, round_a, round_b, impact, change, field):
    body = {"round": round_a.pk, "statement": first_statement(impact).pk, "rank": 2}
    if change.get("statement") == "board":
        change = {"statement": first_statement(Framework.objects.get(key="board-maturity")).pk}
    if change.get("round") == "b":
        change = {"round": round_b.pk}  # another organisation's round: not found for you
    body.update(change)
    response = api_for(nurse_a).post(
        "/api/assessment-responses/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not Response.objects.filter(respondent=nurse_a).exists()


def test_an_answer_stays_with_its_statement(nurse_a, round_a, impact):
    statement, other = Statement.objects.filter(domain__framework=impact)[:2]
    services.respond(assessment=round_a, respondent=nurse_a, answers={statement.pk: 2})
    answer = Response.objects.get(respondent=nurse_a)
    response = api_for(nurse_a).patch(
        f"/api/assessment-responses/{answer.pk}/",
        {"statement": other.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "stays with its round" in str(response.json())


def test_who_reads_and_changes_which_answers(qi_lead_a, nurse_a, tree_a, round_a, round_b, impact):
    colleague = PersonFactory(provider=tree_a.provider)
    statement = first_statement(impact)
    for person in (nurse_a, colleague):
        services.respond(assessment=round_a, respondent=person, answers={statement.pk: 2})
    mine = api_for(nurse_a).get("/api/assessment-responses/").json()["results"]
    assert [r["respondent"] for r in mine] == [nurse_a.pk]
    everyone = api_for(qi_lead_a).get("/api/assessment-responses/").json()["results"]
    assert sorted(r["respondent"] for r in everyone) == sorted([nurse_a.pk, colleague.pk])
    # Managers read others' answers but do not change them.
    theirs = Response.objects.get(respondent=colleague)
    refused = api_for(qi_lead_a).patch(
        f"/api/assessment-responses/{theirs.pk}/", {"rank": 4}, content_type="application/json"
    )
    assert refused.status_code == 403
    theirs.refresh_from_db()
    assert theirs.rank == 2
    # A colleague's answer is not even found by someone who is not a manager.
    assert api_for(nurse_a).get(f"/api/assessment-responses/{theirs.pk}/").status_code == 404


def test_schema_lists_assessment_endpoints_without_warnings(nurse_a, tmp_path):
    schema = api_for(nurse_a).get("/api/openapi.json").json()
    assert {
        "/api/assessment-rounds/",
        "/api/assessment-rounds/{id}/",
        "/api/assessment-rounds/{id}/results/",
        "/api/assessment-responses/",
        "/api/assessment-responses/{id}/",
    } <= set(schema["paths"])
    rank = schema["components"]["schemas"]["ResponseRequest"]["properties"]["rank"]
    assert (rank["minimum"], rank["maximum"]) == (1, 4)
    # drf-spectacular reports problems on stderr; --fail-on-warn turns them into an error.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"))


def test_a_closed_round_refuses_answers_through_the_api(nurse_a, round_a, impact):
    round_a.closed = dt.date.today()
    round_a.save()
    refused = api_for(nurse_a).post(
        "/api/assessment-responses/",
        {"round": round_a.pk, "statement": first_statement(impact).pk, "rank": 3},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "no longer change" in str(refused.json())
    assert not Response.objects.exists()
